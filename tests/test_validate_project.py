"""Project-wide behaviour of `toolbox validate`: scope, formats, exit codes, cross-file rules."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from toolbox_build.catalog.schema_check import SCHEMA_NAMES, load_schema


def test_valid_project_passes_with_summary(project, run_cli):
    result = run_cli("validate")
    assert result.exit_code == 0
    assert result.lines == ["9 bestanden gecontroleerd: 0 fout(en), 0 waarschuwing(en)."]


def test_every_problem_in_every_file_is_reported_in_one_run(add_record, run_cli):
    first = add_record("owner_unknown")
    second = add_record("javascript_link")
    result = run_cli("validate")
    codes = [(line.split(":")[0], line.split("[")[1].split("]")[0]) for line in result.lines[:-1]]
    # Both fixtures claim row 2 of the buurtanalyse table: a cross-file problem, on both.
    assert sorted(codes) == [
        (second, "duplicate-order"),
        (second, "url-scheme"),
        (first, "duplicate-order"),
        (first, "unknown-owner"),
    ]
    assert result.lines[-1] == "11 bestanden gecontroleerd: 4 fout(en), 0 waarschuwing(en)."


def test_json_format_lists_problems_with_positions(add_record, run_cli):
    path = add_record("owner_unknown")
    result = run_cli("validate", "--format", "json")
    payload = json.loads(result.out)
    assert payload["errors"] == 1
    assert payload["problems"] == [
        {
            "path": path,
            "line": 4,
            "column": 8,
            "severity": "fout",
            "code": "unknown-owner",
            "message": "onbekende organisatie 'saamoo'",
            "hint": "bedoelde je 'saamo'?",
        }
    ]


def test_github_format_writes_workflow_annotations(add_record, run_cli):
    path = add_record("owner_unknown")
    result = run_cli("validate", "--format", "github")
    assert result.lines[0] == (
        f"::error file={path},line=4,col=8,title=unknown-owner::[unknown-owner] onbekende"
        " organisatie 'saamoo' — bedoelde je 'saamo'?"
    )


def test_missing_path_is_a_usage_error(project, run_cli):
    result = run_cli("validate", "bestaat-niet")
    assert result.exit_code == 2
    assert result.err.strip() == "toolbox: pad 'bestaat-niet' bestaat niet"


def test_folder_without_project_is_a_usage_error(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate")
    assert result.exit_code == 2
    assert "geen project gevonden" in result.err


def test_read_next_to_missing_fiche_suggests_the_real_one(project, run_cli):
    fiche = project / "content" / "fiches" / "a-visievorming.md"
    fiche.write_text(fiche.read_text().replace("target: buurtanalyse", "target: buurt-analyse"))
    result = run_cli("validate")
    assert (
        "content/fiches/a-visievorming.md:11:13: fout [unknown-read-next] onbekende fiche"
        " 'buurt-analyse' — bedoelde je 'buurtanalyse'?"
    ) in result.lines


def test_citation_in_page_body_must_resolve(project, run_cli):
    page = project / "content" / "part1" / "buurtanalyse.md"
    page.write_text(page.read_text().replace("[@bloemen-2022]", "[@bloemen-2020]"))
    result = run_cli("validate")
    assert (
        "content/part1/buurtanalyse.md:11:43: fout [unknown-reference] onbekende referentie"
        " 'bloemen-2020' — bedoelde je 'bloemen-2022'?"
    ) in result.lines


def test_fiche_without_tools_is_a_warning(project, run_cli):
    (project / "tools_catalog" / "inspirerende-video-eenzaamheid.yaml").unlink()
    tool = project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    tool.write_text(tool.read_text().replace("  - fiche: a-visievorming\n    order: 1\n", ""))
    result = run_cli("validate")
    assert result.exit_code == 0
    assert (
        "content/fiches/a-visievorming.md:2:5: waarschuwing [fiche-without-tools] fiche"
        " 'a-visievorming' heeft geen tools — plaats minstens één tool in deze fiche"
    ) in result.lines


def test_duplicate_organisation_id_and_alias(project, run_cli):
    registry = project / "content" / "organisations.yaml"
    registry.write_text(
        registry.read_text()
        + "  - id: saamo\n    name: SAAMO vzw\n"
        + "  - id: dep-zorg\n    name: Department Zorg\n"
    )
    result = run_cli("validate")
    assert (
        "content/organisations.yaml:9:9: fout [duplicate-id] id 'saamo' komt twee keer voor"
        " (eerst op regel 6) — geef elk item een eigen id of voeg de twee items samen"
    ) in result.lines
    assert (
        "content/organisations.yaml:12:11: fout [duplicate-alias] naam 'Department Zorg' hoort"
        " ook bij organisatie 'departement-zorg' — voeg de twee organisaties samen of verwijder"
        " de naam bij één van beide"
    ) in result.lines


def test_missing_registry_is_reported_not_crashed(project, run_cli):
    (project / "content" / "references.yaml").unlink()
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[0] == (
        "content/references.yaml:1:1: fout [file-missing] bestand content/references.yaml"
        " ontbreekt — elk project heeft dit register nodig; kopieer het uit de gebundelde editie"
    )


def test_schemas_are_valid_2020_12_and_ship_in_the_package():
    for name in SCHEMA_NAMES:
        schema = load_schema(name)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
