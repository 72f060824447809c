"""The corrections log is checked against the data, and the editorial rules find their problems.

Each fixture shows one behaviour; messages are asserted word for word.
"""

from __future__ import annotations

import shutil

import pytest

from toolbox_build.site.pages import SiteRenderer
from toolbox_build.validate import validate_project

from .conftest import FIXTURES


@pytest.fixture
def use_log(project):
    """Install tests/fixtures/corrections/<name>.yaml as the project's corrections log."""

    def install(name: str) -> str:
        shutil.copyfile(
            FIXTURES / "corrections" / f"{name}.yaml", project / "content" / "corrections.yaml"
        )
        return "content/corrections.yaml"

    return install


def test_log_that_matches_the_data_passes(use_log, run_cli):
    use_log("correction_holds")
    result = run_cli("validate")
    assert result.exit_code == 0
    assert result.lines == ["10 bestanden gecontroleerd: 0 fout(en), 0 waarschuwing(en)."]


def test_log_contradicted_by_the_data_is_an_error(use_log, run_cli):
    path = use_log("correction_mismatch")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        f"{path}:9:16: fout [correction-mismatch] het logboek zegt dat 'owner' van tool"
        " 'methodieken-groepsgesprekken' 'sam' bevat, maar het bevat 'saamo' — pas de gegevens of"
        " het logboek aan, zodat het logboek precies beschrijft wat de gegevens zeggen"
    ]


def test_log_about_a_record_that_does_not_exist_is_an_error(use_log, run_cli):
    path = use_log("correction_unknown_record")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        f"{path}:6:20: fout [correction-record] het logboek verwijst naar een onbekende tool"
        " 'bouwen-aan-een-organisatiestructuur' — gebruik een bestaande tool-id"
    ]


def test_log_about_a_missing_field_is_an_error(use_log, run_cli):
    path = use_log("correction_missing_field")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        f"{path}:7:12: fout [correction-field] tool 'inspirerende-video-eenzaamheid' heeft geen"
        " veld 'links[1].url' — het logboek moet een veld noemen dat in het record staat; pas het"
        " record of het logboek aan"
    ]


def test_merged_record_must_keep_every_rows_citations(use_log, run_cli):
    use_log("merged_citations_missing")
    result = run_cli("validate")
    assert result.exit_code == 0
    assert result.lines[:-1] == [
        "tools_catalog/inspirerende-video-eenzaamheid.yaml:2:1: waarschuwing [merged-citations]"
        " samengevoegd uit 2 rijen, maar mist hun referentie(s) 'bloemen-2022' — een"
        " samengevoegd record citeert alles wat de afzonderlijke rijen citeren"
    ]


EXPECTED_RECORDS = {
    "near_url": [
        "tools_catalog/methodieken-groepsgesprekken.yaml:6:10: waarschuwing [near-url] url"
        " 'https://www.saamo.be/publicatie.pdf' verschilt enkel in het einde van"
        " 'https://www.saamo.be/publicatieboek.pdf' (near-url.yaml) — meestal is dat hetzelfde"
        " bestand, twee keer anders geschreven; controleer welke schrijfwijze werkt en gebruik die"
        " overal",
        "tools_catalog/near-url.yaml:6:10: waarschuwing [near-url] url"
        " 'https://www.saamo.be/publicatieboek.pdf' verschilt enkel in het einde van"
        " 'https://www.saamo.be/publicatie.pdf' (methodieken-groepsgesprekken.yaml) — meestal is"
        " dat hetzelfde bestand, twee keer anders geschreven; controleer welke schrijfwijze werkt"
        " en gebruik die overal",
    ],
    "foreign_link": [
        "tools_catalog/foreign-link.yaml:6:10: waarschuwing [foreign-link] link naar 'vvsg.be'"
        " past niet bij eigenaar 'saamo' of de geciteerde bron (saamo.be) — controleer of de link"
        " bij deze tool hoort; klopt hij, leg dan uit waarom in content/corrections.yaml",
    ],
    "shared_reference": [
        "content/references.yaml:2:10: waarschuwing [shared-reference] referentie 'bloemen-2022'"
        " is de bron van 2 verschillende tools: methodieken-groepsgesprekken, shared-reference"
        " — gaat het om dezelfde tool, voeg de records samen; bundelt het werk echt meerdere"
        " tools, leg dat uit in content/corrections.yaml",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_RECORDS))
def test_fixture_record_shows_its_editorial_warning(name, add_record, run_cli):
    add_record(name)
    result = run_cli("validate")
    assert result.lines[:-1] == EXPECTED_RECORDS[name]
    assert result.exit_code == 0


def test_foreign_link_explained_in_the_log_is_accepted(add_record, use_log, run_cli):
    add_record("foreign_link")
    use_log("correction_settles_foreign_link")
    result = run_cli("validate")
    assert result.lines == ["11 bestanden gecontroleerd: 0 fout(en), 0 waarschuwing(en)."]


def test_video_platform_link_is_not_foreign(project, run_cli):
    # The fixture project's video of the Departement Zorg lives on YouTube.
    text = (project / "tools_catalog" / "inspirerende-video-eenzaamheid.yaml").read_text("utf-8")
    assert "youtube.com" in text and "references" not in text
    assert run_cli("validate").exit_code == 0
    assert "foreign-link" not in run_cli("validate").out


def test_bibliography_entry_nothing_cites(project, run_cli):
    shutil.copyfile(
        FIXTURES / "references" / "unused_reference.yaml", project / "content" / "references.yaml"
    )
    result = run_cli("validate")
    assert result.lines[:-1] == [
        "content/references.yaml:7:10: waarschuwing [unused-reference] referentie 'heylen-nd'"
        " wordt nergens geciteerd — citeer ze bij een tool (references) of in een tekst met"
        " [@sleutel], of verwijder ze uit de bibliografie"
    ]


def test_heading_with_a_word_the_text_spells_apart(project, run_cli):
    shutil.copyfile(
        FIXTURES / "pages" / "glued_word.md", project / "content" / "fiches" / "a-visievorming.md"
    )
    result = run_cli("validate")
    assert result.lines[:-1] == [
        "content/fiches/a-visievorming.md:14:1: waarschuwing [glued-word] 'buurtwerking' in het"
        " label 'Aan de slag met je buurtwerking' staat aan elkaar, maar de tekst van deze pagina"
        " schrijft 'buurt werking' — schrijf het label zoals de tekst, of pas de tekst aan als"
        " het label klopt"
    ]


def test_account_page_escapes_the_log_and_links_each_record(project, use_log):
    use_log("correction_holds")
    log = project / "content" / "corrections.yaml"
    log.write_text(
        log.read_text("utf-8").replace(
            "De video-id met het cijfer 0 werkt niet.", "<script>alert(1)</script> werkt niet."
        ),
        "utf-8",
    )
    result = validate_project(project)
    assert result.ok
    renderer = SiteRenderer(result.catalog, project)
    page = next(f.text for f in renderer.render_all() if f.path == "verantwoording.md")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; werkt niet." in page
    assert '<a href="../tools/inspirerende-video-eenzaamheid/">' in page
    assert "### Schrijfwijze van eigenaars (1) { #owner-spelling-2024-02 }" in page
    assert "### Adressen (1) { #address-2024-02 }" in page
    assert {"Verantwoording": "verantwoording.md"} in renderer.nav()


def test_project_without_a_log_has_no_account_page(project):
    result = validate_project(project)
    renderer = SiteRenderer(result.catalog, project)
    assert "verantwoording.md" not in {f.path for f in renderer.render_all()}
    assert {"Verantwoording": "verantwoording.md"} not in renderer.nav()
