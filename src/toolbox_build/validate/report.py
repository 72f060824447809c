"""A small helper every rule uses to create problems at a record's field."""

from __future__ import annotations

from pathlib import Path

from ..catalog.yaml_source import Position
from ..problems import Problem, Severity, display_path


def problem_at(
    path: Path,
    pos: Position,
    code: str,
    message: str,
    hint: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(display_path(path), pos.line, pos.column, severity, code, message, hint)
