"""The PDF edition read back with pypdf: structure, links, forms, tags, reproducibility."""

from __future__ import annotations

import io
import itertools
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolbox_build.pdf.document import PrintDocument, render_print_html
from toolbox_build.pdf.render import render_pdf_bytes, write_pdf
from toolbox_build.validate import validate_project

from .conftest import BOOKLET_SITE_URL, REPO_ROOT
from .pdf_structure import outline_entries


@pytest.fixture(scope="module")
def edition_bytes(bundled, shared_pdf) -> bytes:
    html = render_print_html(bundled, REPO_ROOT, site_url="https://example.org/")
    return shared_pdf(html, REPO_ROOT).read_bytes()


@pytest.fixture(scope="module")
def pdf(edition_bytes, tmp_path_factory) -> PdfReader:
    path = tmp_path_factory.mktemp("pdf") / "edition.pdf"
    path.write_bytes(edition_bytes)
    return PdfReader(path)


def _outline(reader: PdfReader) -> list[tuple[int, str]]:
    return outline_entries(reader)


_TEXTS: dict[int, list[str]] = {}


def _page_text(reader: PdfReader, index: int) -> str:
    """Page text with whitespace collapsed (cached: extraction is the slow part)."""
    texts = _TEXTS.setdefault(id(reader), [""] * len(reader.pages))
    if not texts[index]:
        texts[index] = " ".join(reader.pages[index].extract_text().split()) or " "
    return texts[index]


