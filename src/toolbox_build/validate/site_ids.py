"""Prose may not take an id the site itself uses.

The theme overrides (overrides/) give elements ids that their scripts look up: the search dialog
(`zb-search`), the catalogue filters, the reader-role form. Prose can set ids too, with a Markdown
attribute list (`{ #zb-search }`, `{ id=… }`), with raw HTML (`<span id="…">`) or through the
anchor of a heading. A second element with the same id makes `getElementById` find the wrong
one, so the search or the filters break on that page. This rule refuses those ids on their line.

The site's ids are collected from the project's overrides/ once per run (`site_ids`): every id
an override writes or looks up, plus the two prefixes that are the site's by convention (`zb-`
for this project's own elements, `__` for Material's: `__drawer`, `__search`, …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markdown.extensions.toc import slugify

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..catalog.yaml_source import Position
from ..problems import Problem, problem_at

THEME_FOLDER = "overrides"
RESERVED_PREFIXES = ("zb-", "__")
THEME_SUFFIXES = frozenset({".html", ".js", ".css"})
MAX_THEME_FILE = 1024 * 1024
# Where overrides write an id or refer to one: id="…" (also `element.id = "…"` in scripts),
# getElementById("…"), querySelector("#…"), and the attributes that name ids.
_THEME_IDS = (
    re.compile(r"""\bid\s*=\s*["'](?P<ids>[^"'{}<>%]+)["']"""),
    re.compile(r"""getElementById\(\s*["'](?P<ids>[^"']+)["']"""),
    re.compile(r"""querySelector(?:All)?\(\s*["']#(?P<ids>[\w-]+)"""),
    re.compile(
        r"""\b(?:for|aria-(?:controls|labelledby|describedby))\s*=\s*["'](?P<ids>[^"'{}<>%]+)["']"""
    ),
)
# Prose: `{ #id }` / `{: #id .class }` and `{ id="…" }` in an attribute list; id= in raw HTML is
# read by the HTML parser; an ATX heading gets the anchor Python-Markdown's toc makes of it.
_ATTR_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*)\}")
_ATTR_ID = re.compile(
    r"""(?:^|\s)(?:\#(?P<hash>[^\s#.{}=]+)|id\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]+)))"""
)
_HTML_ID = re.compile(r"\s(?P<name>id)\s*=", re.I)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)[ \t]*$", re.M)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class ProseId:
    value: str
    line: int  # 1-based, within the prose
    column: int


def site_ids(root: Path) -> dict[str, str]:
    """Every id the project's theme overrides use, with the first file (relative to the
    project) that uses it. Links and oversized files are skipped (safe_files reports links)."""
    found: dict[str, str] = {}
    folder = root / THEME_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return found
    for path in sorted(folder.rglob("*")):
        if path.suffix not in THEME_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        if any(p.is_symlink() for p in path.parents if folder in p.parents):
            continue
        if path.stat().st_size > MAX_THEME_FILE:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(root).as_posix()
        for pattern in _THEME_IDS:
            for match in pattern.finditer(text):
                for value in match.group("ids").split():
                    found.setdefault(value, where)
    return found


def _masked(text: str) -> str:
    """Code spans blanked (same length and lines): what is between backticks sets no id."""
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


class _IdScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[ProseId] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        for name, value in attrs:
            if name == "id" and value:
                # Point at the attribute, not the tag (which may span lines).
                tag = self.get_starttag_text() or ""
                found = _HTML_ID.search(tag)
                before = tag[: found.start("name")] if found else ""
                if "\n" in before:
                    line, column = line + before.count("\n"), len(before) - before.rfind("\n")
                else:
                    column = offset + 1 + len(before)
                self.ids.append(ProseId(value.strip(), line, column))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def prose_ids(markdown: str) -> list[ProseId]:
    """Every id ``markdown`` gives an element, in order of appearance."""
    text = _masked(markdown)
    scanner = _IdScanner()
    scanner.feed(text)
    scanner.close()
    found = list(scanner.ids)
    for match in _ATTR_LIST.finditer(text):
        for assignment in _ATTR_ID.finditer(match.group("body")):
            value = next(v for v in assignment.group("hash", "dq", "sq", "bare") if v is not None)
            start = match.start("body") + assignment.start() + (assignment.group(0)[0].isspace())
            found.append(ProseId(value, *_position(text, start)))
    for match in _HEADING.finditer(text):
        heading = _ATTR_LIST.sub("", match.group("text")).rstrip("# \t")
        anchor = slugify(re.sub(r"<[^>]*>|[*_`]", "", heading), "-")
        if anchor:
            found.append(ProseId(anchor, *_position(text, match.start("text"))))
    return sorted(found, key=lambda i: (i.line, i.column))


def _reason(value: str, theme: dict[str, str]) -> str | None:
    if value in theme:
        return f"de site gebruikt die id al ({theme[value]})"
    prefix = next((p for p in RESERVED_PREFIXES if value.startswith(p)), None)
    if prefix:
        return f"ids die met '{prefix}' beginnen zijn voor de site gereserveerd"
    return None


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    theme: dict[str, str] | None = None
    for doc in documents:
        if not doc.body:
            continue
        for found in prose_ids(doc.body):
            if theme is None:
                theme = site_ids(catalog.root)
            reason = _reason(found.value, theme)
            if reason:
                yield problem_at(
                    doc.path,
                    Position(doc.body_line + found.line - 1, found.column),
                    "reserved-id",
                    f"id '{found.value}' kan niet in de tekst: {reason} — een tweede element "
                    "met die id breekt de zoekfunctie, de filters of de rolkeuze van de site",
                    "kies een andere id, zonder 'zb-' of '__' vooraan (bv. een woord uit de kop)",
                )
