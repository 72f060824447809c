"""What a screen reader meets in the PDF, on the small test project: leader dots are decoration,
links are one annotation per visible box."""

from __future__ import annotations

import io
import itertools
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolbox_build.pdf.document import PrintDocument, render_print_html
from toolbox_build.pdf.render import render_pdf_bytes

from .conftest import FIXTURES, REPO_ROOT, validated_catalog
from .pdf_structure import (
    is_dictionary,
    items,
    kids_of,
    link_annotations,
    object_id,
    outline_entries,
    page_annotations,
    parent_tree,
    pdf_root,
    structure,
    value,
)

SITE = "https://toolbox.example.org/"
LEADER = re.compile(r"^[.\s]+$")
ENGLISH_TOOL = "Age-friendly communities in practice"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pdf") / "project"
    shutil.copytree(FIXTURES / "project", root)
    shutil.copyfile(REPO_ROOT / "content" / "worksheet.yaml", root / "content" / "worksheet.yaml")
    # A tool in English, whose name a screen reader should read in English.
    (root / "tools_catalog" / "age-friendly-communities.yaml").write_text(
        f"name: {ENGLISH_TOOL}\n"
        "description: Gids van de Wereldgezondheidsorganisatie over ouderen in de buurt.\n"
        "owner: departement-zorg\nlinks: []\nformats: [handleiding]\n"
        "reader_types: [medewerker]\nlanguage: en\nstatus: enkel-referentie\n"
        "placements:\n  - fiche: a-visievorming\n    order: 3\n",
        encoding="utf-8",
    )
    # A second route, so the reading guide has sibling headings.
    with (root / "content" / "reading-guide.yaml").open("a", encoding="utf-8") as guide:
        guide.write(
            "  - reader_type: medewerker\n    stops:\n"
            "      - {target: a-visievorming, why: Weten waar je buurt naartoe wil.}\n"
        )
    return root


@pytest.fixture(scope="module")
def catalog(small):
    return validated_catalog(small)


@pytest.fixture(scope="module")
def html(small, catalog) -> str:
    return render_print_html(catalog, small, site_url=SITE)


@pytest.fixture(scope="module")
def data(html, small) -> bytes:
    return render_pdf_bytes(html, small)


@pytest.fixture(scope="module")
def reader(data) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def marked_content_texts(page) -> list[tuple[str, bool, int | None]]:
    """(text, tagged, MCID) of each marked-content sequence of a page: tagged when it carries
    an MCID (it belongs to the structure tree), not when it is an artifact."""
    found: list[list] = []
    stack: list[list | None] = []

    def operator(op, args, cm, tm):
        if op in (b"BDC", b"BMC"):
            properties = args[1] if op == b"BDC" and len(args) > 1 else None
            tagged = str(args[0]) != "/Artifact" and "/MCID" in (properties or {})
            entry = ["", tagged, int(properties["/MCID"]) if tagged else None]
            found.append(entry)
            stack.append(entry)
        elif op == b"EMC" and stack:
            stack.pop()

    def text(content, cm, tm, font, size):
        if stack and stack[-1] is not None:
            stack[-1][0] += content

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return [tuple(entry) for entry in found]


def marked_texts(page) -> list[tuple[str, bool]]:
    return [(text, tagged) for text, tagged, _ in marked_content_texts(page)]


def text_reader(reader: PdfReader):
    """A function that gives the text of a structure element (its marked content, in order)."""
    page_numbers = {object_id(p.indirect_reference): i for i, p in enumerate(reader.pages)}
    texts: dict[int, dict[int, str]] = {}

    def text_of(element) -> str:
        parts = []
        for kid in kids_of(element):
            if is_dictionary(kid) and "/S" in kid:
                parts.append(text_of(kid))
                continue
            mcid = int(kid["/MCID"]) if is_dictionary(kid) and "/MCID" in kid else kid
            if not isinstance(mcid, int):
                continue
            page = page_numbers[object_id(element["/Pg"])]
            if page not in texts:
                texts[page] = {m: t for t, _, m in marked_content_texts(reader.pages[page])}
            parts.append(texts[page].get(mcid, ""))
        return "".join(parts)

    return text_of


