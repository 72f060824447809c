"""Figures of the source redrawn from data: content/figures/<id>.yaml, read and checked.

A figure file holds what a figure of the 2024 toolbox shows (its kind, caption, items and text
alternative); views/figures/ draws it. A line ``[[figuur:<id>]]`` in prose places it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..problems import Problem, problem_at
from .yaml_source import Position, YamlLoadError, load_yaml_file

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


def shortcodes(markdown: str) -> Iterator[tuple[str, int, int]]:
    """(figure id, line, column) of every shortcode in ``markdown`` (1-based)."""
    for match in SHORTCODE.finditer(markdown):
        line = markdown.count("\n", 0, match.start()) + 1
        yield match.group(1), line, 1
