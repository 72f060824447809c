"""The printed edition's page layout, read back from the PDF with pypdf: parts and fiches open on a
right-hand page, no heading or lone table row at the foot of a page, no word broken over more than
two lines, no stray one-word line, no page left emptier than its content needs.

Text is read with its position (``extract_text(visitor_text=...)``) and with the structure element
that holds it (the marked-content id of the page, looked up in the structure parent tree), so the
checks know a heading from a paragraph or a table cell without guessing from fonts. Running headers
and footers are artifacts and are left out; so is the text drawn inside figures."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from unittest import mock

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject
from pypdf.generic import _font as pypdf_font

from toolbox_build.pdf.document import render_print_html
from toolbox_build.pdf.render import render_pdf_bytes

from .conftest import REPO_ROOT, validated_catalog
from .pdf_structure import is_dictionary, items, kids_of, object_id, parent_tree, value

pytestmark = pytest.mark.pdf

SITE_URL = "https://example.org/"  # as tests/test_pdf.py renders it: the same PDF, made once a run
BOOKLET = "medewerker/startend"
# Structure types that sit inside a line; text in them belongs to the block around them.
INLINE = {"/Span", "/Link", "/NonStruct", "/Em", "/Strong", "/Code", "/Quote", "/Reference"}
HEADING = re.compile(r"/H[1-6]?")
HYPHENS = ("-", "\u2010", "\u00ad")
INSERTED_HYPHENS = ("\u2010", "\u00ad")  # the hyphenate-character and a soft hyphen
# A page whose text ends higher than this share of the page height (from the top) is half empty.
FILLED = 0.5
# A table row alone on a page is a defect unless it is this tall (a share of the page height).
TALL_ROW = 0.3


@dataclass(frozen=True)
class Run:
    """One piece of text as drawn: its page (0-based), position (PDF units, from the bottom
    left), size, and the structure it belongs to."""

    page: int
    x: float
    y: float
    size: float
    text: str
    kinds: tuple[str, ...]  # structure types from the text's own element up to the document
    block: tuple[int, int]  # the nearest element that is not inline (a paragraph, cell, heading)
    row: tuple[int, int] | None  # the table row, if any
    table: tuple[int, int] | None  # the table, if any
    before_table: bool  # the block is followed by a table (as its caption or lead-in)

    @property
    def block_kind(self) -> str:
        return next((kind for kind in self.kinds if kind not in INLINE), "")

    @property
    def in_figure(self) -> bool:
        return "/Figure" in self.kinds or self.size <= 0


@dataclass
class Line:
    page: int
    y: float
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(run.text for run in sorted(self.runs, key=lambda run: run.x)).strip()


def _next_kind(element: DictionaryObject) -> str:
    """The structure type of the element that follows ``element`` under its parent."""
    siblings = [kid for kid in kids_of(value(element, "/P")) if is_dictionary(kid) and "/S" in kid]
    ids = [object_id(kid) for kid in siblings]
    place = ids.index(object_id(element)) if object_id(element) in ids else len(ids)
    return str(siblings[place + 1]["/S"]) if place + 1 < len(siblings) else ""


def _ancestry(element: object) -> tuple:
    """(kinds, block, row, table, before_table) of a structure element, read up to the
    document."""
    kinds: list[str] = []
    block = row = table = None
    before_table = False
    while is_dictionary(element) and "/S" in element:
        kind = str(element["/S"])
        kinds.append(kind)
        if block is None and kind not in INLINE:
            block = object_id(element)
            before_table = _next_kind(element) == "/Table"
        if row is None and kind == "/TR":
            row = object_id(element)
        if table is None and kind == "/Table":
            table = object_id(element)
        element = value(element, "/P")
    return tuple(kinds), block or (0, 0), row, table, before_table


class Layout:
    """The text of a PDF with its positions and structure, page by page."""

    def __init__(self, path: Path) -> None:
        self.reader = PdfReader(path)
        self.height = float(self.reader.pages[0].mediabox.height)

    @cached_property
    def runs(self) -> list[Run]:
        # pypdf reads a font's ToUnicode map again on every page that uses it (most of the time
        # taken); the pages of one PDF share their fonts, so each is read once here.
        read = pypdf_font.get_encoding
        known: dict[tuple[int, int], tuple] = {}

        def get_encoding(font):
            ident = object_id(font)
            if ident == (0, 0):
                return read(font)
            if ident not in known:
                known[ident] = read(font)
            encoding, mapping = known[ident]
            return (encoding.copy() if isinstance(encoding, dict) else encoding), dict(mapping)

        with mock.patch.object(pypdf_font, "get_encoding", get_encoding):
            return self._read_runs()

    def _read_runs(self) -> list[Run]:
        parents = parent_tree(self.reader)
        described: dict[tuple[int, int], tuple] = {}
        found: list[Run] = []
        for index, page in enumerate(self.reader.pages):
            key = page.get("/StructParents")
            mapping = parents.get(int(key)) if key is not None else None
            elements = items(mapping) if isinstance(mapping, ArrayObject) else []
            properties = value(value(page, "/Resources", DictionaryObject()), "/Properties")
            marks: list[tuple[str, int | None]] = []

            def before(operator, operands, cm, tm, marks=marks, properties=properties):
                if operator == b"BDC":
                    props = operands[1]
                    if isinstance(props, NameObject) and properties is not None:
                        props = value(properties, props)
                    mcid = props.get("/MCID") if is_dictionary(props) else None
                    marks.append((str(operands[0]), None if mcid is None else int(mcid)))
                elif operator == b"BMC":
                    marks.append((str(operands[0]), None))
                elif operator == b"EMC" and marks:
                    marks.pop()

            def visit(text, cm, tm, font, size, index=index, marks=marks, elements=elements):
                if not text.strip() or any(tag == "/Artifact" for tag, _ in marks):
                    return
                mcid = next((m for _, m in reversed(marks) if m is not None), None)
                element = elements[mcid] if mcid is not None and mcid < len(elements) else None
                ident = object_id(element) if element is not None else (0, 0)
                if ident not in described:
                    described[ident] = _ancestry(element)
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                size *= tm[3] * cm[3]
                found.append(Run(index, x, y, size, text, *described[ident]))

            page.extract_text(visitor_text=visit, visitor_operand_before=before)
        return found

    @cached_property
    def flow(self) -> dict[int, list[Run]]:
        """The text of each page outside figures, in drawing order."""
        pages: dict[int, list[Run]] = {i: [] for i in range(len(self.reader.pages))}
        for run in self.runs:
            if not run.in_figure:
                pages[run.page].append(run)
        return pages

    @cached_property
    def figure_pages(self) -> set[int]:
        return {run.page for run in self.runs if run.in_figure}

    @cached_property
    def lines(self) -> dict[tuple[int, int], list[Line]]:
        """The lines of each block (paragraph, list item, cell, heading), in reading order."""
        blocks: dict[tuple[int, int], dict[tuple[int, float], Line]] = defaultdict(dict)
        for run in self.runs:
            if run.in_figure or run.block == (0, 0) or run.block_kind == "/Lbl":
                continue
            key = (run.page, round(run.y, 1))
            blocks[run.block].setdefault(key, Line(run.page, run.y, [])).runs.append(run)
        return {
            block: sorted(lines.values(), key=lambda line: (line.page, -line.y))
            for block, lines in blocks.items()
        }

    def start_page(self, destination: str) -> int:
        """The page (0-based) a named destination points to."""
        named = self.reader.named_destinations
        assert destination in named, destination
        return self.reader.get_destination_page_number(named[destination])

    @cached_property
    def top_level_starts(self) -> set[int]:
        """Pages where an entry of the outline's first level begins."""
        return {
            self.reader.get_destination_page_number(entry)
            for entry in self.reader.outline
            if not isinstance(entry, list)
        }


