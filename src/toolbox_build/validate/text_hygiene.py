"""Text that looks fine on screen but is wrong: look-alike letters, placeholders, blank text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..catalog.yaml_source import JsonPath, Position
from ..problems import Problem, Severity, problem_at

WORD = re.compile(r"\w+")
PLACEHOLDER = re.compile(
    r"\[[^\]]*nog toe te voegen[^\]]*\]|\[[^\]]*toevoegen[^\]]*\]|\bnog (?:in )?te vullen\b"
    r"|\bTODO\b|\bFIXME\b|\bXXX\b|\blorem ipsum\b|\btbd\b",
    re.IGNORECASE,
)
# Words every placeholder above contains: a plain substring test on lowercased text is many times
# faster than the pattern, which then runs only where one of them occurs.
_PLACEHOLDER_WORDS = (
    "toe te voegen",
    "toevoegen",
    "te vullen",
    "todo",
    "fixme",
    "xxx",
    "lorem",
    "tbd",
)


def has_placeholder(text: str) -> bool:
    lower = text.lower()
    return any(word in lower for word in _PLACEHOLDER_WORDS) and bool(PLACEHOLDER.search(text))


_SCRIPT_NAMES = {"LATIN": "Latijnse", "CYRILLIC": "Cyrillische", "GREEK": "Griekse"}
# Characters that do not show but change what a reader sees: bidirectional controls reverse the
# order of the letters after them ("Trojan Source"), zero-width characters hide inside words and
# make two names that look the same differ.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE = re.compile(f"[{_BIDI}{_ZERO_WIDTH}]")


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for doc in documents:
        texts = plain_strings(doc.data)
        joined = "\n".join(texts)
        if not (joined.isascii() and not has_placeholder(joined) and all(map(_filled, texts))):
            # Something to report somewhere in this document (nearly every record has not):
            # look at each string, with its place.
            for path, text in strings_in(doc.data):
                if text.isascii() and not has_placeholder(text) and _filled(text):
                    continue
                yield from _text_problems(doc, doc.source.value(path), text, _label(path))
        if doc.body:
            for offset, line in enumerate(doc.body.splitlines()):
                yield from _text_problems(
                    doc, Position(doc.body_line + offset, 1), line, "tekst", body=True
                )


def mixed_script_letters(word: str) -> dict[str, list[str]] | None:
    """For a word that mixes Latin with Cyrillic or Greek letters: script -> its letters there."""
    if word.isascii():
        return None
    scripts: dict[str, list[str]] = {}
    for char in word:
        if not char.isalpha():
            continue
        script = unicodedata.name(char, "").split(" ", 1)[0]
        if script in _SCRIPT_NAMES:
            scripts.setdefault(script, []).append(char)
    if "LATIN" in scripts and len(scripts) > 1:
        return scripts
    return None


def _text_problems(
    doc: RawDocument, pos: Position, text: str, label: str, body: bool = False
) -> Iterator[Problem]:
    if not body and not text.strip():
        yield problem_at(
            doc.path,
            pos,
            "blank-text",
            f"{label} bevat enkel witruimte",
            "vul een tekst in of verwijder het veld",
        )
        return
    if not text.isascii():
        yield from _invisible(doc, pos, text, label, body)
        for match in WORD.finditer(text):
            scripts = mixed_script_letters(match.group())
            if scripts:
                foreign = [s for s in scripts if s != "LATIN"]
                letters = ", ".join(ch for s in foreign for ch in dict.fromkeys(scripts[s]))
                names = " en ".join(_SCRIPT_NAMES[s] for s in foreign)
                where = Position(pos.line, pos.column + match.start()) if body else pos
                yield problem_at(
                    doc.path,
                    where,
                    "mixed-script",
                    f"{label}: woord '{match.group()}' mengt Latijnse en {names} letters "
                    f"({letters})",
                    "typ het woord opnieuw met gewone (Latijnse) letters",
                )
    for match in PLACEHOLDER.finditer(text):
        where = Position(pos.line, pos.column + match.start()) if body else pos
        yield problem_at(
            doc.path,
            where,
            "placeholder",
            f"{label} bevat een tijdelijke aanduiding '{match.group()}'",
            "vul de echte inhoud in; ontbreekt een link nog, laat de link weg en zet "
            "'status: link-volgt'",
        )


def _invisible(
    doc: RawDocument, pos: Position, text: str, label: str, body: bool
) -> Iterator[Problem]:
    found = list(INVISIBLE.finditer(text))
    if not found:
        return
    codes = ", ".join(
        f"U+{ord(ch):04X} ({'richtingsteken' if ch in _BIDI else 'teken zonder breedte'})"
        for ch in dict.fromkeys(m.group() for m in found)
    )
    where = Position(pos.line, pos.column + found[0].start()) if body else pos
    yield problem_at(
        doc.path,
        where,
        "invisible-character",
        f"{label} bevat onzichtbare tekens: {codes}",
        "zulke tekens keren de leesrichting om of verstoppen zich in een woord; typ de tekst "
        "opnieuw zonder ze (kopiëren uit een andere toepassing brengt ze vaak mee)",
        Severity.WARNING,
    )


def _filled(text: str) -> bool:
    return bool(text) and not text.isspace()


def plain_strings(value: Any) -> list[str]:
    """Every string inside a parsed document, without its path (cheaper, for a first look)."""
    found: list[str] = []
    _collect_plain(value, found)
    return found


def _collect_plain(value: Any, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _collect_plain(item, found)
    elif isinstance(value, list):
        for item in value:
            _collect_plain(item, found)


def strings_in(value: Any, path: JsonPath = ()) -> list[tuple[JsonPath, str]]:
    """Every string inside a parsed document, with the path that leads to it, in document
    order. (A list built in one pass: nested generators cost more than the checks themselves
    at 15,000 records.)"""
    found: list[tuple[JsonPath, str]] = []
    _collect_strings(value, path, found)
    return found


def _collect_strings(value: Any, path: JsonPath, found: list[tuple[JsonPath, str]]) -> None:
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_strings(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_strings(item, (*path, index), found)


def _label(path: JsonPath) -> str:
    if not path:
        return "tekst"
    return (
        "veld '"
        + ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")
        + "'"
    )
