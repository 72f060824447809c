"""The documentation stays findable and true to the tree: a short README, links that arrive (on
the heading they name), and the `src/`, `tests/` and `content/` paths it writes exist."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
README_MAX_LINES = 150
DOCS = [README, *sorted((ROOT / "docs").rglob("*.md"))]
CHECKED_PREFIXES = ("src/", "tests/", "content/")

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _code_block_free(text: str) -> list[str]:
    """Lines outside code blocks; lines of an indented block become empty markers."""
    out: list[str] = []
    fenced = False
    in_indented = False
    previous = ""
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            out.append("")
            continue
        if fenced:
            out.append("")
            continue
        if line.startswith(("    ", "\t")) and (in_indented or previous.strip() == ""):
            # An indented code block starts after a blank line (list continuations aside, which
            # this documentation indents by two or three spaces, never four after a blank line).
            in_indented = True
            out.append("")
            previous = line
            continue
        if line.strip():
            in_indented = False
        out.append(line)
        previous = line
    return out


def github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading: markup dropped, lower case, punctuation removed
    (letters, digits, `_`, `-` and spaces kept), spaces turned into hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links and images: their text
    text = _CODE_SPAN.sub(lambda m: m.group(2), text)
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = text.replace("*", "").lower().strip()
    kept = "".join(c for c in text if c in "-_ " or unicodedata.category(c)[0] in ("L", "N", "M"))
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file, with GitHub's -1, -2 … for repeated headings."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for line in _code_block_free(path.read_text(encoding="utf-8")):
        match = _HEADING.match(line)
        if not match:
            continue
        anchor = github_anchor(match.group(2))
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        found.add(anchor if count == 0 else f"{anchor}-{count}")
    return found


def links(path: Path) -> list[str]:
    """The targets of the Markdown links outside code."""
    targets = []
    for line in _code_block_free(path.read_text(encoding="utf-8")):
        targets.extend(_LINK.findall(_CODE_SPAN.sub("", line)))
    return targets


def code_spans(path: Path) -> list[str]:
    spans = []
    for line in _code_block_free(path.read_text(encoding="utf-8")):
        spans.extend(m.group(2).strip() for m in _CODE_SPAN.finditer(line))
    return spans


def _label(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; at most {README_MAX_LINES}: move detail into docs/"
    )


@pytest.mark.parametrize("doc", DOCS, ids=_label)
def test_every_relative_link_arrives(doc: Path) -> None:
    broken = []
    for target in links(doc):
        if _EXTERNAL.match(target):
            continue
        file_part, _, fragment = target.partition("#")
        destination = (doc.parent / file_part).resolve() if file_part else doc
        if not destination.exists():
            broken.append(f"{target}: no file {_label(destination)}")
        elif fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            broken.append(f"{target}: no heading '#{fragment}' in {_label(destination)}")
    assert broken == []


@pytest.mark.parametrize("doc", DOCS, ids=_label)
def test_every_path_written_in_backticks_exists(doc: Path) -> None:
    missing = []
    for span in code_spans(doc):
        if not span.startswith(CHECKED_PREFIXES) or " " in span:
            continue
        if "<" in span or "…" in span:
            continue  # a placeholder: tools_catalog/<id>.yaml, content/…
        if any(c in span for c in "*?["):
            if not any(ROOT.glob(span)):
                missing.append(span)
        elif not (ROOT / span).exists():
            missing.append(span)
    assert missing == []


def test_the_checks_see_what_they_should() -> None:
    """The helpers find links, anchors and paths (so a passing test means something)."""
    assert github_anchor("Project settings (`mkdocs.yml`)") == "project-settings-mkdocsyml"
    assert github_anchor("MkDocs' build over two processes") == "mkdocs-build-over-two-processes"
    assert github_anchor("Figures and the reading guide") == "figures-and-the-reading-guide"
    assert github_anchor("1. Een formulier invullen") == "1-een-formulier-invullen"
    assert "publishing-an-edition" in anchors(ROOT / "docs" / "maintaining.md")
    assert "docs/architecture.md" in links(README)
    assert "src/toolbox_build/catalog/schemas/tool.schema.json" in code_spans(README)