@pytest.fixture(scope="module")
def bundled():
    return validated_catalog(REPO_ROOT)


@pytest.fixture(scope="module")
def edition(bundled, shared_pdf) -> Layout:
    html = render_print_html(bundled, REPO_ROOT, site_url=SITE_URL)
    return Layout(shared_pdf(html, REPO_ROOT))


@pytest.fixture(scope="module")
def booklet(booklet_pdf) -> Layout:
    return Layout(booklet_pdf(BOOKLET))


@pytest.fixture(params=["edition", "booklet"])
def layout(request) -> Layout:
    return request.getfixturevalue(request.param)


def _openings(catalog, layout: Layout) -> dict[str, int]:
    """Where each part and each fiche the PDF holds begins (1-based page numbers), taken from the
    model: a part begins at its divider (``deel-<n>``), a page at ``page-<id>``."""
    named = layout.reader.named_destinations
    parts = sorted({page.part for page in catalog.fiches()})
    wanted = [f"deel-{part}" for part in parts]
    wanted += [f"page-{page.id}" for page in catalog.fiches() if page.kind == "fiche"]
    return {name: layout.start_page(name) + 1 for name in wanted if name in named}


def _page_starts(catalog, layout: Layout) -> set[int]:
    """Pages (0-based) where a part, a chapter, a fiche or a top-level section begins."""
    openings = {page - 1 for page in _openings(catalog, layout).values()}
    named = layout.reader.named_destinations
    pages = {
        layout.start_page(f"page-{page.id}")
        for page in catalog.pages.values()
        if f"page-{page.id}" in named
    }
    return openings | pages | layout.top_level_starts


# -- What each check finds: (page number, what is there), empty when the layout is right ---------


