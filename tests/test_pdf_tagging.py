"""The repaired structure tree on a small document made to trip every known WeasyPrint gap:
a table over several pages, a TOC line with a leader, running headers, a skipped heading level,
form fields. Fast (one small render), so it runs on every change."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolbox_build.pdf.render import render_pdf_bytes

from .pdf_structure import (
    artifact_text,
    cells_of,
    items,
    link_annotations,
    parent_tree,
    pdf_root,
    rows_of,
    structure,
    untagged_content,
)

ROWS = 60
HTML = """<!doctype html><html lang="nl"><head><title>Proef</title><style>
@page {{ size: A5; @top-left {{ content: "Koptekst"; }}
  @bottom-right {{ content: counter(page); }} }}
thead {{ display: table-header-group; }}
a.toc::after {{ content: leader(".") target-counter(attr(href), page); }}
</style></head><body>
<h1>Titel</h1><h3>Een niveau te diep</h3>
<p><a class="toc" href="#t">Naar de tabel</a> <a href="#t" title="De tabel met tools">↓</a>
<a href="https://example.org/a/b"><span>example</span><wbr><span>.org/</span></a></p>
<section id="t"><h2>Tabel</h2>
<table><thead><tr><th>Tool</th><th>Omschrijving</th></tr></thead><tbody>{rows}</tbody></table>
</section>
<section style="break-before: page"><h2>Werkblad</h2>
<p>Voor de figuur.</p><svg width="20" height="20"><title>Vierkant</title>
<rect width="20" height="20"/></svg><p>Na de figuur.</p>
<form><input type="checkbox" name="ok" title="In orde">
<input type="text" name="d" title="Datum"></form></section>
</body></html>"""


def _html() -> str:
    rows = "".join(
        f"<tr><th scope='row'>Tool {i}</th><td>{'Een lange omschrijving ' * (3 + i % 9)}</td></tr>"
        for i in range(ROWS)
    )
    return HTML.format(rows=rows)


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_pdf_bytes(_html())


@pytest.fixture(scope="module")
def pdf(data) -> PdfReader:
    return PdfReader(io.BytesIO(data))


@pytest.mark.pdf
def test_table_over_several_pages_is_one_table_with_every_row_once(pdf):
    assert len(pdf.pages) >= 3
    found = structure(pdf)
    assert found.types["/Table"] == 1
    assert found.types["/Sect"] == 2  # continued sections merge, separate ones do not
    # ... and the anonymous box around the inline figure is no section inside the section.
    assert [str(f["/Alt"]) for f in found.figures] == ["Vierkant"]
    assert str(found.figures[0]["/P"]["/S"]) == "/Sect"
    rows = rows_of(found.tables[0])
    assert len(rows) == ROWS + 1  # the header row once, not once per page
    assert all(len(cells_of(row)) == 2 for row in rows)


@pytest.mark.pdf
def test_header_cells_carry_scope(pdf):
    scopes = [str(cell["/A"]["/Scope"]) for cell in structure(pdf).header_cells]
    assert scopes[:2] == ["/Column", "/Column"]
    assert scopes[2:] == ["/Row"] * ROWS


@pytest.mark.pdf
def test_running_headers_and_repeated_table_headers_are_artifacts(pdf):
    found = structure(pdf)
    assert untagged_content(pdf, found) == []
    for index in range(1, len(pdf.pages)):
        assert artifact_text(pdf, index)


@pytest.mark.pdf
def test_heading_levels_never_skip(pdf):
    levels = structure(pdf).heading_levels
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


@pytest.mark.pdf
def test_each_link_is_one_element_with_a_readable_description(pdf):
    found = structure(pdf)
    assert found.nested_links == 0
    assert found.types["/Link"] == 3
    contents = {str(a["/Contents"]) for a in link_annotations(pdf)}
    assert contents == {"Naar de tabel", "De tabel met tools", "example.org/"}
    # Every annotation hangs directly under its Link element, and the parent tree agrees.
    parents = parent_tree(pdf)
    for annotation in link_annotations(pdf):
        assert str(parents[int(annotation["/StructParent"])]["/S"]) == "/Link"


@pytest.mark.pdf
def test_every_field_state_has_an_appearance(pdf):
    form = pdf_root(pdf)["/AcroForm"]
    assert "/NeedAppearances" not in form
    fields = {str(f["/T"]): f for f in items(form["/Fields"])}
    assert set(fields["ok"]["/AP"]["/N"].keys()) == {"/on", "/Off"}
    assert fields["d"]["/AP"]["/N"].get_data() == b"/Tx BMC\nEMC"
    assert str(fields["d"]["/TU"]) == "Datum"


@pytest.mark.pdf
def test_pdfua_checker_finds_nothing(data, tmp_path: Path):
    from pdfua import validate

    path = tmp_path / "proef.pdf"
    path.write_bytes(data)
    report = validate(str(path))
    assert [(f.rule_id, f.severity.name, f.message) for f in report.findings] == []


@pytest.mark.pdf
def test_same_input_same_bytes(data):
    assert render_pdf_bytes(_html()) == data
