"""`toolbox new`: scaffolding a tool record by flags or by prompts."""

from __future__ import annotations

import shutil
import sys

import pytest
import yaml

from toolbox_build.catalog.load import read_project

from .conftest import REPO_ROOT

FLAGS = [
    "--name",
    "Buurtbabbels organiseren",
    "--description",
    "Gids om laagdrempelige gesprekken met buren op gang te brengen.",
    "--url",
    "https://www.saamo.be/buurtbabbels",
    "--label",
    "Gids bij SAAMO",
    "--fiche",
    "buurtanalyse",
    "--category",
    "algemene-tools",
    "--reader-type",
    "medewerker",
    "--format",
    "handleiding",
]


def test_flags_write_a_valid_record_with_the_schema_line(project, run_cli):
    result = run_cli("new", "--no-input", "--owner", "SAAMO", *FLAGS)
    assert result.exit_code == 0, result.err
    assert result.lines[0] == "Nieuwe tool: tools_catalog/buurtbabbels-organiseren.yaml"
    assert result.lines[-1].startswith("10 bestanden gecontroleerd: 0 fout(en), ")
    path = project / "tools_catalog" / "buurtbabbels-organiseren.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    record = yaml.safe_load(text)
    assert record["owner"] == "saamo"  # matched by name
    assert record["placements"] == [
        {"fiche": "buurtanalyse", "category": "algemene-tools", "order": 2}
    ]


def test_refuses_an_id_or_a_tool_that_exists(project, run_cli):
    same = [*FLAGS, "--name", "Methodieken groepsgesprekken"]
    by_id = run_cli("new", "--no-input", "--owner", "saamo", *same)
    assert by_id.exit_code == 1
    assert by_id.err.strip() == (
        "toolbox: er bestaat al een tool met id 'methodieken-groepsgesprekken'"
        " (tools_catalog/methodieken-groepsgesprekken.yaml)"
    )
    by_name = run_cli("new", "--no-input", "--owner", "saamo", *same, "--id", "andere-id")
    assert by_name.err.strip() == (
        "toolbox: tool 'Methodieken groepsgesprekken' bestaat al"
        " (tools_catalog/methodieken-groepsgesprekken.yaml)"
    )
    by_url = run_cli(
        "new",
        "--no-input",
        "--owner",
        "saamo",
        *FLAGS,
        "--url",
        "https://www.saamo.be/publicatie.pdf",
    )
    assert by_url.err.strip() == (
        "toolbox: de link https://www.saamo.be/publicatie.pdf staat al bij"
        " 'Methodieken groepsgesprekken' (tools_catalog/methodieken-groepsgesprekken.yaml)"
    )
    assert sorted(p.name for p in (project / "tools_catalog").glob("*.yaml")) == [
        "inspirerende-video-eenzaamheid.yaml",
        "methodieken-groepsgesprekken.yaml",
    ]