def _squeeze(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _links(reader: PdfReader, page_index: int) -> list[dict]:
    annots = reader.pages[page_index].get("/Annots") or []
    return [a.get_object() for a in annots if a.get_object().get("/Subtype") == "/Link"]


def _dest_page(reader: PdfReader, name: str) -> int:
    return reader.get_destination_page_number(reader.named_destinations[name])


def _page_of(reader: PdfReader, needle: str) -> int:
    for index in range(len(reader.pages)):
        if needle in _page_text(reader, index):
            return index
    raise AssertionError(needle)


@pytest.mark.pdf
def test_outline_has_every_chapter_and_fiche_on_three_levels(pdf, bundled):
    outline = _outline(pdf)
    titles = {title for _, title in outline}
    for page in bundled.fiches():
        label = f"{page.letter}. {page.title}" if page.letter else page.title
        assert label in titles, label
    assert max(depth for depth, _ in outline) >= 3
    assert (1, "Deel 2: thematische fiches") in outline


@pytest.mark.pdf
def test_toc_entries_are_links_with_page_numbers(pdf, bundled):
    toc_page = _page_of(pdf, "Inhoud Inleiding")
    links = _links(pdf, toc_page)
    assert len(links) >= len(bundled.fiches()) + 4
    for link in links:
        target = _dest_page(pdf, link["/Dest"])
        assert target > toc_page
    numbers = re.findall(r"\.{3,}\s*(\d+)", pdf.pages[toc_page].extract_text())
    assert len(numbers) >= len(bundled.fiches()) and all(int(n) > 0 for n in numbers)


@pytest.mark.pdf
def test_read_next_and_index_links_land_on_the_right_page(pdf, bundled):
    checked_pages = 0
    tool_dests: set[str] = set()
    for index in range(len(pdf.pages)):
        for link in _links(pdf, index):
            dest = link.get("/Dest")
            if not dest:
                continue
            target_text = _page_text(pdf, _dest_page(pdf, dest))
            if dest.startswith("page-"):
                page = bundled.pages[dest.removeprefix("page-")]
                assert _squeeze(page.title) in _squeeze(target_text), (dest, index)
                checked_pages += 1
            elif dest.startswith("tool-"):
                tool = bundled.tools[dest.removeprefix("tool-").split("--")[0]]
                assert _squeeze(tool.name)[:20] in _squeeze(target_text), (dest, index)
                tool_dests.add(dest)
    assert checked_pages > 50  # TOC, guide, Lees verder
    # The index links every placement of every tool (a wrapped link has several rectangles).
    rows = {f"tool-{t.id}--{p.fiche}" for t in bundled.tools.values() for p in t.placements}
    assert tool_dests == rows


@pytest.mark.pdf
def test_every_tool_link_is_a_clickable_uri(pdf, bundled):
    uris = set()
    for index in range(len(pdf.pages)):
        for link in _links(pdf, index):
            action = link.get("/A")
            if action and action.get("/S") == "/URI":
                uris.add(action["/URI"])
    wanted = {link.url for tool in bundled.tools.values() for link in tool.links}
    assert wanted - uris == set()
    assert "https://example.org/fiches/a-visievorming/" in uris  # fiche -> website


@pytest.mark.pdf
def test_worksheet_has_fillable_fields(pdf, bundled):
    fields = pdf.get_fields()
    for item in bundled.worksheet.statements:
        assert fields[f"{item.id}-in-orde"]["/FT"] == "/Btn"
        assert fields[f"{item.id}-werkpunt"]["/FT"] == "/Btn"
    for item in bundled.worksheet.questions:
        assert fields[item.id]["/FT"] == "/Tx"


@pytest.mark.pdf
def test_pdf_is_tagged_dutch_with_edition_metadata(pdf, bundled):
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    info = pdf.metadata
    label = bundled.edition.label
    lower = label[:1].lower() + label[1:]
    assert label != lower  # the bundled label starts with a capital: "Februari 2024"
    assert info.title == f"Toolbox Zorgzame buurten — editie {lower}"
    assert f"editie {lower}" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20240201")


@pytest.mark.pdf
def test_same_input_gives_identical_bytes(bundled, edition_bytes):
    html = render_print_html(bundled, REPO_ROOT, site_url="https://example.org/")
    again = render_pdf_bytes(html, REPO_ROOT)
    assert again == edition_bytes


@pytest.mark.pdf
def test_unchanged_input_reuses_the_previous_pdf(tmp_path, monkeypatch):
    html = "<html lang='nl'><title>t</title><body><p>Hallo</p></body></html>"
    first = write_pdf(html, tmp_path / "a.pdf")
    assert not first.reused
    calls = []
    monkeypatch.setattr(
        "toolbox_build.pdf.render.render_pdf_bytes", lambda *a, **k: calls.append(1)
    )
    second = write_pdf(html, tmp_path / "a.pdf")
    assert second.reused and calls == []


@pytest.mark.pdf
def test_reader_booklet_holds_part_1_and_only_that_route(bundled, booklet_pdf):
    route = bundled.reading_guide.reader_route("medewerker/startend")
    reader_pdf = PdfReader(booklet_pdf(route.key))
    titles = {title for _, title in _outline(reader_pdf)}
    fiches = [p for p in bundled.fiches() if p.kind == "fiche"]
    wanted = {s.target for s in route.stops}
    for page in fiches:
        label = f"{page.letter}. {page.title}"
        assert (label in titles) == (page.id in wanted), label
    for page in bundled.fiches():
        if page.kind == "chapter":
            assert page.title in titles


@pytest.mark.pdf
def test_contributed_html_prints_as_text(site_project):
    tool = site_project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    tool.write_text(
        tool.read_text(encoding="utf-8").replace(
            "description: Handleiding om met een groep bewoners in gesprek te gaan over hun buurt.",
            'description: "Let op <b>vet</b> en <script>alert(1)</script>"',
        ),
        encoding="utf-8",
    )
    result = validate_project(site_project)
    assert result.ok
    reader = PdfReader(_write(render_print_html(result.catalog, site_project)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    start = text.index("Let op")
    printed = "".join(text[start : start + 200].split())  # line breaks may fall inside a tag
    assert "Letop<b>vet</b>en<script>alert(1)</script>" in printed, printed


def _write(html: str) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "booklet.pdf"
    path.write_bytes(render_pdf_bytes(html, REPO_ROOT))
    return path


@pytest.mark.pdf
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm not installed")
def test_pages_render_to_images_for_review(edition_bytes, tmp_path):
    import subprocess

    (tmp_path / "e.pdf").write_bytes(edition_bytes)
    out = REPO_ROOT / "test-artifacts" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):  # pdftoppm pads page numbers to the PDF's page count
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "5",
            str(tmp_path / "e.pdf"),
            str(out / "page"),
        ],
        check=True,
    )
    assert len(list(out.glob("page-*.png"))) == 5


