"""What a screen reader meets in the PDF, on the small test project: leader dots are decoration,
links are one annotation per visible box."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolbox_build.pdf.document import render_print_html
from toolbox_build.pdf.render import render_pdf_bytes
from toolbox_build.validate import validate_project

from .conftest import FIXTURES, REPO_ROOT

SITE = "https://toolbox.example.org/"
LEADER = re.compile(r"^[.\s]+$")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pdf") / "project"
    shutil.copytree(FIXTURES / "project", root)
    shutil.copyfile(REPO_ROOT / "content" / "worksheet.yaml", root / "content" / "worksheet.yaml")
    return root


@pytest.fixture(scope="module")
def catalog(small):
    result = validate_project(small)
    assert result.ok, [str(p) for p in result.problems]
    return result.catalog


@pytest.fixture(scope="module")
def html(small, catalog) -> str:
    return render_print_html(catalog, small, site_url=SITE)


@pytest.fixture(scope="module")
def reader(html, small) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf_bytes(html, small)))


def marked_texts(page) -> list[tuple[str, bool]]:
    """(text, tagged) of each marked-content sequence of a page: tagged when it carries an
    MCID (it belongs to the structure tree), not when it is an artifact."""
    found: list[list] = []
    stack: list[list | None] = []

    def operator(op, args, cm, tm):
        if op in (b"BDC", b"BMC"):
            properties = args[1] if op == b"BDC" and len(args) > 1 else None
            tagged = str(args[0]) != "/Artifact" and "/MCID" in (properties or {})
            entry = ["", tagged]
            found.append(entry)
            stack.append(entry)
        elif op == b"EMC" and stack:
            stack.pop()

    def text(content, cm, tm, font, size):
        if stack and stack[-1] is not None:
            stack[-1][0] += content

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return [(t, tagged) for t, tagged in found]


def toc_page(reader: PdfReader) -> int:
    return next(i for i, p in enumerate(reader.pages) if p.extract_text().startswith("Inhoud"))


@pytest.mark.pdf
def test_leader_dots_are_artifacts_and_toc_entries_are_tagged(reader, catalog):
    texts = marked_texts(reader.pages[toc_page(reader)])
    leaders = [t for t, tagged in texts if t.strip() and LEADER.match(t)]
    assert leaders, "the table of contents has leader dots"
    assert [t for t, tagged in texts if tagged and "." in t and LEADER.match(t)] == []
    tagged = " ".join(t for t, is_tagged in texts if is_tagged)
    for title in ("Leeswijzer", "Index van de tools", "Referenties"):
        assert title in tagged
    for page in catalog.fiches():
        assert page.title in tagged
    # The page numbers after the dots are still read.
    assert len(re.findall(r"(?<![\d.])\d{1,3}(?![\d.])", tagged)) >= 5
