"""The package's layers hold: imports point down only, outputs stand side by side, no cycles.

    cli                      the command
    contribute/              contributor tools (scaffold, proposals, issue forms, link check)
    site/ pdf/ edition/ data/    the outputs, side by side: none imports another
    views/                   what the outputs show alike (URL scheme, routes, figures, tables)
    validate/                rules beyond the schemas
    catalog/, settings       reading, the typed model, settings, earlier editions
    problems, forked         the problem type; work split over two processes

Read from the source with ``ast``, so an import hidden inside a function counts too (only
``cli.py`` may import inside a function: it keeps `toolbox --help` fast).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "toolbox_build"
OUTPUTS = ("site", "pdf", "edition", "data")
LAYERS = [
    ("base", ("problems", "forked", "")),
    ("model", ("catalog", "settings")),
    ("validate", ("validate",)),
    ("views", ("views",)),
    ("outputs", OUTPUTS),
    ("contribute", ("contribute",)),
    ("cli", ("cli",)),
]


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_module(name: str) -> bool:
    path = PACKAGE.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports() -> dict[str, list[tuple[str, bool]]]:
    """module -> [(imported module, inside a function?)], package-relative names."""
    found: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                nested.update(id(n) for n in ast.walk(node) if n is not node)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join([*base, node.module] if node.module else base)
                if node.module is None:  # from . import x: x is a module, or a name in prefix
                    targets = [
                        ".".join(filter(None, [prefix, a.name]))
                        if _is_module(".".join(filter(None, [prefix, a.name])))
                        else prefix
                        for a in node.names
                    ]
                else:
                    targets = [prefix]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "toolbox_build"
            ):
                targets = [node.module.removeprefix("toolbox_build").lstrip(".")]
            for target in targets:
                found[module].append((target, id(node) in nested))
    return found


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for number, (_, tops) in enumerate(LAYERS):
        if top in tops:
            return number
    raise AssertionError(f"module {module!r} belongs to no layer: add it to LAYERS")


IMPORTS = _imports()


def test_every_module_has_a_layer():
    for module in IMPORTS:
        _layer(module)


def test_imports_point_down_or_sideways_within_one_package():
    upward = [
        f"{module} -> {target}"
        for module, targets in IMPORTS.items()
        for target, _ in targets
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_no_output_imports_another_output():
    crossing = [
        f"{module} -> {target}"
        for module, targets in IMPORTS.items()
        for target, _ in targets
        if module.split(".")[0] in OUTPUTS
        and target.split(".")[0] in OUTPUTS
        and target.split(".")[0] != module.split(".")[0]
    ]
    assert crossing == []


def test_only_the_command_imports_inside_functions():
    hidden = [
        f"{module} -> {target}"
        for module, targets in IMPORTS.items()
        for target, inside in targets
        if inside and module != "cli"
    ]
    assert hidden == []


def test_no_import_cycles():
    graph = {m: {t for t, _ in targets if t in IMPORTS} for m, targets in IMPORTS.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt == node.rpartition(".")[0] or node == nxt:
                continue  # a package's __init__ importing its own submodule is not a cycle
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize(
    ("module", "target", "allowed"),
    [
        ("pdf.document", "site.pages", False),
        ("catalog.load", "validate.cross_references", False),
        ("views.routes", "catalog.model", True),
    ],
)
def test_the_checks_see_what_they_must(module, target, allowed):
    # The rules above judge these examples as the layer picture says.
    upward = _layer(target) > _layer(module)
    crossing = (
        module.split(".")[0] in OUTPUTS
        and target.split(".")[0] in OUTPUTS
        and module.split(".")[0] != target.split(".")[0]
    )
    assert (not upward and not crossing) == allowed
