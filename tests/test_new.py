"""`toolbox new`: scaffolding a tool record by flags or by prompts."""

from __future__ import annotations

import sys

import yaml

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
    assert result.lines == [
        "Nieuwe tool: tools_catalog/buurtbabbels-organiseren.yaml",
        "10 bestanden gecontroleerd: 0 fout(en), 0 waarschuwing(en).",
    ]
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
