"""The PDF's Verantwoording: the corrections log by edition and kind, the note on the
reconstructed reading guide and what the edition adds; the log's places checked against the data."""

from __future__ import annotations

import io
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolbox_build.catalog.editions import month_label
from toolbox_build.catalog.model import in_sentence
from toolbox_build.pdf.document import render_print_html
from toolbox_build.pdf.render import render_pdf_bytes
from toolbox_build.views.account import CORRECTION_KINDS

from .conftest import FIXTURES, REPO_ROOT, validated_catalog
from .pdf_structure import outline_entries

TAG = re.compile(r"<[^>]+>")
NOTE = "Deze leeswijzer is gereconstrueerd: de figuur van 2024 ontbreekt."


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """The small test project with a corrections log and the bundled worksheet."""
    root = tmp_path_factory.mktemp("account") / "project"
    shutil.copytree(FIXTURES / "project", root)
    content = root / "content"
    shutil.copyfile(
        FIXTURES / "corrections" / "correction_holds.yaml", content / "corrections.yaml"
    )
    shutil.copyfile(REPO_ROOT / "content" / "worksheet.yaml", content / "worksheet.yaml")
    guide = content / "reading-guide.yaml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(
        text.replace("reconstructed: true\n", f"reconstructed: true\nnote: '{NOTE}'\n")
    )
    return root


@pytest.fixture(scope="module")
def catalog(small):
    return validated_catalog(small)


@pytest.fixture(scope="module")
def html(small, catalog) -> str:
    return render_print_html(catalog, small)


@pytest.fixture(scope="module")
def pdf(small, html) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf_bytes(html, small)))


def _chapter(html: str) -> str:
    start = html.index('<section class="account" id="verantwoording">')
    return html[start : html.index("</section>", start)]


def _texts(html: str, tag: str) -> list[str]:
    return [unescape(TAG.sub("", t)) for t in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html)]


def test_chapter_comes_after_the_index_and_before_the_references(html):
    assert html.index('id="index"') < html.index('id="verantwoording"')
    assert html.index('id="verantwoording"') < html.index('id="referenties"')
    toc = html[html.index('<nav class="toc"') : html.index("</nav>")]
    assert '<a href="#verantwoording">Verantwoording</a>' in toc


def _name(edition_id: str) -> str:
    """An edition as the chapter names it: the label its release stamps, in a sentence."""
    return in_sentence(month_label(edition_id))


def test_chapter_headings_and_entries_are_the_logs(html, catalog):
    chapter = _chapter(html)
    entries = catalog.corrections
    assert chapter.count('<dl class="correction') == len(entries)
    editions = sorted({e.edition for e in entries}, reverse=True)
    kinds = [k for k in CORRECTION_KINDS if any(e.kind == k.id for e in entries)]
    assert [h for h in _texts(chapter, "h2") if h.startswith("Editie")] == [
        f"Editie {_name(edition)} ({sum(e.edition == edition for e in entries)})"
        for edition in editions
    ]
    assert _texts(chapter, "h3") == [
        f"{k.heading} ({sum(e.kind == k.id for e in entries)})" for k in kinds
    ]
    for kind in kinds:
        assert f"<p>{kind.intro}</p>" in chapter
    assert _texts(chapter, "dt")[:4] == ["Waar", "In de bron", "In editie februari 2024", "Waarom"]


def test_chapter_has_the_note_on_the_reconstructed_guide(html, catalog):
    assert catalog.reading_guide.reconstructed
    assert catalog.reading_guide.note == NOTE
    assert f'<p class="account-guide-note">{NOTE}</p>' in _chapter(html)


def test_chapter_says_what_the_edition_adds_where_the_data_shows_it(html):
    chapter = _chapter(html)
    assert "Wat deze editie toevoegt aan de toolbox van 2024" in chapter
    assert _texts(chapter, "li") == [
        "een routekaart in de leeswijzer: per lezer een route langs de fiches, met bij elke"
        " halte waarom",
        "het invulbare werkblad \u201cReflectiewerkblad\u201d",
        "een alfabetische index van de tools, met de fiches waar ze staan",
    ]