def left_openings(layout: Layout, names: list[str]) -> list[tuple[int, str]]:
    """Named places (parts, fiches) that begin on a left-hand (even) page."""
    pages = ((layout.start_page(name) + 1, name) for name in names)
    return [(page, name) for page, name in pages if page % 2 == 0]


def headings_at_the_foot(layout: Layout, skip: set[int]) -> list[tuple[int, str]]:
    """Pages whose last text heads what comes on the next page: a heading, a table's category
    row (which heads the rows after it), or the caption or lead-in paragraph of a table. Pages in
    ``skip`` (0-based: dividers) and the last page are left out."""
    found = []
    for index, runs in layout.flow.items():
        if not runs or index in skip or index == len(layout.reader.pages) - 1:
            continue
        last = min(runs, key=lambda run: (round(run.y, 1), -run.x))
        category = "/TH" in last.kinds and "/TBody" in last.kinds
        heading = any(HEADING.fullmatch(kind) for kind in last.kinds)
        if category or heading or last.before_table:
            found.append((index + 1, last.text.strip()))
    return found


def lonely_rows(layout: Layout) -> list[tuple[int, str]]:
    """Pages on which a table that runs over pages has only one of its body rows, unless that row
    is tall enough to fill a good part of the page by itself."""
    tables: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for run in layout.runs:
        if run.table and run.row and "/TD" in run.kinds and "/TBody" in run.kinds:
            tables[run.table][run.row][run.page].append(run)
    found = []
    for rows in tables.values():
        pages = sorted({page for row in rows.values() for page in row})
        for page in pages if len(pages) > 1 else []:
            here = [row[page] for row in rows.values() if page in row]
            if len(here) != 1:
                continue
            height = max(run.y for run in here[0]) - min(run.y for run in here[0])
            if height < TALL_ROW * layout.height:
                top = max(here[0], key=lambda run: (round(run.y, 1), -run.x))
                found.append((page + 1, top.text.strip()))
    return found


def words_broken_twice(layout: Layout) -> list[tuple[int, str]]:
    """Words the hyphenator broke again on the line that continues them (a web address wraps at
    its own "-" on purpose and is left out)."""
    found = []
    for lines in layout.lines.values():
        for first, second in itertools.pairwise(lines):
            words = second.text.split()
            if len(words) != 1 or not first.text.endswith(HYPHENS):
                continue
            piece = f"{first.text.split()[-1]}{words[0]}"
            if words[0].endswith(INSERTED_HYPHENS) and "/" not in piece:
                found.append((second.page + 1, piece))
    return found


def stray_lines(layout: Layout) -> list[tuple[int, str]]:
    """Lines of a paragraph or list item that hold one word although the paragraph goes on and
    the next line's first word would have fitted beside it. Table cells (where a line break is
    often written) and list labels are left out."""
    found = []
    for lines in layout.lines.values():
        if lines[0].runs[0].block_kind not in ("/P", "/LBody"):
            continue
        widest = max(len(line.text) for line in lines)
        for line, after in itertools.pairwise(lines):
            words, following = line.text.split(), after.text.split()
            if len(words) != 1 or words[0].endswith(HYPHENS) or not following:
                continue
            if len(words[0]) + 1 + len(following[0]) < widest / 2:
                found.append((line.page + 1, f"{words[0]} / {after.text[:30]}"))
    return found


def short_pages(layout: Layout, starts: set[int], skip: set[int]) -> list[tuple[int, float]]:
    """Pages whose text ends above the middle of the page (with the share of the page used),
    unless the next page with text opens something (``starts``, 0-based). The first and last
    page, blank pages, pages in ``skip`` and pages with a figure are left out."""
    last = len(layout.reader.pages) - 1
    found = []
    for index, runs in layout.flow.items():
        if index in (0, last) or not runs or index in skip or index in layout.figure_pages:
            continue
        following = next((i for i in range(index + 1, last) if layout.flow[i]), last)
        if following in starts:
            continue
        bottom = min(run.y for run in runs)
        if bottom > FILLED * layout.height:
            found.append((index + 1, round(1 - bottom / layout.height, 2)))
    return found


# -- The edition and a reader's booklet -------------------------------------------------------


def test_parts_and_fiches_open_on_a_right_hand_page(bundled, layout):
    openings = _openings(bundled, layout)
    assert any(name.startswith("deel-") for name in openings)
    assert sum(name.startswith("page-") for name in openings) >= 2
    found = left_openings(layout, list(openings))
    assert found == [], f"opening on a left-hand (even) page: {found}"