def headings(reader: PdfReader) -> list[tuple[int, str, tuple[int, int]]]:
    """(level, text, parent section) of each H1-H6 element in reading order; the parent
    section is the nearest Sect, Part or Document above it."""
    text_of = text_reader(reader)
    found = []

    def walk(element, section) -> None:
        kind = str(element["/S"])
        if match := re.fullmatch(r"/H([1-6])", kind):
            found.append((int(match.group(1)), " ".join(text_of(element).split()), section))
            return
        if kind in ("/Sect", "/Part", "/Document"):
            section = object_id(element)
        for kid in kids_of(element):
            if is_dictionary(kid) and "/S" in kid:
                walk(kid, section)

    for top in kids_of(pdf_root(reader)["/StructTreeRoot"]):
        walk(top, object_id(top))
    return found


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


def _target(annotation) -> str:
    action = value(annotation, "/A")
    if action is not None and "/URI" in action:
        return str(action["/URI"])
    if action is not None and "/D" in action:
        return str(action["/D"])
    return str(value(annotation, "/Dest"))


def _rect(annotation) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


@pytest.mark.pdf
def test_one_link_annotation_per_visible_box_none_of_zero_size(reader):
    assert link_annotations(reader)
    for index, page in enumerate(reader.pages):
        per_target: dict[str, list] = {}
        for annotation in page_annotations(page):
            if value(annotation, "/Subtype") != "/Link":
                continue
            left, bottom, right, top = _rect(annotation)
            assert right - left > 0 and top - bottom > 0, (index, _target(annotation))
            per_target.setdefault(_target(annotation), []).append(_rect(annotation))
        for target, rects in per_target.items():
            # Boxes of one target never lie on or in each other: each is a visible line of a
            # link, so there are no more of them than the lines they are on.
            assert all(_overlap(a, b) < 1 for a, b in itertools.combinations(rects, 2)), target
            lines = Counter(round(r[1]) for r in rects)
            assert max(lines.values()) <= 2, (index, target)  # a link twice on one line at most