def test_an_invalid_result_is_not_left_behind(project, run_cli):
    args = [a if a != "algemene-tools" else "bestaat-niet" for a in FLAGS]
    result = run_cli("new", "--no-input", "--owner", "saamo", *args)
    assert result.exit_code == 1
    assert "fout [unknown-category]" in result.out
    assert not (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").exists()


def test_new_organisation_is_added_to_the_registry(project, run_cli):
    result = run_cli(
        "new",
        "--no-input",
        "--new-owner-name",
        "Buurtwerk Gent",
        "--new-owner-website",
        "https://buurtwerk.example.be",
        *FLAGS,
    )
    assert result.exit_code == 0, result.out + result.err
    registry = yaml.safe_load((project / "content" / "organisations.yaml").read_text())
    assert {
        "id": "buurtwerk-gent",
        "name": "Buurtwerk Gent",
        "website": "https://buurtwerk.example.be",
    } in registry["organisations"]


def test_prompts_offer_the_existing_choices(project, run_cli, monkeypatch):
    answers = iter(
        [
            "Buurtbabbels organiseren",  # name
            "Gids om gesprekken met buren op gang te brengen.",  # description
            "",  # no link yet
            "1",  # fiche: first in the list (the buurtanalyse chapter)
            "1",  # its first category
            "saam",  # owner, fuzzy
            "1",  # SAAMO
            "2,3",  # reader types
            "1",  # format
        ]
    )
    questions: list[str] = []

    def ask(prompt: str) -> str:
        questions.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", ask)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    result = run_cli("new")
    assert result.exit_code == 0, result.out + result.err
    record = yaml.safe_load(
        (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").read_text()
    )
    assert record["owner"] == "saamo"
    assert record["status"] == "link-volgt"
    assert record["reader_types"] == ["medewerker", "startend"]
    assert "  1. De buurtanalyse" in questions[3]
    assert "  1. Algemene tools" in questions[4]
    assert "  1. SAAMO" in questions[6]


@pytest.fixture
def bundled_copy(tmp_path, monkeypatch):
    root = tmp_path / "edition"
    for name in ("tools_catalog", "content"):
        shutil.copytree(REPO_ROOT / name, root / name)
    monkeypatch.chdir(root)
    return root


def _files(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "tool_id",
    ["../content/edition", "../../x", "/tmp/absoluut", "Hoofdletters", "a/b", "a..b", ".verborgen"],
)
def test_an_id_that_is_not_a_file_name_is_refused_before_anything_is_written(
    project, run_cli, tool_id
):
    before = _files(project.parent)
    result = run_cli("new", "--no-input", "--owner", "saamo", *FLAGS, "--id", tool_id)
    assert result.exit_code == 2
    assert result.err.strip() == (
        f"toolbox: id {tool_id!r} is ongeldig: gebruik enkel kleine letters, cijfers en"
        " koppeltekens (bv. buurtbabbels-organiseren); het id wordt de bestandsnaam in"
        " tools_catalog/"
    )
    assert _files(project.parent) == before


def test_a_rejected_record_rolls_back_only_what_it_wrote(project, run_cli):
    before = _files(project)
    args = [a if a != "algemene-tools" else "bestaat-niet" for a in FLAGS]
    result = run_cli(
        "new", "--no-input", "--new-owner-name", "Buurtwerk Gent", *args, "--id", "edition"
    )
    assert result.exit_code == 1
    assert "fout [unknown-category]" in result.out
    assert _files(project) == before  # content/edition.yaml and organisations.yaml untouched


def test_a_new_organisation_that_exists_under_another_name_is_refused(project, run_cli):
    result = run_cli("new", "--no-input", "--new-owner-name", "department  ZORG", *FLAGS)
    assert result.exit_code == 1
    assert result.err.strip() == (
        "toolbox: organisatie 'department  ZORG' bestaat al als 'departement-zorg'"
        " (Departement Zorg); gebruik --owner departement-zorg"
    )


def test_a_link_without_scheme_given_as_flag_is_completed(project, run_cli):
    args = [
        a if a != "https://www.saamo.be/buurtbabbels" else "www.saamo.be/buurtbabbels"
        for a in FLAGS
    ]
    result = run_cli("new", "--no-input", "--owner", "saamo", *args)
    assert result.exit_code == 0, result.err
    record = yaml.safe_load(
        (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").read_text()
    )
    assert record["links"][0]["url"] == "https://www.saamo.be/buurtbabbels"


def test_row_goes_to_the_end_of_its_category_and_later_rows_move_down(bundled_copy, run_cli):
    tools = bundled_copy / "tools_catalog"
    catalog = read_project(bundled_copy)[0]
    rows = sorted(
        (
            (p.order, p.category, t.id)
            for t in catalog.tools.values()
            for p in t.placements
            if p.fiche == "buurtanalyse"
        ),
        key=lambda row: row[0],
    )
    category = "netwerk-of-stakeholders-in-kaart-brengen"
    last = max(order for order, cat, _ in rows if cat == category)
    later = [(order, tid) for order, cat, tid in rows if order > last]
    assert later, "the category chosen must have rows after it"
    texts = {tid: (tools / f"{tid}.yaml").read_text(encoding="utf-8") for _, tid in later}
    args = [a if a != "algemene-tools" else category for a in FLAGS]
    result = run_cli("new", "--no-input", "--owner", "saamo", *args)
    assert result.exit_code == 0, result.out + result.err
    new = yaml.safe_load((tools / "buurtbabbels-organiseren.yaml").read_text())
    assert new["placements"] == [{"fiche": "buurtanalyse", "category": category, "order": last + 1}]
    for order, tid in later:
        text = (tools / f"{tid}.yaml").read_text(encoding="utf-8")
        # Only that number changed: comments, quoting and layout are kept.
        assert text == texts[tid].replace(f"order: {order}\n", f"order: {order + 1}\n", 1)
    assert run_cli("validate").exit_code == 0


def _interactive(monkeypatch, answers):
    questions: list[str] = []
    replies = iter(answers)

    def ask(prompt: str) -> str:
        questions.append(prompt)
        reply = next(replies)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    monkeypatch.setattr("builtins.input", ask)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    return questions


def test_each_answer_is_checked_when_given(project, run_cli, monkeypatch):
    questions = _interactive(
        monkeypatch,
        [
            "Methodieken groepsgesprekken",  # exists already: asked again
            "Buurtbabbels organiseren",
            "Gids om gesprekken met buren op gang te brengen.",
            "geen adres",  # not a link: asked again
            "www.saamo.be/buurtbabbels",  # completed with https://
            "Gids",
            "9",  # not in the list: asked again
            "1",
            "1",
            "SAAMO",  # owner
            "1",
            "2, startend",  # reader types by number and by id
            "video,handleiding",  # several formats
        ],
    )
    result = run_cli("new")
    assert result.exit_code == 0, result.out + result.err
    record = yaml.safe_load(
        (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").read_text()
    )
    assert record["links"] == [{"url": "https://www.saamo.be/buurtbabbels", "label": "Gids"}]
    assert record["formats"] == ["video", "handleiding"]
    assert record["reader_types"] == ["medewerker", "startend"]
    assert questions[1] == "Naam van de tool: "
    assert result.lines[:4] == [
        "  tool 'Methodieken groepsgesprekken' bestaat al"
        " (tools_catalog/methodieken-groepsgesprekken.yaml); geef een andere naam.",
        "  'geen adres' is geen volledig webadres; kopieer het adres uit de adresbalk van je"
        " browser, bv. https://www.voorbeeld.be/…",
        "  Link aangevuld: https://www.saamo.be/buurtbabbels",
        "  '9' is geen keuze uit de lijst; typ een nummer van 1 tot 2.",
    ]


def test_a_new_organisation_matching_an_alias_is_refused_in_the_prompt(
    project, run_cli, monkeypatch
):
    _interactive(
        monkeypatch,
        [
            "Buurtbabbels organiseren",
            "Gids om gesprekken met buren op gang te brengen.",
            "",
            "1",
            "1",
            "Department Zorg",
            "2",  # "Nieuwe organisatie 'Department Zorg'": refused, it is an alias
            "Departement zorg",
            "1",
            "1",
            "1",
        ],
    )
    result = run_cli("new")
    assert result.exit_code == 0, result.out + result.err
    assert (
        "  'Department Zorg' bestaat al als organisatie 'departement-zorg' (Departement Zorg);"
        " kies ze uit de lijst."
    ) in result.lines
    record = yaml.safe_load(
        (project / "tools_catalog" / "buurtbabbels-organiseren.yaml").read_text()
    )
    assert record["owner"] == "departement-zorg"


@pytest.mark.parametrize(
    ("stop", "code", "message"),
    [
        (KeyboardInterrupt(), 130, "toolbox: afgebroken; er is niets geschreven."),
        (EOFError(), 1, "toolbox: invoer afgesloten; er is niets geschreven."),
    ],
)
def test_ctrl_c_and_ctrl_d_end_cleanly(project, run_cli, monkeypatch, stop, code, message):
    before = _files(project)
    _interactive(monkeypatch, ["Buurtbabbels organiseren", stop])
    result = run_cli("new")
    assert result.exit_code == code
    assert result.err.strip() == message
    assert "Traceback" not in result.out + result.err
    assert _files(project) == before


def test_help_is_dutch(capsys):
    from toolbox_build.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["new", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "\nopties:\n  -h, --help            toon deze hulp en stop\n" in out
    assert "  --no-input            nooit vragen; stop als er iets ontbreekt\n" in out
    assert "show this help" not in out


def test_a_rejected_record_also_puts_back_the_renumbered_rows(bundled_copy, run_cli):
    before = _files(bundled_copy)
    args = [a if a != "medewerker" else "niemand" for a in FLAGS]  # an unknown reader type
    result = run_cli("new", "--no-input", "--owner", "saamo", *args)
    assert result.exit_code == 1
    assert "fout [unknown-reader-type]" in result.out
    assert _files(bundled_copy) == before


def test_values_are_written_as_data_not_as_yaml(project, run_cli):
    name = 'Buurtwerk: "gids" #2 {a: b} & *x'
    args = [a if a != "Buurtbabbels organiseren" else name for a in FLAGS]
    args += ["--id", "buurtwerk-gids"]
    result = run_cli("new", "--no-input", "--owner", "saamo", *args)
    assert result.exit_code == 0, result.out + result.err
    record = yaml.safe_load((project / "tools_catalog" / "buurtwerk-gids.yaml").read_text())
    assert record["name"] == name
    before = _files(project)
    hostile = [a if a != "buurtanalyse" else "buurtanalyse\n    evil: 1" for a in FLAGS]
    result = run_cli("new", "--no-input", "--owner", "saamo", *hostile, "--id", "ander")
    assert result.exit_code == 1
    assert _files(project) == before
