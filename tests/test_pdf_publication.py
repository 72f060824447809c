"""The PDF as a publication, on the small test project (one fiche, one chapter, two tools):
identity, addresses and QR codes for paper, text layer, type sizes, the worksheet, hygiene."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolbox_build.pdf.addresses import readable_address
from toolbox_build.pdf.document import render_print_html
from toolbox_build.pdf.render import render_pdf_bytes, stamp_path, write_pdf

from .conftest import FIXTURES, REPO_ROOT, validated_catalog
from .pdf_structure import items, pdf_root, structure, untagged_content, value

SITE = "https://toolbox.example.org/"
IDENTITY = """publisher:
  name: Uitgeverij Proef
  url: https://www.proef.example.org/
  logo: content/assets/logo.svg
  colours:
    primary: "#123456"
    clusters: {professionals: "#654321"}
"""
LIGATURES = re.compile("[\ufb00-\ufb06]")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pdf") / "project"
    shutil.copytree(FIXTURES / "project", root)
    content = root / "content"
    edition = content / "edition.yaml"
    text = edition.read_text(encoding="utf-8").replace("label: Testeditie", "label: Februari 2024")
    edition.write_text(text + IDENTITY, encoding="utf-8")
    (content / "assets").mkdir()
    shutil.copyfile(REPO_ROOT / "content" / "assets" / "logo.svg", content / "assets" / "logo.svg")
    shutil.copyfile(REPO_ROOT / "content" / "worksheet.yaml", content / "worksheet.yaml")
    return root


@pytest.fixture(scope="module")
def catalog(small):
    return validated_catalog(small)


@pytest.fixture(scope="module")
def data(small, catalog) -> bytes:
    return render_pdf_bytes(render_print_html(catalog, small, site_url=SITE), small)


@pytest.fixture(scope="module")
def reader(data) -> PdfReader:
    return PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def pages(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.pdf
def test_cover_and_back_cover_carry_the_publisher_identity(reader, pages):
    cover, back = _flat(pages[0]), _flat(pages[-1])
    assert "Uitgeverij Proef" in cover and "proef.example.org" in cover
    assert "Een uitgave van Uitgeverij Proef" in back
    assert "toolbox.example.org" in back
    alts = [str(value(f, "/Alt")) for f in structure(reader).figures]
    assert alts.count("Logo van Uitgeverij Proef") == 1  # on the cover


@pytest.mark.pdf
def test_edition_month_is_lower_case_on_cover_footer_and_metadata(reader, pages, catalog):
    assert "Editie februari 2024" in _flat(pages[0])
    assert "Editie februari 2024" in _flat(pages[3])  # the running footer
    # The toolbox's name is site_name (mkdocs.yml; this project has none, so the default).
    assert catalog.settings.site_name == "Toolbox"
    assert reader.metadata.title == "Toolbox — editie februari 2024"
    assert not any("Februari 2024" in p for p in pages)


@pytest.mark.pdf
def test_every_tool_prints_a_short_address_that_breaks_only_between_its_pieces(catalog, pages):
    from toolbox_build.pdf.addresses import short_address

    text = "".join(pages)
    for tool in catalog.tools.values():
        for link in tool.links:
            address = readable_address(link.url)
            assert not address.startswith(("http", "www."))
            pieces = re.findall(r"<span>([^<]*)</span>", str(short_address(link.url)))
            assert "".join(pieces).replace("&amp;", "&") == address
            # The address may wrap between pieces (after "/", before "."), never inside one,
            # and gains no hyphen.
            pattern = r"\s*".join(re.escape(p.replace("&amp;", "&")) for p in pieces)
            assert re.search(pattern, text), address


@pytest.mark.pdf
def test_each_fiche_has_a_qr_code_to_its_web_page(reader, catalog):
    alts = [str(value(f, "/Alt")) for f in structure(reader).figures]
    fiches = [p for p in catalog.fiches() if p.kind == "fiche"]
    wanted = [f"QR-code naar de webpagina van {p.letter}. {p.title}" for p in fiches]
    assert [a for a in alts if a.startswith("QR-code")] == wanted


@pytest.mark.pdf
def test_text_layer_has_no_ligature_glyphs(pages):
    text = "".join(pages)
    assert "Reflectie" in text and "fiche" in text.lower()
    assert LIGATURES.findall(text) == []


@pytest.mark.pdf
def test_table_text_is_at_least_9_points(reader, catalog):
    starts = [tool.description[:15] for tool in catalog.tools.values()]
    sizes = []

    def visit(text, cm, tm, font, font_size):
        if text.startswith(tuple(starts)):
            sizes.append(font_size * abs(tm[3]) * abs(cm[3]))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 9 - 0.01, sizes


@pytest.mark.pdf
def test_worksheet_comes_from_content_with_appearances_for_every_state(small, reader):
    import yaml

    sheet = yaml.safe_load((small / "content" / "worksheet.yaml").read_text(encoding="utf-8"))
    form = pdf_root(reader)["/AcroForm"]
    assert "/NeedAppearances" not in form
    fields = {str(f["/T"]): f for f in items(form["/Fields"])}
    for item in sheet["statements"]:
        for suffix, label in (("in-orde", "In orde"), ("werkpunt", "Werkpunt")):
            field = fields[f"{item['id']}-{suffix}"]
            assert str(field["/TU"]) == f"{label}: {item['text']}"
            assert set(field["/AP"]["/N"].keys()) == {"/on", "/Off"}
    for item in sheet["questions"]:
        field = fields[item["id"]]
        assert str(field["/FT"]) == "/Tx" and str(field["/TU"]) == item["text"]
        assert "/N" in field["/AP"]


@pytest.mark.pdf
def test_field_font_covers_the_characters_dutch_users_type(reader):
    from fontTools.ttLib import TTFont

    form = pdf_root(reader)["/AcroForm"]
    appearance = value(form["/Fields"], -1)["/DA"]
    font_name = re.search(rb"/(\S+) [\d.]+ Tf", appearance.original_bytes).group(1)
    font = form["/DR"]["/Font"]["/" + font_name.decode()]
    descriptor = value(font["/DescendantFonts"], 0)["/FontDescriptor"]
    embedded = value(descriptor, "/FontFile2") or value(descriptor, "/FontFile3")
    cmap = TTFont(io.BytesIO(embedded.get_data())).getBestCmap()
    assert all(ord(c) in cmap for c in "aàáâäçèéêëïîíôöóüûúñ€ ÀÉÈËÏÖÜ'’")


@pytest.mark.pdf
def test_structure_is_whole_and_pdfua_checker_finds_nothing(data, reader, tmp_path):
    from pdfua import validate

    found = structure(reader)
    assert untagged_content(reader, found) == []
    assert found.nested_links == 0
    path = tmp_path / "klein.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    assert [(f.rule_id, f.severity.name, f.message) for f in report.findings] == []


@pytest.mark.pdf
def test_written_pdf_is_world_readable_and_stamp_records_inputs_and_pdf(tmp_path):
    html = "<html lang='nl'><title>t</title><body><p>Hallo</p></body></html>"
    output = tmp_path / "a.pdf"
    old = os.umask(0o022)
    try:
        assert not write_pdf(html, output).reused
    finally:
        os.umask(old)
    assert stat.S_IMODE(output.stat().st_mode) == 0o644
    stamp = stamp_path(output)
    assert stamp.name == "a.pdf.inputs.sha256"
    lines = stamp.read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["inputs", "pdf"]
    import hashlib

    assert lines[1].split()[1] == hashlib.sha256(output.read_bytes()).hexdigest()
    assert write_pdf(html, output).reused
    output.write_bytes(output.read_bytes() + b"\n")  # the PDF changed by hand: render again
    assert not write_pdf(html, output).reused


def test_table_without_header_text_prints_as_a_list(catalog, small):
    import dataclasses

    from toolbox_build.pdf.document import PrintDocument

    page = next(iter(catalog.pages.values()))
    listing = dataclasses.replace(page, body="| | |\n|---|---|\n| 1 | 3 |\n| 2 | |\n")
    headed = dataclasses.replace(page, body="| Wie | Wat |\n|---|---|\n| een | twee |\n")
    document = PrintDocument(catalog, small)
    assert document.body(listing) == (
        '<ul class="table-list"><li>1</li><li>2</li><li>3</li></ul>'  # column by column
    )
    assert "<th>Wie</th>" in document.body(headed)


@pytest.mark.pdf
def test_pdf_without_site_url_warns_once_and_prints_no_qr_codes(project, run_cli):
    result = run_cli("pdf")
    assert result.exit_code == 0, result.err
    assert result.err.splitlines() == [
        "toolbox: waarschuwing: geen site_url in mkdocs.yml — zonder webadres geen sitemap.xml, "
        "geen canonieke links, en in de PDF geen QR-codes of webadressen van de fiches"
    ]
    path = project / "build" / "pdf" / "toolbox-zorgzame-buurten-testeditie.pdf"
    pdf = PdfReader(path)
    assert not [f for f in structure(pdf).figures if str(value(f, "/Alt", "")).startswith("QR")]