@pytest.mark.pdf
def test_pdf_command_renders_then_reuses(site_project, run_cli):
    first = run_cli("pdf")
    assert first.exit_code == 0, first.err
    path = site_project / "build" / "pdf" / "toolbox-zorgzame-buurten-testeditie.pdf"
    assert first.out.strip() == f"PDF gemaakt: {path}"
    assert PdfReader(path).outline
    second = run_cli("pdf")
    assert second.out.strip() == f"PDF hergebruikt (niets gewijzigd): {path}"


def test_pdf_command_refuses_an_unknown_reader(site_project, run_cli):
    result = run_cli("pdf", "--reader", "burgemeester")
    assert result.exit_code == 2
    assert result.err.strip() == (
        "toolbox: onbekende lezer 'burgemeester'; kies uit: regisseur/startend"
    )


def test_pdf_command_asks_a_role_for_its_experience(site_project, run_cli):
    result = run_cli("pdf", "--reader", "regisseur")
    assert result.exit_code == 2
    assert result.err.strip() == (
        "toolbox: onbekende lezer 'regisseur'; kies ook een ervaring: regisseur/startend"
    )


# -- the edition as a publication --------------------------------------------------------------


def _all_text(reader: PdfReader) -> str:
    return " ".join(_page_text(reader, i) for i in range(len(reader.pages)))


@pytest.mark.pdf
def test_introduction_is_in_the_pdf(pdf, bundled):
    intro = next(p for p in bundled.pages.values() if p.kind == "intro")
    assert (1, intro.title) in _outline(pdf) or (2, intro.title) in _outline(pdf)
    first_paragraph = next(
        line for line in intro.body.splitlines() if line and not line.startswith("#")
    )
    words = " ".join(first_paragraph.split()[:8])
    assert _squeeze(words) in _squeeze(_all_text(pdf))


@pytest.mark.pdf
def test_structure_has_one_element_per_html_table_and_section(edition_bytes, bundled):
    from .pdf_structure import link_annotations, structure, untagged_content, value

    html = render_print_html(bundled, REPO_ROOT, site_url="https://example.org/")
    tagged = PdfReader(io.BytesIO(edition_bytes))
    found = structure(tagged)
    assert found.types["/Table"] == html.count("<table")
    assert found.types["/Sect"] == html.count("<section")
    assert untagged_content(tagged, found) == []
    assert found.nested_links == 0
    assert all("/Scope" in cell["/A"] for cell in found.header_cells)
    levels = found.heading_levels
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert all(str(value(f, "/Alt", "")).strip() for f in found.figures)
    contents = [str(value(a, "/Contents", "")) for a in link_annotations(tagged)]
    assert all(c.strip() for c in contents)
    assert not [c for c in contents if re.fullmatch(r"(page|tool|ref|route)-[\w-]+", c)]
    assert not [c for c in contents if len(c) <= 3]  # a bare letter or step number says nothing


@pytest.mark.pdf
def test_pdfua_checker_finds_nothing_in_the_edition(edition_bytes, tmp_path):
    from pdfua import validate

    path = tmp_path / "editie.pdf"
    path.write_bytes(edition_bytes)
    report = validate(str(path))
    assert [(f.rule_id, f.severity.name, f.message) for f in report.findings] == []


@pytest.mark.pdf
def test_text_layer_reads_fiche_and_reflectie_without_ligatures(pdf):
    text = _all_text(pdf)
    assert "fiche" in text and "Reflectie" in text
    assert re.findall("[\ufb00-\ufb06]", text) == []


