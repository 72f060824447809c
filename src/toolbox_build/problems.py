"""Problems found while reading or validating a project, and how they are reported.

Every check appends :class:`Problem` objects to a list; nothing is printed until all checks ran.
Messages are Dutch (the contributors' language); codes are stable English identifiers.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol


class Severity(StrEnum):
    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def format_text(self) -> str:
        where = f"{safe_text(self.path)}:{self.line}:{self.column}"
        text = f"{where}: {self.severity.value} [{self.code}] {safe_text(self.message)}"
        return f"{text} — {safe_text(self.hint)}" if self.hint else text

    def format_github(self) -> str:
        level = "error" if self.severity is Severity.ERROR else "warning"
        body = f"[{self.code}] {self.message}" + (f" — {self.hint}" if self.hint else "")
        return (
            f"::{level} file={_escape_property(self.path)},line={self.line},col={self.column},"
            f"title={_escape_property(self.code)}::{_escape_data(body)}"
        )


# Control characters (ESC starts terminal escape sequences), and the bidirectional and
# invisible formatting characters that make text display differently from what it is.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def safe_text(text: str) -> str:
    """``text`` for a terminal or a log: control and bidi characters shown as escapes
    ('\\x1b', '\\u202e'), so a value from a record cannot move the cursor, recolour the
    terminal or reorder what the reader sees."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE_CHARS.sub(escape, text)


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, so editors can open it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.code)


def summary(problems: Iterable[Problem], checked_files: int) -> str:
    problems = list(problems)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    files = f"{checked_files} bestand" + ("" if checked_files == 1 else "en")
    return f"{files} gecontroleerd: {errors} fout(en), {warnings} waarschuwing(en)."


def render(problems: list[Problem], fmt: str, checked_files: int) -> str:
    ordered = sorted(problems, key=sort_key)
    if fmt == "json":
        rows = [asdict(p) | {"severity": p.severity.value} for p in ordered]
        errors = sum(p.severity is Severity.ERROR for p in ordered)
        payload = {
            "checked_files": checked_files,
            "errors": errors,
            "warnings": len(ordered) - errors,
            "problems": rows,
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt == "summary":
        return markdown_summary(ordered, checked_files)
    if fmt == "github":
        lines = [p.format_github() for p in ordered]
        lines += _annotation_limit_notice(ordered)
    else:
        lines = [p.format_text() for p in ordered]
    lines.append(summary(ordered, checked_files))
    return "\n".join(lines)


# GitHub shows at most this many error (and as many warning) annotations of one step.
ANNOTATION_LIMIT = 10


def _annotation_limit_notice(problems: list[Problem]) -> list[str]:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if max(errors, len(problems) - errors) <= ANNOTATION_LIMIT:
        return []
    text = (
        f"{len(problems)} problemen gevonden; GitHub toont er per soort hoogstens "
        f"{ANNOTATION_LIMIT} bij de bestanden. De volledige lijst, per bestand en met de "
        "oplossing, staat in de samenvatting van deze controle."
    )
    return [f"::notice title={_escape_property('alle problemen')}::{_escape_data(text)}"]


SUMMARY_TITLE = "## Controle van de toolbox"
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+!|<>~&")


def markdown_text(value: str) -> str:
    """Contributed text as inert Markdown: every character Markdown or HTML could act on escaped."""
    out = []
    for char in " ".join(value.split()):
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char in _MARKDOWN_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _code_span(value: str) -> str:
    return " ".join(value.replace("`", "'").split())


def markdown_summary(problems: Iterable[Problem], checked_files: int) -> str:
    """Markdown in Dutch for a job summary: problems grouped by file, each with its fix."""
    ordered = sorted(problems, key=sort_key)
    lines = [SUMMARY_TITLE, ""]
    if not ordered:
        lines.append(f"Geen problemen gevonden. {summary(ordered, checked_files)}")
        return "\n".join(lines)
    lines += [
        summary(ordered, checked_files),
        "",
        "Hieronder staat per bestand wat er mis is en hoe je het oplost. Open het bestand, "
        "ga naar de vermelde regel, pas het aan en bewaar: de controle loopt dan opnieuw.",
    ]
    by_file: dict[str, list[Problem]] = {}
    for problem in ordered:
        by_file.setdefault(problem.path, []).append(problem)
    for path, found in by_file.items():
        lines += ["", f"### `{_code_span(path)}`", ""]
        for p in found:
            kind = "Fout" if p.severity is Severity.ERROR else "Waarschuwing"
            item = (
                f"- **{kind}** op regel {p.line}, kolom {p.column} "
                f"({markdown_text(p.code)}): {markdown_text(p.message)}"
            )
            if p.hint:
                item += f"  \n  **Oplossing:** {markdown_text(p.hint)}"
            lines.append(item)
    return "\n".join(lines)


def _escape_data(value: str) -> str:
    # GitHub workflow command escaping, see "Workflow commands for GitHub Actions".
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


class Located(Protocol):
    """A place in a file (catalog.yaml_source.Position has these)."""

    line: int
    column: int


def problem_at(
    path: Path,
    pos: Located,
    code: str,
    message: str,
    hint: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    """A problem at ``pos`` in ``path``: the one way rules and readers create one."""
    return Problem(display_path(path), pos.line, pos.column, severity, code, message, hint)
