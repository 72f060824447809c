"""Validation: every rule runs over the whole project and adds problems; nothing stops early."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog.load import read_project
from ..catalog.model import Catalog
from ..problems import Problem, Severity, sort_key
from . import cross_references, duplicates, links, text_hygiene


@dataclass
class ValidationResult:
    catalog: Catalog
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


RULES = (
    cross_references.check,
    duplicates.check,
    links.check,
    text_hygiene.check,
)


def validate_project(root: Path) -> ValidationResult:
    catalog, documents, problems = read_project(root)
    for rule in RULES:
        problems.extend(rule(catalog, documents))
    unique = sorted(set(problems), key=sort_key)
    return ValidationResult(catalog, unique)
