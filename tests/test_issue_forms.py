"""Issue forms generated from the data, and proposals read back with `new --from-issue`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from toolbox_build.catalog.load import read_project
from toolbox_build.contribute.issue_forms import (
    render_forms,
)
from toolbox_build.validate import validate_project
from toolbox_build.views.proposal_forms import (
    FORMS_DIR,
    MAX_BODY,
    NEW_TOOL_FORM,
    OTHER_OWNER,
    REPORT_FORM,
    choices,
    issue_url,
)

from .conftest import FIXTURES, REPO_ROOT

ISSUES = FIXTURES / "issues"
FIELD_ID = re.compile(r"^[a-z0-9_-]+$")


def _form(root: Path, name: str) -> dict:
    return yaml.safe_load((root / FORMS_DIR / name).read_text(encoding="utf-8"))


def _dropdown(form: dict, field_id: str) -> list[str]:
    return next(item for item in form["body"] if item.get("id") == field_id)["attributes"][
        "options"
    ]


def _proposal(tmp_path: Path, name: str, text: str | None = None) -> Path:
    body = tmp_path / f"{name}.md"
    if text is None:
        shutil.copyfile(ISSUES / f"{name}.md", body)
    else:
        body.write_text(text, encoding="utf-8")
    return body


# --- the forms ---------------------------------------------------------------------------------


def test_committed_forms_are_the_ones_the_data_generates():
    catalog = validate_project(REPO_ROOT).catalog
    for name, text in render_forms(catalog).items():
        committed = (REPO_ROOT / FORMS_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} drifted: run `toolbox issue-forms`"


@pytest.mark.parametrize("name", [NEW_TOOL_FORM, REPORT_FORM])
def test_forms_follow_githubs_issue_form_rules(name):
    form = _form(REPO_ROOT, name)
    assert {"name", "description", "body"} <= set(form)
    ids = [item["id"] for item in form["body"] if "id" in item]
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids)) and all(FIELD_ID.match(i) for i in ids)
    assert len(labels) == len(set(labels))
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown"}
        if item["type"] != "markdown":
            assert "id" in item, "every field has an id, so a URL parameter can prefill it"
        if item["type"] == "dropdown":
            options = item["attributes"]["options"]
            assert options and len(options) == len(set(options))
            assert all(o.strip() and o != "None" for o in options)


def test_new_tool_form_offers_exactly_the_catalogues_choices():
    catalog, _, _ = read_project(REPO_ROOT)
    form = _form(REPO_ROOT, NEW_TOOL_FORM)
    assert form["name"] == "Nieuwe tool voorstellen"
    fiches = _dropdown(form, "fiche")
    assert len(fiches) == len(catalog.fiches())
    categories = [c for p in catalog.fiches() for c in p.categories]
    assert len(_dropdown(form, "categorie")) == len(categories)
    assert all(" › " in option for option in _dropdown(form, "categorie"))
    assert len(_dropdown(form, "lezers")) == len(catalog.reading_guide.reader_types)
    assert len(_dropdown(form, "vormen")) == len(catalog.vocabularies.ids("formats"))
    assert _dropdown(form, "eigenaar") == [
        *sorted((o.name for o in catalog.organisations.values()), key=str.casefold),
        OTHER_OWNER,
    ]
    multiple = [i["id"] for i in form["body"] if i["attributes"].get("multiple")]
    assert multiple == ["lezers", "vormen"]
    assert _form(REPO_ROOT, REPORT_FORM)["name"] == "Fout melden in een tool"


def test_issue_forms_check_reports_a_form_that_drifted(project, run_cli):
    assert run_cli("issue-forms").exit_code == 0
    assert run_cli("issue-forms", "--check").exit_code == 0
    organisations = project / "content" / "organisations.yaml"
    organisations.write_text(
        organisations.read_text(encoding="utf-8")
        + "  - id: buurtwerk-noord\n    name: Buurtwerk Noord\n",
        encoding="utf-8",
    )
    result = run_cli("issue-forms", "--check")
    assert result.exit_code == 1
    assert result.lines == [
        f"{FORMS_DIR / NEW_TOOL_FORM}: verschilt van de gegevens; maak het opnieuw met "
        "`toolbox issue-forms`"
    ]
    assert run_cli("issue-forms").lines == [f"Geschreven: {FORMS_DIR / NEW_TOOL_FORM}"]
    assert "Buurtwerk Noord" in _dropdown(_form(project, NEW_TOOL_FORM), "eigenaar")


def test_prefilled_form_addresses_escape_every_value():
    url = issue_url(
        "https://github.com/vlaanderen/toolbox", NEW_TOOL_FORM, fiche="A. Zorg & welzijn?#x"
    )
    assert url == (
        "https://github.com/vlaanderen/toolbox/issues/new?template=nieuwe-tool.yml"
        "&fiche=A.+Zorg+%26+welzijn%3F%23x"
    )
    assert issue_url(None, NEW_TOOL_FORM, fiche="x") is None
    assert issue_url("javascript:alert(1)", NEW_TOOL_FORM) is None


# --- proposals back into records ---------------------------------------------------------------


def test_a_complete_proposal_becomes_a_valid_record(project, tmp_path, run_cli):
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "complete_proposal")))
    assert result.exit_code == 0, result.out
    assert result.lines == [
        "Nieuwe tool **Buurtbabbels organiseren** uit een voorstel.",
        "",
        "- `tools_catalog/buurtbabbels-organiseren.yaml`",
    ]
    record = yaml.safe_load(
        (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").read_text(encoding="utf-8")
    )
    assert record["name"] == "Buurtbabbels organiseren"
    assert record["description"] == (
        "Een draaiboek om met bewoners aan tafel te zitten en te horen wat zij in hun buurt "
        "belangrijk vinden."
    )
    assert record["owner"] == "saamo"
    assert record["links"] == [
        {"url": "https://www.saamo.be/buurtbabbels", "label": "Draaiboek bij SAAMO"}
    ]
    assert record["formats"] == ["draaiboek", "hand-outs"]
    assert record["reader_types"] == ["medewerker", "startend"]
    assert record["placements"][0]["fiche"] == "buurtanalyse"
    assert record["placements"][0]["category"] == "algemene-tools"
    assert run_cli("validate").exit_code == 0


def test_an_incomplete_proposal_is_answered_with_what_to_fix(project, tmp_path, run_cli):
    before = sorted(p.name for p in (project / "tools_catalog").iterdir())
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "incomplete_proposal")))
    assert result.exit_code == 1
    assert result.out == (
        "Dit voorstel kan nog niet omgezet worden. Dit moet nog aangepast worden:\n"
        "\n"
        "- **Korte omschrijving in je eigen woorden**: dit veld is leeg — vul het in\n"
        "- **Link naar de tool**: 'buurtbabbels' is geen volledig webadres; kopieer het adres "
        "uit de adresbalk van je browser, bv. https://www.voorbeeld.be/…\n"
        "- **Tussentitel in de fiche**: deze fiche heeft tussentitels, maar er is er geen "
        "gekozen — kies een van: 'De buurtanalyse › Algemene tools'\n"
        "- **Naam van de nieuwe organisatie**: er is gekozen voor een andere organisatie, maar "
        "haar naam ontbreekt — vul de naam van de organisatie in\n"
        "- **Voor wie is de tool?**: er is niets gekozen — kies minstens één waarde\n"
        "\n"
        "Pas het voorstel aan (via ··· → *Edit* bovenaan het voorstel) en laat het de redactie "
        "weten; die start de omzetting dan opnieuw.\n"
    )
    assert sorted(p.name for p in (project / "tools_catalog").iterdir()) == before


def test_hostile_text_stays_inert_data_inside_the_catalogue(project, tmp_path, run_cli):
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "hostile_proposal")))
    assert result.exit_code == 0, result.out
    # The name's "../" and "owner:" became neither a path nor a field.
    written = sorted((project / "tools_catalog").glob("*.yaml"))
    new = [p for p in written if p.name.startswith("script-")]
    assert [p.name for p in new] == ["script-alert-1-script-owner-evil-content-edition.yaml"]
    assert not (project / "content" / "edition.yaml.yaml").exists()
    record = yaml.safe_load(new[0].read_text(encoding="utf-8"))
    assert set(record) == {
        "name",
        "description",
        "owner",
        "links",
        "formats",
        "reader_types",
        "language",
        "placements",
    }
    assert record["name"] == '<script>alert(1)</script>" owner: evil ../../../content/edition'
    assert record["owner"] == "saamo"
    assert record["reader_types"] == ["medewerker"]
    # The answer on the issue shows the name as text, not as HTML.
    assert result.lines[0] == (
        'Nieuwe tool **&lt;script&gt;alert\\(1\\)&lt;/script&gt;" owner: evil '
        "../../../content/edition** uit een voorstel."
    )


def test_unknown_choices_are_refused_and_shown_escaped(project, tmp_path, run_cli):
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "unknown_choices_proposal")))
    assert result.exit_code == 1
    assert result.lines[2:4] == [
        "- **Fiche**: onbekende fiche 'Z. &lt;b&gt;Bestaat niet&lt;/b&gt; owner: evil' — kies "
        "een van: 'A. Visievorming: samen naar een gedeeld verhaal'; 'De buurtanalyse'",
        "- **Voor wie is de tool?**: onbekende keuze 'Iedereen' — kies uit: 'Medewerker in de "
        "buurt'; 'Startend'; 'Regisseur of trekker'",
    ]


def test_a_field_given_twice_is_refused(project, tmp_path, run_cli):
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "spoofed_field_proposal")))
    assert result.exit_code == 1
    assert result.lines[2] == (
        "- **Eigenaar**: dit veld staat meer dan eens in het voorstel — laat het één keer staan"
    )


def test_huge_values_are_refused_with_their_length(project, tmp_path, run_cli):
    text = (ISSUES / "complete_proposal.md").read_text(encoding="utf-8")
    long_name = text.replace("Buurtbabbels organiseren", "Buurt" * 400, 1)
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "long", long_name)))
    assert result.exit_code == 1
    assert (
        result.lines[2]
        == "- **Naam van de tool**: te lang: 2000 tekens, hoogstens 150 — maak het korter"
    )
    huge = text + "x" * MAX_BODY
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "huge", huge)))
    assert result.exit_code == 1
    assert result.lines[2] == (
        f"- **voorstel**: het voorstel is te lang \\({len(huge)} tekens, hoogstens {MAX_BODY}\\) — "
        "gebruik het formulier 'Nieuwe tool voorstellen' en vul alleen de velden in"
    )


def test_a_body_that_is_no_form_is_refused(project, tmp_path, run_cli):
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "free", "Graag Buurtbabbels!")))
    assert result.exit_code == 1
    assert result.lines[2] == (
        "- **voorstel**: geen velden van het formulier 'Nieuwe tool voorstellen' gevonden — "
        "maak het voorstel met dat formulier, zodat elk veld een eigen kop heeft"
    )


def test_a_new_organisation_from_a_proposal_is_added_to_the_registry(project, tmp_path, run_cli):
    text = (ISSUES / "complete_proposal.md").read_text(encoding="utf-8")
    text = text.replace("### Eigenaar\n\nSAAMO", f"### Eigenaar\n\n{OTHER_OWNER}")
    text = text.replace(
        "### Naam van de nieuwe organisatie\n\n_No response_",
        "### Naam van de nieuwe organisatie\n\nBuurtwerk Noord",
    )
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "new_owner", text)))
    assert result.exit_code == 0, result.out
    assert "- `content/organisations.yaml`" in result.lines
    catalog, _, _ = read_project(project)
    assert catalog.organisations["buurtwerk-noord"].name == "Buurtwerk Noord"
    assert catalog.tools["buurtbabbels-organiseren"].owner == "buurtwerk-noord"


def test_multiple_choice_answers_split_only_between_options(project):
    from toolbox_build.contribute.issue_forms import _pick_many

    catalog, _, _ = read_project(project)
    formats = choices(catalog).formats
    formats["Boeken, tijdschriften"] = "boek"  # an option with a comma in its text
    picked, unknown = _pick_many("Boeken, tijdschriften, Video, Onbekend", formats)
    assert picked == ["boek", "video"]
    assert unknown == ["Onbekend"]


# --- links from the site -----------------------------------------------------------------------


def _pages(root: Path) -> dict[str, str]:
    from toolbox_build.site.build import render_docs

    files, _ = render_docs(validate_project(root).catalog, root)
    return {f.path: f.text for f in files}


def test_without_repo_url_the_site_shows_no_suggestion_links(site_project):
    pages = _pages(site_project)
    assert not any("Stel een" in text for text in pages.values())


def _set_repo_url(config: Path, url: str) -> None:
    """mkdocs.yml with ``repo_url: url`` in place of any repo_url it had."""
    others = [
        line
        for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("repo_url:")
    ]
    config.write_text(f"repo_url: {url}\n" + "".join(others), encoding="utf-8")


def test_every_tool_and_fiche_page_links_to_its_prefilled_form(site_project):
    _set_repo_url(site_project / "mkdocs.yml", "https://github.com/voorbeeld/toolbox/")
    pages = _pages(site_project)
    issues = "https://github.com/voorbeeld/toolbox/issues/new?"
    assert (
        f'<a class="md-button" href="{issues}template=fout-melden.yml&amp;'
        "title=Fout+in+tool%3A+Inspirerende+video%3A+Eenzaamheid&amp;"
        "tool=Inspirerende+video%3A+Eenzaamheid+%28inspirerende-video-eenzaamheid%29&amp;"
        'fiche=A.+Visievorming%3A+samen+naar+een+gedeeld+verhaal">Stel een wijziging voor</a>'
    ) in pages["tools/inspirerende-video-eenzaamheid.md"]
    fiche = pages["fiches/a-visievorming.md"]
    assert (
        f'<a class="md-button" href="{issues}template=nieuwe-tool.yml&amp;'
        'fiche=A.+Visievorming%3A+samen+naar+een+gedeeld+verhaal">Stel een tool voor</a>'
    ) in fiche
    assert f'href="{issues}template=fout-melden.yml&amp;title=Wijziging+in+A.' in fiche
    tool_pages = [p for p in pages if p.startswith("tools/") and p != "tools/index.md"]
    fiche_pages = [p for p in pages if p.startswith(("fiches/", "deel-1/"))]
    assert tool_pages and fiche_pages
    assert all("Stel een wijziging voor" in pages[p] for p in tool_pages + fiche_pages)
    assert all("Stel een tool voor" in pages[p] for p in fiche_pages)


def test_prefilled_values_are_options_the_form_offers(site_project):
    from urllib.parse import parse_qs, urlsplit

    _set_repo_url(site_project / "mkdocs.yml", "https://github.com/voorbeeld/toolbox")
    catalog = validate_project(site_project).catalog
    forms = {name: yaml.safe_load(text) for name, text in render_forms(catalog).items()}
    hrefs = [
        href.replace("&amp;", "&")
        for text in _pages(site_project).values()
        for href in re.findall(r'href="(https://github.com/[^"]+)"', text)
    ]
    assert hrefs
    for href in hrefs:
        query = parse_qs(urlsplit(href).query)
        form = forms[query.pop("template")[0]]
        query.pop("title", None)
        for field_id, (value,) in query.items():
            item = next(i for i in form["body"] if i.get("id") == field_id)
            if item["type"] == "dropdown":
                assert value in item["attributes"]["options"], (field_id, value)


def test_a_broken_catalogue_is_not_blamed_on_the_proposal(project, tmp_path, add_record, run_cli):
    broken = add_record("owner_unknown")
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "complete_proposal")))
    assert result.exit_code == 1
    assert result.out == (
        "Dit voorstel kan nu niet omgezet worden: de toolbox zelf bevat op dit moment fouten. "
        "Aan je voorstel hoef je niets te doen; de redactie lost die fouten eerst op en start de "
        "omzetting dan opnieuw.\n"
    )
    assert f"{broken}:4:8: fout [unknown-owner]" in result.err
    assert not (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").exists()


def test_a_proposal_for_a_tool_that_exists_says_where_it_is(project, tmp_path, run_cli):
    text = (ISSUES / "complete_proposal.md").read_text(encoding="utf-8")
    text = text.replace("Buurtbabbels organiseren", "Methodieken groepsgesprekken", 1)
    result = run_cli("new", "--from-issue", str(_proposal(tmp_path, "exists", text)))
    assert result.exit_code == 1
    assert result.lines[2] == (
        "- **Naam van de tool**: tool 'Methodieken groepsgesprekken' bestaat al "
        "\\(tools\\_catalog/methodieken-groepsgesprekken.yaml\\) — gaat het om dezelfde tool, "
        "meld dan wat er anders moet met het formulier 'Fout melden in een tool'; is het een "
        "andere tool, geef de nieuwe tool dan een andere naam"
    )
    assert sorted(p.name for p in (project / "tools_catalog").iterdir()) == [
        "inspirerende-video-eenzaamheid.yaml",
        "methodieken-groepsgesprekken.yaml",
    ]
