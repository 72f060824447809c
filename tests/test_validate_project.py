"""Project-wide behaviour of `toolbox validate`: scope, formats, exit codes, cross-file rules."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from jsonschema import Draft202012Validator

from toolbox_build.catalog.load import read_project
from toolbox_build.catalog.schema_check import SCHEMA_NAMES, load_schema

from .conftest import REPO_ROOT


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


RECORD = "tools_catalog/methodieken-groepsgesprekken.yaml"


@pytest.mark.parametrize(
    ("name", "message", "hint"),
    [
        (
            "buurtbabbels",
            "bestand 'buurtbabbels' heeft geen extensie en wordt niet gelezen",
            "hernoem het naar tools_catalog/buurtbabbels.yaml (de naam eindigt op .yaml)",
        ),
        (
            "buurtbabbels.yaml.txt",
            "bestand 'buurtbabbels.yaml.txt' wordt niet gelezen: de naam eindigt niet op .yaml",
            "hernoem het naar tools_catalog/buurtbabbels.yaml (de naam eindigt op .yaml)",
        ),
        (
            "buurtbabbels.YAML",
            "bestand 'buurtbabbels.YAML' wordt niet gelezen: de extensie moet in kleine letters",
            "hernoem het naar tools_catalog/buurtbabbels.yaml (de naam eindigt op .yaml)",
        ),
        (
            "buurtbabbels.txt",
            "bestand 'buurtbabbels.txt' in tools_catalog/ is geen toolrecord en wordt niet gelezen",
            "is het een toolrecord, hernoem het dan naar tools_catalog/buurtbabbels.yaml; anders"
            " verplaats je het uit tools_catalog/",
        ),
        (
            ".buurtbabbels.yaml",
            "verborgen bestand '.buurtbabbels.yaml' in tools_catalog/ wordt niet gelezen",
            "verwijder het; is het een toolrecord, geef het dan een naam zonder punt vooraan,"
            " bv. tools_catalog/buurtbabbels.yaml",
        ),
        (
            "methodieken-groepsgesprekken.yml",
            "'methodieken-groepsgesprekken.yml' staat naast 'methodieken-groepsgesprekken.yaml'"
            " met dezelfde naam; beide zouden tool 'methodieken-groepsgesprekken' zijn",
            "houd één bestand: zet de inhoud samen in methodieken-groepsgesprekken.yaml en"
            " verwijder methodieken-groepsgesprekken.yml",
        ),
    ],
)
def test_a_file_that_is_not_a_record_says_how_to_rename_it(project, run_cli, name, message, hint):
    shutil.copyfile(project / RECORD, project / "tools_catalog" / name)
    result = run_cli("validate")
    assert result.exit_code == 1
    assert f"tools_catalog/{name}:1:1: fout [not-a-record] {message} — {hint}" in result.lines


def test_a_subfolder_of_tools_catalog_is_an_error(project, run_cli):
    (project / "tools_catalog" / "nieuw").mkdir()
    shutil.copyfile(project / RECORD, project / "tools_catalog" / "nieuw" / "buurtbabbels.yaml")
    (project / "tools_catalog" / ".gitkeep").write_text("")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[:-1] == [
        "tools_catalog/nieuw:1:1: fout [not-a-record] submap 'nieuw/' in tools_catalog/ wordt"
        " niet gelezen (bevat buurtbabbels.yaml) — zet elk toolbestand rechtstreeks in"
        " tools_catalog/ (bv. tools_catalog/buurtbabbels.yaml) en verwijder de submap"
    ]


@pytest.fixture
def bundled(tmp_path, monkeypatch):
    root = tmp_path / "bundled"
    for name in ("tools_catalog", "content"):
        shutil.copytree(REPO_ROOT / name, root / name)
    monkeypatch.chdir(root)
    return root


def _set(path, key, value):
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"(?m)^(\s*-?\s*){key}: .*$", rf"\g<1>{key}: {value}", text, count=1)
    assert count == 1
    path.write_text(new, encoding="utf-8")


def test_an_interrupted_category_is_refused(bundled, run_cli):
    catalog = read_project(bundled)[0]
    rows = sorted(
        (p.order, p.category, t.id)
        for t in catalog.tools.values()
        for p in t.placements
        if p.fiche == "buurtanalyse"
    )
    category = rows[0][1]
    # A row of the first category, from a record with a single placement (one 'order:' line).
    first_id = next(
        tid for _, cat, tid in rows if cat == category and len(catalog.tools[tid].placements) == 1
    )
    last_order, last_category, last_id = rows[-1]
    assert category != last_category
    _set(bundled / "tools_catalog" / f"{first_id}.yaml", "order", last_order + 1)
    result = run_cli("validate")
    assert result.exit_code == 1
    line = next(
        n
        for n, text in enumerate(
            (bundled / "tools_catalog" / f"{first_id}.yaml").read_text().splitlines(), start=1
        )
        if "order:" in text
    )
    assert [x for x in result.lines if "category-interrupted" in x] == [
        f"tools_catalog/{first_id}.yaml:{line}:12: fout [category-interrupted] categorie"
        f" '{category}' van fiche 'buurtanalyse' wordt onderbroken: rij {last_order + 1} hoort"
        f" bij '{category}', maar rij {last_order} ervoor bij '{last_category}' ({last_id}.yaml)"
        f" — geef de rijen van '{category}' opeenvolgende volgnummers (order), zodat de"
        " tussentitel maar één keer in de tabel staat; de rijen erna schuiven op"
    ]


@pytest.mark.parametrize(
    ("field", "value", "hint"),
    [
        ("owner", "samenlevingsopbouw", None),  # not 'sam': only the same organisation
        ("owner", "SAM VZW", "bedoelde je 'sam'?"),  # by alias, case and spacing forgiven
        ("fiche", "G", "bedoelde je 'g-samenwerken'?"),  # by the fiche's letter
        ("fiche", "Fiche G", "bedoelde je 'g-samenwerken'?"),
    ],
)
def test_suggestions_name_the_same_thing_not_the_nearest_string(
    bundled, run_cli, field, value, hint
):
    record = bundled / "tools_catalog" / "accolage.yaml"
    _set(record, field, f'"{value}"')
    result = run_cli("validate", "tools_catalog/accolage.yaml")
    lines = [x for x in result.lines if f"'{value}'" in x]
    assert len(lines) == 1
    if hint is None:
        assert "bedoelde je" not in lines[0]
        assert lines[0].endswith(
            "voeg ze daar dan toe (met id, name en website) in dezelfde pull request"
        )
    else:
        assert lines[0].endswith(f" — {hint}")


def test_contributing_refers_only_to_files_that_exist():
    text = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = {
        token.rstrip("/")
        for token in re.findall(r"`([^`\s]+)`", text)
        if "/" in token
        and not token.startswith(("http", "origin/"))
        and "…" not in token
        and "<" not in token  # a placeholder such as a branch name, not a file
    }
    assert "content/organisations.yaml" in named
    assert [n for n in sorted(named) if not (REPO_ROOT / n).exists()] == []