def test_blank_pages_are_bare_versos_before_an_opening(bundled, layout):
    """A page left blank to bring a part or fiche to the right holds nothing, not even a running
    header or a page number, and is a left-hand page. The back cover is the last, left-hand page
    (a blank page may come before it too)."""
    openings = {page - 1 for page in _openings(bundled, layout).values()}
    pages = layout.reader.pages
    last = len(pages) - 1
    written = {run.page for run in layout.runs}
    blank = [index for index in range(len(pages)) if index not in written]
    for index in blank:
        assert pages[index].extract_text().strip() == "", f"blank page {index + 1} has text"
        if index + 1 == last:
            continue
        assert index + 1 in openings, f"blank page {index + 1} comes before no opening"
        assert (index + 1) % 2 == 0, f"blank page {index + 1} is a right-hand page"
    assert len(blank) < len(pages) / 4, blank
    assert len(pages) % 2 == 0, "the back cover is on a right-hand page"


def _dividers(catalog, layout: Layout) -> set[int]:
    return {page - 1 for name, page in _openings(catalog, layout).items() if "deel-" in name}


def test_no_heading_ends_a_page(bundled, layout):
    """Headings, and the category rows of a tool table, go with what they head."""
    found = headings_at_the_foot(layout, _dividers(bundled, layout))
    assert found == [], f"a heading is the last text on its page: {found}"


def test_no_table_row_stands_alone_on_a_page(layout):
    found = lonely_rows(layout)
    assert found == [], f"a table row alone on a page: {found}"


def test_no_word_is_broken_over_more_than_two_lines(layout):
    found = words_broken_twice(layout)
    assert found == [], f"a word broken more than once: {found}"


def test_no_stray_one_word_line_inside_a_paragraph(layout):
    found = stray_lines(layout)
    assert found == [], f"a one-word line in a paragraph that goes on: {found}"


def test_no_page_is_emptier_than_its_content_needs(bundled, layout):
    """A page's text runs down to at least the middle of the page, unless the next page with
    text opens a part, chapter, fiche or section (a deliberate break), or the page is a divider,
    a cover, a blank verso or holds a figure."""
    found = short_pages(layout, _page_starts(bundled, layout), _dividers(bundled, layout))
    assert found == [], f"pages whose text ends high (page, share of the page used): {found}"


# -- The checks themselves, on a page made with each defect ------------------------------------

SLIPS = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title><style>
@page { size: A4; margin: 22mm 16mm 20mm 18mm; }
body { margin: 0; font: 9.5pt/1.45 "DejaVu Sans", sans-serif; hyphens: auto; }
h2 { font-size: 15pt; }
td { border: 0.4pt solid #bbb; }
</style></head><body>
<h2 id="kop" style="break-after: page">Een kop alleen onderaan</h2>
<p id="links">Deze pagina houdt maar twee regels tekst; de volgende begint niets nieuws en
toch staat de rest van de tekst pas daar.</p>
<p style="break-before: page">Hier gaat de tekst verder.</p>
<table><tbody><tr><td>Rij een</td></tr><tr><td>Rij twee</td></tr>
<tr style="break-before: page"><td>De laatste rij, alleen</td></tr></tbody></table>
<p style="width: 12mm">Betrokkenheid</p>
<p><strong>In de buurt</strong> werken betekent vooral bereikbaar en beschikbaar zijn: er gewoon
zijn, aanspreekbaar voor bewoners en professionals. Daarom werken veel medewerkers (deels) vanuit
een plek in de buurt, of nemen ze andere professionals mee naar ontmoetingsplekken. Omgekeerd stap
je zelf op mensen af:
<strong>outreachend werken</strong>, ondersteuning brengen waar (kwetsbare) mensen leven.</p>
<p><em>Figuur 9: een tabel op de volgende bladzijde</em></p>
<table style="break-before: page"><tbody><tr><td>Een</td></tr><tr><td>Twee</td></tr></tbody></table>
</body></html>"""


def test_each_check_finds_the_slip_it_looks_for(tmp_path):
    """The checks above are not empty by construction: on a page made with each slip (a heading
    and a table's caption forced to the foot, a row forced alone, a word in a column too narrow
    for it, a paragraph WeasyPrint sets with a stray word, a page broken early, a place on a
    left-hand page), each finds its own."""
    path = tmp_path / "slips.pdf"
    path.write_bytes(render_pdf_bytes(SLIPS, tmp_path))
    layout = Layout(path)
    assert headings_at_the_foot(layout, set()) == [
        (1, "Een kop alleen onderaan"),
        (4, "Figuur 9: een tabel op de volgende bladzijde"),
    ]
    assert lonely_rows(layout) == [(4, "De laatste rij, alleen")]
    assert {page for page, _ in words_broken_twice(layout)} == {4}
    assert [(page, line.split(" / ")[0]) for page, line in stray_lines(layout)] == [(4, "of")]
    assert [page for page, _ in short_pages(layout, set(), set())] == [2, 3, 4]  # broken early
    assert left_openings(layout, ["kop", "links"]) == [(2, "links")]
