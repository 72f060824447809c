"""Site search: a Pagefind index over the built site, plus the word list behind "Bedoelde je …?".

Pagefind runs on the finished HTML (so it serves MkDocs and Zensical output alike), reads the
page language (`nl`) for Dutch stemming, indexes only each page's `data-pagefind-body` (the article,
without navigation, badges or "Meer van …" lists, which are marked `data-pagefind-ignore`) and
writes a chunked index: a browser downloads only the fragments a query needs.

The word list (`pagefind/zoekwoorden.json`) holds the indexed words (read back from Pagefind's own
fragments), most frequent first, with the accents folded; the search dialog fetches it only when
a query finds nothing, to suggest the closest word. The types file (`pagefind/paginasoorten.json`)
names the type of every page that is not a tool, so the dialog orders the results (fiches first)
before it loads their texts.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

INDEX_FOLDER = "pagefind"
WORDS_FILE = "zoekwoorden.json"
TYPES_FILE = "paginasoorten.json"
TOOL_PAGE = "Tool"  # the type of most pages, left out of the types file
PLAIN_PAGE = "Pagina"
MAX_WORDS = 20_000
MIN_WORD = 4
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


class SearchIndexError(Exception):
    """Pagefind could not index the site (the message says why)."""


def fold(text: str) -> str:
    """Lowercase without accents: 'Coördinatie' -> 'coordinatie'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


FRAGMENT_SIGNATURE = b"pagefind_dcd"


def _fragment(fragment: Path) -> tuple[str, str]:
    """The text Pagefind indexed for one page and the page's type: the "content" and
    "meta.type" of its fragment file (gzip-compressed JSON, after a signature)."""
    try:
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(FRAGMENT_SIGNATURE))
        content, meta = data["content"], data.get("meta") or {}
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(
            f"Pagefind schreef een fragment dat niet te lezen is ({fragment.name}: {exc}); "
            "controleer de versie van pagefind in pyproject.toml"
        ) from exc
    if not isinstance(content, str) or not isinstance(meta, dict):
        raise SearchIndexError(f"Pagefind-fragment {fragment.name} heeft geen tekst")
    return content, str(meta.get("type") or PLAIN_PAGE)


def read_index(index_dir: Path) -> tuple[list[str], dict[str, str]]:
    """What the search dialog needs besides Pagefind's own index, read back from Pagefind's
    fragments (some thirty times faster than parsing the built HTML again):

    - the words of the indexed text, folded, most frequent first (ties alphabetical): exactly
      the indexed words, the article without navigation or ignored parts;
    - the type of every page that is not a tool, by Pagefind's id for it (the fragment's name),
      so the dialog can put fiches first before it loads any result's text.
    """
    raw: Counter[str] = Counter()
    types: dict[str, str] = {}
    for fragment in sorted((index_dir / "fragment").glob("*.pf_fragment")):
        text, kind = _fragment(fragment)
        if kind != TOOL_PAGE:
            types[fragment.name.removesuffix(".pf_fragment")] = kind
        for word in _WORD.findall(text):
            for part in word.split("-"):
                if len(part) >= MIN_WORD:
                    raw[part] += 1
    counts: Counter[str] = Counter()
    for part, number in raw.items():  # fold each distinct spelling once
        counts[fold(part)] += number
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:MAX_WORDS]], types


def indexed_words(index_dir: Path) -> list[str]:
    return read_index(index_dir)[0]


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
    words, types = read_index(folder)
    for name, content in ((WORDS_FILE, {"words": words}), (TYPES_FILE, {"types": types})):
        (folder / name).write_text(
            json.dumps(content, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    return folder