@pytest.mark.pdf
def test_every_link_annotation_hangs_under_its_link_element(reader):
    parents = parent_tree(reader)
    on_pages = {object_id(a) for a in link_annotations(reader)}
    for annotation in link_annotations(reader):
        assert str(parents[int(annotation["/StructParent"])]["/S"]) == "/Link"
    found = structure(reader)
    assert found.nested_links == 0
    # Every object reference in the tree points at an annotation that is on a page.
    stack = [value(pdf_root(reader)["/StructTreeRoot"], "/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, list) or (hasattr(node, "__iter__") and not is_dictionary(node)):
            stack.extend(items(node))
        elif is_dictionary(node) and value(node, "/Type") == "/OBJR":
            obj = node["/Obj"]
            if value(obj.get_object(), "/Subtype") == "/Link":
                assert object_id(obj) in on_pages
        elif is_dictionary(node) and "/K" in node:
            stack.append(node["/K"])


@pytest.mark.pdf
def test_heading_levels_follow_the_outline(reader, catalog):
    found = headings(reader)
    levels = [level for level, _, _ in found]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no level skipped
    level_of = {text: level for level, text, _ in found}
    # Siblings share a level: the part titles, the chapters and fiches under them, the routes
    # of the reading guide.
    parts = ["Leeswijzer", "Deel 1: een blik op zorgzame buurten", "Index van de tools"]
    assert {level_of[title] for title in parts} == {1}
    pages = [p.title for p in catalog.fiches()]
    assert {level_of[title] for title in pages} == {2}
    document = PrintDocument(catalog, REPO_ROOT)
    routes = [document.reader_label(r) for r in catalog.reading_guide.reader_routes()]
    assert len(routes) > 1 and {level_of[t] for t in routes} == {2}
    # Within one section, headings of one HTML level stay one level: no heading is deeper than
    # the one before it plus one, and the first heading of a section is its highest.
    for section in {s for _, _, s in found}:
        own = [level for level, _, s in found if s == section]
        assert own[0] == min(own), own


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    return [(level, " ".join(title.split())) for level, title in outline_entries(reader)]


def outline_of_html(html: str) -> list[tuple[int, str]]:
    """The bookmarks the print HTML asks for: the front matter and the parts on level 1,
    chapters and fiches on 2 (a fiche by its label), the routes of the reading guide on 2, the
    sections of a chapter or fiche on 3 and 4."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    wanted = []
    for heading in tree.iter("h1", "h2", "h3", "h4"):
        classes = set((heading.get("class") or "").split())
        section = next(heading.iterancestors("section", "nav"))
        kinds = set((section.get("class") or "").split())
        text = " ".join(heading.text_content().split())
        if "part-title" in classes or kinds & {"colophon", "toc"}:
            wanted.append((1, text))
        elif "page-title" in classes:
            wanted.append((1 if "intro" in kinds else 2, heading.get("data-label") or text))
        elif "route" in (heading.getparent().get("class") or ""):
            wanted.append((2, text))
        elif "prose" in (heading.getparent().get("class") or ""):
            wanted.append(({"h3": 3, "h4": 4}.get(heading.tag, 0), text))
    # A bookmark nests under the nearest earlier one of a lower level (a section heading right
    # under a chapter title is one deeper than the chapter, whatever its level).
    nested, open_levels = [], []
    for level, text in wanted:
        if not level:
            continue
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        open_levels.append(level)
        nested.append((len(open_levels), text))
    return nested


@pytest.mark.pdf
def test_bookmarks_follow_the_headings_not_the_table_categories(reader, html, catalog):
    found = outline(reader)
    wanted = outline_of_html(html)
    titles = {title for _, title in wanted}
    assert [entry for entry in found if entry[1] in titles] == wanted
    titles = {title for _, title in found}
    for page in catalog.fiches():
        label = f"{page.letter}. {page.title}" if page.letter else page.title
        assert label in titles
    assert "Wat het onderzoek ons leert" in titles  # a section of a fiche
    assert "Medewerker in de buurt, startend" in titles  # a route of the reading guide
    categories = {c.title for page in catalog.pages.values() for c in page.categories}
    assert categories and not categories & titles


@pytest.mark.pdf
def test_english_tool_name_carries_its_language(reader):
    text_of = text_reader(reader)
    languages: dict[str, set[str]] = {}
    stack = kids_of(pdf_root(reader)["/StructTreeRoot"])
    while stack:
        element = stack.pop()
        if not (is_dictionary(element) and "/S" in element):
            continue
        if "/Lang" in element:
            # A word hyphenated at the end of a line reads whole.
            text = re.sub(r"[\u2010\u00ad-]\s+", "", " ".join(text_of(element).split()))
            languages.setdefault(text, set()).add(str(element["/Lang"]))
        stack.extend(kids_of(element))
    # In the fiche's table and in the index; nothing else is marked as another language.
    assert languages == {ENGLISH_TOOL: {"en"}}
    assert str(pdf_root(reader)["/Lang"]) == "nl"


@pytest.mark.pdf
def test_pdfua_checker_finds_nothing(data, tmp_path):
    from pdfua import validate

    path = tmp_path / "klein.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    assert [(f.rule_id, f.severity.name, f.message) for f in report.findings] == []


def _widths(descendant) -> dict[int, float]:
    """CID -> width from a CIDFont's /W array (both of its forms)."""
    found, array, i = {}, items(descendant["/W"]), 0
    while i < len(array):
        first, second = int(array[i]), array[i + 1]
        if isinstance(second, list):
            found.update({first + k: float(w) for k, w in enumerate(second)})
            i += 2
        else:
            found.update({cid: float(array[i + 2]) for cid in range(first, int(second) + 1)})
            i += 3
    return found


@pytest.mark.pdf
def test_field_font_is_embedded_whole_and_named_so(reader):
    from fontTools.ttLib import TTFont

    form = pdf_root(reader)["/AcroForm"]
    names = set()
    for field in items(form["/Fields"]):
        if "/DA" in field:  # text fields; check boxes have none
            names.update(re.findall(rb"/(\S+) [\d.]+ Tf", field["/DA"].original_bytes))
    assert names
    for name in names:
        font = value(form["/DR"]["/Font"], "/" + name.decode())
        descendant = value(font["/DescendantFonts"], 0)
        descriptor = value(descendant, "/FontDescriptor")
        # No subset tag: a viewer may type any letter with this font.
        for font_name in (font["/BaseFont"], descendant["/BaseFont"], descriptor["/FontName"]):
            assert not re.match(r"/[A-Z]{6}\+", str(font_name)), font_name
        embedded = TTFont(io.BytesIO(value(descriptor, "/FontFile2").get_data()))
        cmap, widths = embedded.getBestCmap(), _widths(descendant)
        assert len(widths) == embedded["maxp"].numGlyphs  # every glyph, not the used ones
        for letter in "éèëçàôïüœÉÈÇÀÔÏÜŒ€’":
            glyph = embedded.getGlyphID(cmap[ord(letter)])
            assert widths.get(glyph, 0) > 0, letter
