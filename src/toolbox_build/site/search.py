"""Site search: a Pagefind index over the built site, plus the word list behind "Bedoelde je …?".

Pagefind runs on the finished HTML (so it serves MkDocs and Zensical output alike), reads the
page language (`nl`) for Dutch stemming, indexes only each page's `data-pagefind-body` (the article,
without navigation, badges or "Meer van …" lists, which are marked `data-pagefind-ignore`) and
writes a chunked index: a browser downloads only the fragments a query needs.

The word list (`pagefind/zoekwoorden.json`) holds the indexed words, most frequent first, with the
accents folded; the search dialog fetches it only when a query finds nothing, to suggest the
closest word.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

INDEX_FOLDER = "pagefind"
WORDS_FILE = "zoekwoorden.json"
MAX_WORDS = 20_000
MIN_WORD = 4
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_BODY_START = re.compile(r"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s=>]")


class SearchIndexError(Exception):
    """Pagefind could not index the site (the message says why)."""


def fold(text: str) -> str:
    """Lowercase without accents: 'Coördinatie' -> 'coordinatie'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _BodyText(HTMLParser):
    """The text inside data-pagefind-body, minus data-pagefind-ignore parts (what is indexed)."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "wbr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool]] = []  # (inside body, ignored) per open element
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        names = {name for name, _ in attrs}
        inside, ignored = self.stack[-1] if self.stack else (False, False)
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(
            (
                inside or "data-pagefind-body" in names,
                ignored
                or "data-pagefind-ignore" in names
                or tag in ("script", "style")
                or "headerlink" in classes,
            )
        )

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == (True, False):
            self.parts.append(data)


def indexed_words(site_dir: Path) -> list[str]:
    """Words of the indexed text, folded, most frequent first (ties alphabetical)."""
    raw: Counter[str] = Counter()
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8", errors="replace")
        # Nothing before the indexed element counts: skip the head and navigation unparsed (at
        # 15,000 pages, parsing them took most of the time).
        body = _BODY_START.search(html)
        parser = _BodyText()
        parser.feed(html[body.start() :] if body else html)
        for word in _WORD.findall(" ".join(parser.parts)):
            for part in word.split("-"):
                if len(part) >= MIN_WORD:
                    raw[part] += 1
    counts: Counter[str] = Counter()
    for part, number in raw.items():  # fold each distinct spelling once
        counts[fold(part)] += number
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:MAX_WORDS]]


def build_search_index(site_dir: Path) -> Path:
    """Index the built site with Pagefind into site_dir/pagefind/; return that folder."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        INDEX_FOLDER,
        # The heading's permalink sign is not content (nor part of a result's title).
        "--exclude-selectors",
        ".headerlink",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind kon niet starten: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(
            "Pagefind faalde: " + (detail[-1] if detail else f"code {done.returncode}")
        )
    folder = site_dir / INDEX_FOLDER
    (folder / WORDS_FILE).write_text(
        json.dumps({"words": indexed_words(site_dir)}, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    return folder