def test_without_a_log_there_is_no_chapter(small, catalog):
    corrections = catalog.corrections
    catalog.corrections = []
    try:
        html = render_print_html(catalog, small)
    finally:
        catalog.corrections = corrections
    assert 'id="verantwoording"' not in html
    assert 'href="#verantwoording"' not in html


@pytest.mark.pdf
def test_outline_has_the_chapter_and_its_editions(pdf, catalog):
    flat = outline_entries(pdf)
    assert (1, "Verantwoording") in flat
    position = flat.index((1, "Verantwoording"))
    assert flat[position + 1 :].index((1, "Referenties")) > 0
    assert (2, f"Editie februari 2024 ({len(catalog.corrections)})") in flat


def test_log_naming_an_invented_place_is_an_error(project, run_cli):
    shutil.copyfile(
        FIXTURES / "corrections" / "correction_invented_place.yaml",
        project / "content" / "corrections.yaml",
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    path = "content/corrections.yaml"
    assert result.lines[:-1] == [
        f'{path}:5:12: fout [correction-place] de plaats \'Fiche Q "Visievorming", tabel, rij'
        " ‘Inspirerende video: Eenzaamheid’' noemt fiche Q, maar die bestaat niet — de"
        ' dichtstbijzijnde fiche is Fiche A "Visievorming: samen naar een gedeeld verhaal"; noem'
        " een fiche met haar letter en titel zoals in de gegevens",
        f'{path}:13:12: fout [correction-place] de plaats \'Fiche A "Visievorming", tabel, rij'
        " ‘Buurtbudget’' noemt rij ‘Buurtbudget’ in fiche A, maar die bestaat niet — een rij is de"
        " naam van een tool in die tabel, of een schrijfwijze van de bron die het logboek bij een"
        " tool van die tabel in 'source_says' bewaart",
    ]


def test_a_general_statement_in_the_log_is_checked_against_every_link(project, run_cli):
    """ "Alle links naar youtube.com gebruiken https" must hold for tools, references and prose."""
    shutil.copyfile(
        FIXTURES / "corrections" / "correction_general_statement.yaml",
        project / "content" / "corrections.yaml",
    )
    assert run_cli("validate").exit_code == 0  # true: every youtube.com link uses https
    fiche = project / "content" / "fiches" / "a-visievorming.md"
    fiche.write_text(
        fiche.read_text(encoding="utf-8") + "\nZie [de video](http://youtube.com/watch?v=abc).\n",
        encoding="utf-8",
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    line = len(fiche.read_text(encoding="utf-8").splitlines())
    assert [line for line in result.lines if "[correction-statement]" in line] == [
        "content/corrections.yaml:10:10: fout [correction-statement] het logboek zegt ‘Alle links"
        " naar youtube.com gebruiken https’, maar 1 link naar youtube.com gebruikt geen https:"
        f" a-visievorming.md:{line} (http://youtube.com/watch?v=abc) — schrijf https:// in die"
        " links, of pas de zin in het logboek aan",
    ]


def test_places_of_the_existing_fiches_chapters_and_rows_pass(project, run_cli):
    log = (FIXTURES / "corrections" / "correction_invented_place.yaml").read_text(encoding="utf-8")
    log = log.replace("Fiche Q", "Fiche A").replace(
        "rij ‘Buurtbudget’", 'rijen "Inspirerende video: Eenzaamheid"'
    )
    log = log.replace(
        'place: \'Fiche A "Visievorming"',
        'place: \'Deel 1, hoofdstuk "De buurtanalyse"; Fiche A "Visievorming"',
        1,
    )
    (project / "content" / "corrections.yaml").write_text(log, encoding="utf-8")
    result = run_cli("validate")
    assert result.lines == ["10 bestanden gecontroleerd: 0 fout(en), 0 waarschuwing(en)."]
