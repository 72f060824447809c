"""The messages a member of the consortium meets, word for word: the organisation meant, closed
lists, the next free row, the warnings a maintainer wants, the proposal route and the help."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from toolbox_build.catalog.did_you_mean import allowed_values, fiche_hint, same_organisation
from toolbox_build.catalog.load import read_project
from toolbox_build.cli import _parser, dutch_argparse_message, main
from toolbox_build.contribute.issue_forms import request_from_issue
from toolbox_build.contribute.scaffold import NewTool, ScaffoldError, resolve_owner

from .conftest import FIXTURES, REPO_ROOT

HERE = FIXTURES / "member_messages"


@pytest.fixture(scope="module")
def bundled():
    catalog, _, _ = read_project(REPO_ROOT)
    return catalog


def _add(project: Path, name: str) -> str:
    record_id = name.replace("_", "-")
    shutil.copyfile(HERE / f"{name}.yaml", project / "tools_catalog" / f"{record_id}.yaml")
    return f"tools_catalog/{record_id}.yaml"


# -- 1. The organisation a person means ----------------------------------------------------------

# Spellings of the 2024 toolbox (002) and its research report (004), with the organisation meant.
REAL_SPELLINGS = {
    "SAAMO vzw": "saamo",
    "saamo-vzw": "saamo",
    "SAAMO v.z.w.": "saamo",
    "SAAMO vzw.": "saamo",
    "https://www.saamo.be": "saamo",  # two organisations share the host; the one named after it
    "Demos vzw": "demos",
    "demos.be": "demos",  # report: "demos.be"
    "Enchanté vzw": "enchante",
    "SAM vzw": "sam",
    "Vlaams Instituut Gezond Leven vzw": "gezond-leven",
    "Artevelde-hogeschool": "arteveldehogeschool",
    "Arteveldehogeschool": "arteveldehogeschool",
    "Agentschap voor de Infrastructuur in het Onderwijs": "agion",
    "Koning Boudewijn-stichting": "koning-boudewijnstichting",
    "Koning Boudewijnstichting": "koning-boudewijnstichting",
    "KBS": "koning-boudewijnstichting",
    "Department Zorg": "departement-zorg",
    "Nederlands Jeugdinstuut": "nederlands-jeugdinstituut",
    "Lees Sempel app": "lees-simpel",
    "Compassionate Communities center of expertise (COCO)": "coco",
    "Vrije Universiteit Brussel": "vub",
    "Thomas More Hogeschool": "thomas-more",
    "Thomas More Hogeschool Geel": "thomas-more",
    "Karel De Grote hogeschool": "karel-de-grote-hogeschool",
    "Odisee co-hogeschool": "odisee",
    "Kenniscentrum Welzijn, Wonen, Zorg": "kenniscentrum-wwz",
    "www.kenniscentrumwwz.be": "kenniscentrum-wwz",
    "sociaal.net": "sociaal-net",
    "opgroeien.be": "opgroeien",
    "Agentschap Opgroeien": "opgroeien",
    "Wereldgezondheidsorganisatie": "who",
    "Vereniging van Vlaamse Steden en Gemeenten": "vvsg",
    "HOWEST": "howest",
}
# Other organisations in the same sources: none of them is one of ours.
NOT_OURS = [
    "Kenniscentrum Woonzorg Brussel",
    "Hogeschool PXL",
    "Universiteit Antwerpen",
    "Vlaamse Ouderenraad",
    "Agentschap Zorg",
    "SAAMO Limburg",
    "SAAMO Vlaams-Brabant",
    "Sam Pless",
    "Departement Welzijn, Volksgezondheid en Gezin",
    "Vrije Universiteit Amsterdam",
    "LDV United",
]


@pytest.mark.parametrize("spelling", sorted(REAL_SPELLINGS))
def test_a_real_spelling_finds_the_organisation_meant(bundled, spelling):
    found = same_organisation(spelling, bundled.organisations)
    assert found is not None and found.id == REAL_SPELLINGS[spelling]


@pytest.mark.parametrize("name", NOT_OURS)
def test_another_organisation_is_not_matched_to_one_of_ours(bundled, name):
    assert same_organisation(name, bundled.organisations) is None


def test_an_owner_with_a_legal_form_gets_the_organisation_meant(project, run_cli):
    path = _add(project, "owner_with_legal_form")
    assert run_cli("validate", path).lines[0] == (
        f"{path}:4:8: fout [unknown-owner] onbekende organisatie 'saamo-vzw' — bedoelde je 'saamo'?"
    )
    path = _add(project, "owner_name_with_legal_form")
    assert run_cli("validate", path).lines[0] == (
        f"{path}:4:8: fout [bad-format] veld 'owner' 'SAAMO vzw' heeft niet de verwachte vorm"
        " — bedoelde je 'saamo'?"
    )


def test_toolbox_new_uses_the_same_organisation(project):
    catalog, _, _ = read_project(project)
    request = NewTool(owner="Saamo v.z.w.")
    resolve_owner(request, catalog)
    assert request.owner == "saamo"
    with pytest.raises(ScaffoldError) as refused:
        resolve_owner(NewTool(new_owner_name="SAAMO vzw"), catalog)
    assert str(refused.value) == (
        "organisatie 'SAAMO vzw' bestaat al als 'saamo' (SAAMO); gebruik --owner saamo"
    )


# -- 2. Closed lists -----------------------------------------------------------------------------


def test_an_unknown_fiche_lists_every_fiche_and_chapter_closest_first(bundled):
    assert fiche_hint("samenwerking-fiche", bundled) == (
        "kies een fiche: g-samenwerken, f-netwerking, i-medewerker-in-de-buurt, h-regie, "
        "l-documenteren, j-burenhulp, b-vanuit-de-buurt, e-ontmoeting-professionals, "
        "a-visievorming, d-ontmoeting-buurtbewoners, c-bereiken-buurtbewoners, m-ondersteunen, "
        "k-vrijwilligers, n-communiceren; of een hoofdstuk van deel 1: hoe-starten, "
        "visievorming-koers, partners, reflectie, buurtanalyse, wat-is-een-zorgzame-buurt, begint"
    )


def test_the_validator_lists_the_whole_short_list(project, run_cli):
    path = _add(project, "fiche_unknown_lists_whole_list")
    assert run_cli("validate", path).lines[0] == (
        f"{path}:12:12: fout [unknown-fiche] onbekende fiche 'visie' — kies een fiche: "
        "a-visievorming; of een hoofdstuk van deel 1: buurtanalyse"
    )


def test_a_list_of_twenty_is_whole_and_a_longer_one_says_where_the_rest_is():
    twenty = [f"v{i:02}" for i in range(20)]
    assert allowed_values("v19", twenty).startswith("v19, v01, ")
    assert allowed_values("v19", twenty).count(", ") == 19
    assert allowed_values("v19", [*twenty, "w"], "content/vocabularies.yaml onder 'formats'") == (
        "v19, v01, v09, v10, v11, … (alle 21 staan in content/vocabularies.yaml onder 'formats')"
    )


# -- 3. The next free row ------------------------------------------------------------------------


def test_a_repeated_row_names_the_next_free_row(project, run_cli):
    path = _add(project, "duplicate_row_names_next_free")
    assert run_cli("validate", path).lines[0] == (
        f"{path}:13:12: fout [duplicate-order] plaats 2 in fiche 'a-visievorming' is ook "
        "ingenomen door 'inspirerende-video-eenzaamheid' — geef elke rij van een fiche een eigen "
        "volgnummer (order); het eerstvolgende vrije nummer in fiche 'a-visievorming' is 3"
    )


def test_a_repeated_row_in_a_category_names_its_next_row(project, run_cli):
    record = project / "tools_catalog" / "rij-in-tussentitel.yaml"
    text = (HERE / "duplicate_row_names_next_free.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - fiche: a-visievorming\n    order: 2",
        "  - fiche: buurtanalyse\n    category: algemene-tools\n    order: 1",
    )
    record.write_text(text, encoding="utf-8")
    lines = run_cli("validate", "tools_catalog/rij-in-tussentitel.yaml").lines
    assert lines[0].endswith(
        "— geef elke rij van een fiche een eigen volgnummer (order); het eerstvolgende vrije "
        "nummer van tussentitel 'algemene-tools' is 2"
    )
    # A second category right after it: its next row is taken, so the rows after it move down.
    page = project / "content" / "part1" / "buurtanalyse.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "  - {id: algemene-tools, title: Algemene tools}\n",
            "  - {id: algemene-tools, title: Algemene tools}\n"
            "  - {id: draaiboeken, title: Draaiboeken}\n",
        ),
        encoding="utf-8",
    )
    other = text.replace(
        "category: algemene-tools\n    order: 1", "category: draaiboeken\n    order: 2"
    ).replace("Buurtbabbels organiseren", "Buurtgesprekken")
    other = other.replace("/buurtbabbels", "/buurtgesprekken")
    (project / "tools_catalog" / "buurtgesprekken.yaml").write_text(other, encoding="utf-8")
    lines = run_cli("validate", "tools_catalog/rij-in-tussentitel.yaml").lines
    assert lines[0].endswith(
        "— geef elke rij van een fiche een eigen volgnummer (order); na de laatste rij van "
        "tussentitel 'algemene-tools' komt 2; dat nummer is bezet, verhoog dus eerst het order "
        "van elke rij vanaf 2 in fiche 'buurtanalyse' met één"
    )


# -- 4. Warnings a maintainer wants ----------------------------------------------------------------


def test_a_description_in_capitals_is_a_warning(project, run_cli):
    path = _add(project, "description_in_capitals")
    result = run_cli("validate", path)
    assert result.exit_code == 0
    assert result.lines[0] == (
        f"{path}:3:14: waarschuwing [description-capitals] de omschrijving staat in hoofdletters"
        " — schrijf ze in gewone zinnen: een hoofdletter aan het begin van een zin en bij namen,"
        " de rest in kleine letters"
    )


def test_http_where_the_host_serves_https_elsewhere_is_a_warning(project, run_cli):
    path = _add(project, "http_link_where_https_elsewhere")
    result = run_cli("validate", path)
    assert result.exit_code == 0
    assert result.lines[0] == (
        f"{path}:6:10: waarschuwing [http-link] link 'http://www.saamo.be/buurtbabbels' begint"
        " met http://, maar saamo.be is elders in de toolbox bereikbaar met https://"
        " (methodieken-groepsgesprekken.yaml) — schrijf https:// in plaats van http://"
    )


def test_a_second_organisation_with_the_same_website_and_unused_is_a_warning(project, run_cli):
    organisations = project / "content" / "organisations.yaml"
    entry = (HERE / "second_organisation_same_website.yaml").read_text(encoding="utf-8")
    organisations.write_text(organisations.read_text(encoding="utf-8") + entry, encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 0
    assert result.lines[:2] == [
        "content/organisations.yaml:9:9: waarschuwing [unused-organisation] organisatie"
        " 'saamo-antwerpen' wordt door geen tool, referentie of pagina gebruikt — maak ze"
        " eigenaar (owner) van een tool, of verwijder ze uit content/organisations.yaml",
        "content/organisations.yaml:11:14: waarschuwing [duplicate-website] organisatie"
        " 'saamo-antwerpen' heeft dezelfde website als 'saamo' (https://saamo.be/) — is het"
        " dezelfde organisatie, gebruik dan 'saamo' en zet 'SAAMO Antwerpen' bij haar aliases;"
        " is het een afdeling zonder eigen website, leg dat dan uit in content/corrections.yaml",
    ]


def test_the_bundled_catalogue_has_no_warnings(run_cli, monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    result = run_cli("validate")
    assert result.exit_code == 0
    assert result.lines[-1].endswith(": 0 fout(en), 0 waarschuwing(en).")


# -- 5. The proposal route -----------------------------------------------------------------------


def test_a_proposal_with_three_mistakes_gets_one_comment_naming_each_field(project, run_cli):
    result = run_cli("new", "--from-issue", str(HERE / "proposal_three_mistakes.txt"))
    assert result.exit_code == 1
    assert result.lines == [
        "Dit voorstel kan nog niet omgezet worden. Dit moet nog aangepast worden:",
        "",
        "- **Link naar de tool**: 'www buurtbabbels be' is geen volledig webadres; kopieer het "
        "adres uit de adresbalk van je browser, bv. https://www.voorbeeld.be/…",
        "- **Naam van de nieuwe organisatie**: 'SAAMO vzw' staat al in de lijst als 'SAAMO' — "
        "kies 'SAAMO' bij 'Eigenaar' en laat 'Naam van de nieuwe organisatie' en 'Website van de "
        "nieuwe organisatie' leeg",
        "- **Vorm**: onbekende keuze 'Kookboek' — kies uit: 'Boek'; 'Draaiboek'; 'Toolkit'; "
        "'Methodiek'; 'Werkbundel'; … \\(alle 27 staan in de keuzelijst 'Vorm' van het "
        "formulier\\)",
        "",
        "Pas het voorstel aan (via ··· → *Edit* bovenaan het voorstel) en laat het de redactie "
        "weten; die start de omzetting dan opnieuw.",
    ]
    assert not re.search(r"(?<!\w)--\w", result.out)  # no command-line flag
    assert not (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").exists()


def test_every_address_of_a_proposal_is_completed_alike(project):
    catalog, _, _ = read_project(project)
    text = (HERE / "proposal_new_organisation_website.txt").read_text(encoding="utf-8")
    request, problems = request_from_issue(text, catalog)
    assert problems == []
    assert request.url == "https://www.buurtwerk-gent.be/buurtbabbels"
    assert request.new_owner_website == "https://www.buurtwerk-gent.be"


def test_an_owner_by_name_is_accepted_and_a_record_problem_lands_under_its_field(project, run_cli):
    proposal = HERE / "proposal_owner_by_name_mixed_script.txt"
    catalog, _, _ = read_project(project)
    request, problems = request_from_issue(proposal.read_text(encoding="utf-8"), catalog)
    assert (request.owner, problems) == ("saamo", [])
    result = run_cli("new", "--from-issue", str(proposal))
    assert result.exit_code == 1
    assert result.lines[2] == (
        "- **Korte omschrijving in je eigen woorden**: woord 'Kenniscлип' mengt Latijnse en "
        "Cyrillische letters \\(л, и, п\\) — typ het woord opnieuw met gewone \\(Latijnse\\) "
        "letters"
    )


# -- 6. Help in Dutch ----------------------------------------------------------------------------

ENGLISH = re.compile(
    r"\b(usage|options|optional|positional|arguments?|show|this|help message|exit|the|and|"
    r"with|without|only|every|check|report|default|file|folder|root|write|when|then|also|"
    r"seconds|program|version number|error|invalid|choose|required|expected)\b",
    re.IGNORECASE,
)
# Words the help quotes that are not prose: the id of a value, a command, a file.
NOT_PROSE = re.compile(
    r"\{[^}]*\}|--[\w-]+|\$\w+|\b[\w.-]+/[\w./<>-]*|\b[\w-]+\.(?:json|md|yaml)\b|'[^']*'"
)


def _help(*command: str) -> str:
    parser = _parser()
    if command:
        parser = parser._subparsers._group_actions[0].choices[command[0]]  # type: ignore[union-attr]
    return parser.format_help()


def _commands() -> list[str]:
    return list(_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", ["", *_commands()])
def test_no_english_help_line_remains(command):
    text = _help(*([command] if command else []))
    for line in text.splitlines():
        words = NOT_PROSE.sub(" ", line)
        for name in _commands():  # the commands' own names are not prose
            words = words.replace(name, " ")
        assert not ENGLISH.search(words), line
    assert text.startswith("gebruik: toolbox")
    assert "\nopties:\n  -h, --help" in text


def test_argparse_errors_are_dutch(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["validate", "--format", "x"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "toolbox validate: fout: argument --format: ongeldige keuze: 'x' (kies uit 'text', "
        "'json', 'github', 'summary')"
    )
    with pytest.raises(SystemExit):
        main([])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "toolbox: fout: deze argumenten ontbreken: OPDRACHT"
    )
    assert dutch_argparse_message("unrecognized arguments: b c") == "onbekende argumenten: b c"
    assert dutch_argparse_message("argument --order: invalid int value: 'x'") == (
        "argument --order: 'x' is geen geheel getal"
    )