@pytest.mark.pdf
def test_citations_are_resolved_undated_as_zd_and_urls_printed_whole(pdf, bundled):
    text = _all_text(pdf)
    assert "[@" not in text  # citation groups such as [@a; @b] are resolved too
    # The Verantwoording quotes the 2024 toolbox as it was written, "(n.d.)" included; every
    # other page prints an undated work as "z.d.".
    account, start = _dest_page(pdf, "verantwoording"), _dest_page(pdf, "referenties")
    assert account < start
    outside = [i for i in range(len(pdf.pages)) if not account <= i < start]
    assert "n.d." not in " ".join(_page_text(pdf, i) for i in outside)
    assert "z.d." in " ".join(_page_text(pdf, i) for i in range(start, len(pdf.pages)))
    bibliography = "".join(_page_text(pdf, i) for i in range(start, len(pdf.pages)))
    assert "…" not in bibliography
    squeezed = "".join(bibliography.split())
    for ref in PrintDocument(bundled, REPO_ROOT).cited_references():
        if ref.url:
            assert "".join(ref.url.split()) in squeezed, ref.url


@pytest.mark.pdf
def test_reader_booklet_follows_the_route_with_its_own_references(bundled, booklet_pdf):
    route = bundled.reading_guide.reader_route("medewerker/startend")
    html = render_print_html(bundled, REPO_ROOT, reader=route.key, site_url=BOOKLET_SITE_URL)
    booklet = PdfReader(booklet_pdf(route.key))
    labels = [f"{p.letter}. {p.title}" for p in bundled.fiches() if p.kind == "fiche"]
    order = [title for _, title in _outline(booklet) if title in labels]
    wanted = [
        f"{bundled.pages[s.target].letter}. {bundled.pages[s.target].title}"
        for s in route.stops
        if bundled.pages[s.target].kind == "fiche"
    ]
    assert order == list(dict.fromkeys(wanted))
    cited = set(re.findall(r'id="ref-([\w-]+)"', html))
    linked = set(re.findall(r'href="#ref-([\w-]+)"', html))
    assert cited == linked  # only what the booklet cites, and all of it
    assert len(cited) < len(bundled.references)
    outside = [
        item.target
        for p in bundled.fiches()
        if f'id="page-{p.id}"' in html
        for item in p.read_next
        if f'id="page-{item.target}"' not in html
    ]
    assert outside, "the medewerker route should leave some 'Lees verder' targets out"
    text = _squeeze(" ".join(page.extract_text() for page in booklet.pages))
    assert text.count("nietinditboekjeonline") >= len(set(outside)) > 0


@pytest.mark.pdf
def test_tool_tables_share_one_column_grid(pdf):
    starts: dict[str, set[float]] = {"Omschrijving": set(), "Eigenaar": set()}

    def visit(text, cm, tm, font, font_size):
        word = text.strip()
        if word in starts:
            starts[word].add(round(tm[4] * cm[0] + cm[4], 1))

    pages = [i for i in range(len(pdf.pages)) if "Tool Omschrijving Eigenaar" in _page_text(pdf, i)]
    assert len(pages) > 14
    for index in pages:
        pdf.pages[index].extract_text(visitor_text=visit)
    assert len(starts["Omschrijving"]) == 1 and len(starts["Eigenaar"]) == 1, starts


@pytest.mark.pdf
def test_no_word_is_broken_without_a_hyphen(pdf, bundled):
    html = render_print_html(bundled, REPO_ROOT, site_url="https://example.org/")
    words = set(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", html).lower()))
    broken = []
    for page in pdf.pages:
        lines = page.extract_text().splitlines()
        for line, following in itertools.pairwise(lines):
            end = re.search(r"(\w+)$", line.strip())
            start = re.match(r"(\w+)", following.strip())
            if not end or not start or not start.group(1)[0].islower():
                continue
            head, tail = end.group(1).lower(), start.group(1).lower()
            if head + tail in words and head not in words:
                broken.append(f"{head}|{tail}")
    assert broken == []
