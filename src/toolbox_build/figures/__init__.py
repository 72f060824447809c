"""Figures drawn from data, the same on the website and in the PDF edition.

A figure lives in ``content/figures/<id>.yaml`` (schema: ``figures/schemas/figure.schema.json``).
Prose places it with a line of its own, ``[[figuur:<id>]]``. Both renderers call
:func:`expand_figures`, which cuts the prose at those lines, lets the renderer handle each piece
of prose as usual (sanitising included) and puts the figure's HTML between the pieces, so the
drawing never passes through the prose sanitiser and is identical in both outputs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from markupsafe import escape

from ..catalog.yaml_source import Position, YamlLoadError, load_yaml_file
from ..problems import Problem
from .diagrams import DRAWINGS

FIGURES_DIR = "content/figures"
SHORTCODE = re.compile(r"^\[\[figuur:([^\]\s]*)\]\][ \t]*$", re.M)


@dataclass(frozen=True)
class Figure:
    id: str
    number: int
    caption: str
    kind: str
    items: list[str]
    alt: str
    centre: str | None = None
    checklist: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    checklist_title: str | None = None

    @property
    def label(self) -> str:
        return f"Figuur {self.number}: {self.caption}"


@cache
def figure_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas/figure.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _schema_message(error: Any) -> tuple[str, str]:
    """A Dutch message and hint for a schema violation."""
    name = ".".join(str(p) for p in error.absolute_path) or "de figuur"
    kind = error.validator
    if kind == "required":
        missing = re.findall(r"'([^']+)'", error.message)[:1] or ["?"]
        return f"verplicht veld '{missing[0]}' ontbreekt", "zie figure.schema.json voor de velden"
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(figure_schema()["properties"]))
        return f"onbekend veld in {name}", f"toegelaten velden: {allowed}"
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"ongeldige waarde voor '{name}'", f"kies uit: {allowed}"
    if kind in ("minItems", "maxItems"):
        return (
            f"'{name}' heeft te weinig of te veel elementen",
            "een figuur toont minstens 2 en hoogstens 12 stappen, onderdelen of velden",
        )
    if kind in ("minLength", "maxLength"):
        return f"'{name}' is te kort of te lang", "zie figure.schema.json voor de grenzen"
    if kind == "pattern":
        return (
            f"'{name}' heeft een ongeldige vorm",
            "gebruik kleine letters, cijfers en koppeltekens",
        )
    if kind == "type":
        return f"'{name}' heeft het verkeerde type", f"verwacht: {error.validator_value}"
    return f"'{name}' voldoet niet aan het schema", "zie figure.schema.json"


def load_figures(root: Path) -> tuple[dict[str, Figure], list[Problem]]:
    """Every figure of the project, and the problems of the files that are not valid."""
    from ..validate.report import problem_at

    figures: dict[str, Figure] = {}
    problems: list[Problem] = []
    folder = root / FIGURES_DIR
    validator = Draft202012Validator(figure_schema())
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data, source = load_yaml_file(path)
        except YamlLoadError as exc:
            where = Position(exc.line, exc.column)
            problems.append(problem_at(path, where, exc.code, exc.message, exc.hint))
            continue
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
        for error in errors:
            message, hint = _schema_message(error)
            where = source.value(tuple(error.absolute_path))
            problems.append(problem_at(path, where, "figure-schema", message, hint))
        if errors:
            continue
        if data["id"] != path.stem:
            problems.append(
                problem_at(
                    path,
                    source.value(("id",)),
                    "figure-id",
                    f"id '{data['id']}' verschilt van de bestandsnaam '{path.name}'",
                    f"noem het bestand {data['id']}.yaml of pas het id aan",
                )
            )
            continue
        figures[data["id"]] = Figure(
            id=data["id"],
            number=data["number"],
            caption=data["caption"],
            kind=data["kind"],
            items=list(data["items"]),
            alt=data["alt"],
            centre=data.get("centre"),
            checklist=list(data.get("checklist", [])),
            columns=list(data.get("columns", [])),
            checklist_title=data.get("checklist_title"),
        )
    return figures, problems


def figure_svg(figure: Figure) -> str:
    # The title is the whole text alternative: WeasyPrint makes it the PDF's /Alt.
    title = f"{figure.label}. {figure.alt}"
    key = f"zb-fig-{figure.id}"
    if figure.kind == "card":
        return DRAWINGS["card"](
            key,
            title,
            figure.alt,
            figure.items,
            figure.centre,
            figure.checklist,
            figure.columns,
            figure.checklist_title,
        )
    return DRAWINGS[figure.kind](key, title, figure.alt, figure.items, figure.centre)


def figure_html(figure: Figure) -> str:
    """The figure as an HTML block: the drawing (title and description inside) and a caption."""
    return (
        f'<figure class="zb-figure" id="figuur-{figure.id}">\n'
        f"{figure_svg(figure)}\n"
        f"<figcaption>{escape(figure.label)}</figcaption>\n"
        "</figure>"
    )


def expand_figures(markdown: str, figures: dict[str, Figure], prose: Callable[[str], str]) -> str:
    """Render ``markdown`` piece by piece with ``prose``, with the figures between the pieces.

    A shortcode naming no known figure stays in the prose as written (the validator reports it).
    """
    parts: list[str] = []
    start = 0
    for match in SHORTCODE.finditer(markdown):
        figure = figures.get(match.group(1))
        if figure is None:
            continue
        parts.append(prose(markdown[start : match.start()]))
        parts.append(figure_html(figure))
        start = match.end()
    if not parts:
        return prose(markdown)
    parts.append(prose(markdown[start:]))
    return "\n\n".join(parts)


def shortcodes(markdown: str) -> Iterator[tuple[str, int, int]]:
    """(figure id, line, column) of every shortcode in ``markdown`` (1-based)."""
    for match in SHORTCODE.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        yield match.group(1), line, 1


def check(catalog: Any, documents: list[Any]) -> Iterator[Problem]:
    """Validator rule: every shortcode in the prose names a figure."""
    from ..validate.report import problem_at

    figures = catalog.figures  # read (and their files checked) with the project
    known = ", ".join(sorted(figures)) or "(nog geen)"
    for doc in documents:
        for figure_id, line, column in shortcodes(doc.body or ""):
            if figure_id not in figures:
                yield problem_at(
                    doc.path,
                    Position(doc.body_line + line - 1, column),
                    "unknown-figure",
                    f"onbekende figuur '{figure_id}'",
                    f"bestaande figuren: {known}",
                )
