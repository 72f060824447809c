"""The compiled validity check (fastjsonschema) in front of jsonschema never lets through a
document that jsonschema refuses.

The gate only answers "valid?"; jsonschema words every violation. If the gate passed an invalid
document, its violations would go unreported, so the property below mutates the bundled
documents of every schema (wrong types, odd strings, impossible dates, missing and unknown
fields) and compares the two libraries on each mutation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toolbox_build.catalog.schema_check import (
    GATE_KEYWORDS,
    SCHEMA_NAMES,
    _validator,
    passes_gate,
    schema_keywords,
    schema_violations,
    validity_gate,
)
from toolbox_build.catalog.yaml_source import SourceMap, load_markdown_file, load_yaml_file

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTENT = REPO_ROOT / "content"

GATE = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _documents() -> dict[str, list[Any]]:
    """The bundled documents of each schema."""
    docs: dict[str, list[Any]] = {
        "tool": [load_yaml_file(p)[0] for p in sorted((REPO_ROOT / "tools_catalog").glob("*"))],
        "page": [load_markdown_file(p)[0] for p in sorted(CONTENT.rglob("*.md"))],
    }
    for name in SCHEMA_NAMES:
        file = CONTENT / f"{name}.yaml"
        if file.is_file():
            docs[name] = [load_yaml_file(file)[0]]
    return docs


DOCUMENTS = _documents()
GATED = sorted(name for name in DOCUMENTS if validity_gate(name) is not None)

# Values that sit on the edges of the schemas' rules.
EDGE_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "x" * 201,
        "x" * 2001,
        "2024-02-30",
        "2024-02-29",
        "2023-02-29",
        "24-02-01",
        "2024-2-1",
        "２０２４-01-01",
        "Departement-Zorg",
        "departement zorg",
        "departement-zorg",
        "-zorg",
        "zorg-",
        "a--b",
        "nl",
        "#00584d",
        "#00584",
        "https://example.org",
        "javascript:alert(1)",
        "\u202e",
        "é",
    ]
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, 1.0, 2.0, -1.0]),
    st.text(max_size=30),
    EDGE_STRINGS,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), EDGE_STRINGS), inner, max_size=3),
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, sub in value.items():
            found += _paths(sub, (*prefix, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += _paths(sub, (*prefix, index))
    return found


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(GATED))
    document = _copy(draw(st.sampled_from(DOCUMENTS[name])))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "edge", "delete", "add", "duplicate"]))
        if not path:
            if action == "replace":
                document = draw(JSON_VALUES)
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        if action == "replace":
            parent[last] = draw(JSON_VALUES)
        elif action == "edge":
            parent[last] = draw(EDGE_STRINGS)
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent[last], dict):
            parent[last][draw(st.one_of(EDGE_STRINGS, st.text(max_size=10)))] = draw(JSON_VALUES)
        elif action == "duplicate" and isinstance(parent[last], list) and parent[last]:
            parent[last].append(_copy(parent[last][0]))
    return name, document


def _jsonschema_errors(name: str, document: Any) -> list[str]:
    return [error.message for error in _validator(name).iter_errors(document)]


def test_every_bundled_schema_is_gated_and_passes_its_own_documents() -> None:
    # Without this, a gate that refused everything would pass the property below and only
    # make validation slow.
    assert set(GATED) == set(DOCUMENTS), {n: schema_keywords(n) - GATE_KEYWORDS for n in DOCUMENTS}
    for name in GATED:
        for document in DOCUMENTS[name]:
            assert not _jsonschema_errors(name, document), name
            assert passes_gate(name, document), name


@pytest.mark.parametrize(
    ("name", "change", "value"),
    [
        ("tool", "last_checked", "2024-02-30"),  # a date format the gate's own regex would pass
        ("tool", "last_checked", "２０２４-01-01"),  # full-width digits match Python's \d
        ("tool", "name", ""),
        ("tool", "owner", "Departement-Zorg"),
        ("tool", "formats", ["video", "video"]),
        ("tool", "links", True),
        ("tool", "placements", [{"fiche": "a-visie", "order": True}]),
        ("tool", "placements", [{"fiche": "a-visie", "order": 1.5}]),
    ],
)
def test_gate_refuses_what_jsonschema_refuses(name: str, change: str, value: Any) -> None:
    document = _copy(DOCUMENTS[name][0]) | {change: value}
    assert _jsonschema_errors(name, document)
    assert not passes_gate(name, document)
    # ... and the contributor still gets jsonschema's violations, worded.
    assert list(schema_violations(name, document, SourceMap()))


@GATE
@given(case=mutated_documents())
@example(case=("tool", {**_copy(DOCUMENTS["tool"][0]), "last_checked": "2024-02-30"}))
def test_gate_never_passes_what_jsonschema_refuses(case: tuple[str, Any]) -> None:
    name, document = case
    if passes_gate(name, document):
        assert _jsonschema_errors(name, document) == []
