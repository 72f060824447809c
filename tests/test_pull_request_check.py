"""The pull-request check, run as the workflow runs it, on prepared branches of a real git repo.

An upstream repository holds the small project on `main` (with one problem that is already
there); a clone plays the workflow's checkout, with `origin/main` as the base. Each branch makes
one mistake a contributor makes; the check must report every problem the change caused (also on
files it did not touch) and nothing that was already broken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, REPO_ROOT
from .test_repository_automation import _toolbox_calls

GIT = ["git", "-c", "user.name=Bijdrager", "-c", "user.email=bijdrager@example.org"]
ALREADY_BROKEN = "tools_catalog/owner_unknown.yaml"


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        [*GIT, *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def _workflow_validate_call() -> list[str]:
    """The `toolbox validate` call of the pull-request workflow, with its environment filled."""
    data = yaml.safe_load(
        (REPO_ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    )
    calls = [
        call
        for step in data["jobs"]["check"]["steps"]
        for call in _toolbox_calls(step.get("run", ""))
        if call[:1] == ["validate"]
    ]
    assert len(calls) == 1
    return [os.path.expandvars(arg) for arg in calls[0]]


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    upstream = tmp_path / "upstream"
    shutil.copytree(FIXTURES / "project", upstream)
    shutil.copyfile(FIXTURES / "records" / "owner_unknown.yaml", upstream / ALREADY_BROKEN)
    _git(upstream, "init", "-q", "-b", "main")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "De toolbox")
    clone = tmp_path / "checkout"
    _git(tmp_path, "clone", "-q", str(upstream), str(clone))
    _git(clone, "checkout", "-q", "-b", "voorstel")
    monkeypatch.chdir(clone)
    monkeypatch.setenv("BASE_REF", "main")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    return clone


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _run_check(run_cli):
    result = run_cli(*_workflow_validate_call())
    summary = Path(os.environ["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    errors = [line for line in result.lines if line.startswith("::error ")]
    return result, errors, summary


def test_a_typo_in_an_owner_is_annotated_and_summarised_with_its_fix(checkout, run_cli):
    record = checkout / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    _edit(record, "owner: saamo\n", "owner: saamoo\n")
    _commit(checkout, "Eigenaar aangepast")
    result, errors, summary = _run_check(run_cli)
    assert result.exit_code == 1
    assert errors == [
        "::error file=tools_catalog/methodieken-groepsgesprekken.yaml,line=4,col=8,"
        "title=unknown-owner::[unknown-owner] onbekende organisatie 'saamoo' — bedoelde je "
        "'saamo'?"
    ]
    assert "### `tools_catalog/methodieken-groepsgesprekken.yaml`" in summary
    assert (
        "- **Fout** op regel 4, kolom 8 (unknown-owner): onbekende organisatie 'saamoo'  \n"
        "  **Oplossing:** bedoelde je 'saamo'?"
    ) in summary
    assert ALREADY_BROKEN not in result.out + summary


def test_a_copied_record_marks_the_original_it_repeats_a_row_of(checkout, run_cli):
    shutil.copyfile(
        FIXTURES / "records" / "copied_record_same_row.yaml",
        checkout / "tools_catalog" / "buren-helpen-buren.yaml",
    )
    _commit(checkout, "Nieuwe tool")
    result, errors, summary = _run_check(run_cli)
    assert result.exit_code == 1
    assert errors == [
        "::error file=tools_catalog/buren-helpen-buren.yaml,line=12,col=12,"
        "title=duplicate-order::[duplicate-order] plaats 2 in fiche 'a-visievorming' is ook "
        "ingenomen door 'inspirerende-video-eenzaamheid' — geef elke rij van een fiche een "
        "eigen volgnummer (order); het eerstvolgende vrije nummer in fiche 'a-visievorming' is 3",
        # The original was not touched by the change, and still gets its annotation.
        "::error file=tools_catalog/inspirerende-video-eenzaamheid.yaml,line=12,col=12,"
        "title=duplicate-order::[duplicate-order] plaats 2 in fiche 'a-visievorming' is ook "
        "ingenomen door 'buren-helpen-buren' — geef elke rij van een fiche een eigen "
        "volgnummer (order); het eerstvolgende vrije nummer in fiche 'a-visievorming' is 3",
    ]
    assert summary.index("### `tools_catalog/buren-helpen-buren.yaml`") < summary.index(
        "### `tools_catalog/inspirerende-video-eenzaamheid.yaml`"
    )
    assert (
        "**Oplossing:** geef elke rij van een fiche een eigen volgnummer \\(order\\); het "
        "eerstvolgende vrije nummer in fiche 'a-visievorming' is 3"
    ) in summary
    assert ALREADY_BROKEN not in result.out + summary


def test_a_renamed_organisation_breaks_records_the_change_did_not_touch(checkout, run_cli):
    _edit(checkout / "content" / "organisations.yaml", "id: saamo\n", "id: saamo-vzw\n")
    _commit(checkout, "Organisatie hernoemd")
    result, errors, _ = _run_check(run_cli)
    assert result.exit_code == 1
    assert [e.split("::")[1] for e in errors] == [
        "error file=tools_catalog/methodieken-groepsgesprekken.yaml,line=4,col=8,"
        "title=unknown-owner"
    ]
    assert errors[0].startswith(
        "::error file=tools_catalog/methodieken-groepsgesprekken.yaml,line=4,col=8,"
        "title=unknown-owner::[unknown-owner] onbekende organisatie 'saamo'"
    )
    assert ALREADY_BROKEN not in result.out


def test_a_file_without_extension_is_an_error_that_says_how_to_rename_it(checkout, run_cli):
    shutil.copyfile(
        FIXTURES / "records" / "misnamed_without_extension.yaml",
        checkout / "tools_catalog" / "nieuwe-tool",
    )
    _commit(checkout, "Create nieuwe-tool")
    result, errors, summary = _run_check(run_cli)
    assert result.exit_code == 1
    assert errors == [
        "::error file=tools_catalog/nieuwe-tool,line=1,col=1,title=not-a-record::"
        "[not-a-record] bestand 'nieuwe-tool' heeft geen extensie en wordt niet gelezen — "
        "hernoem het naar tools_catalog/nieuwe-tool.yaml (de naam eindigt op .yaml)"
    ]
    assert "### `tools_catalog/nieuwe-tool`" in summary
    assert "**Oplossing:** hernoem het naar tools\\_catalog/nieuwe-tool.yaml" in summary


def test_a_change_that_breaks_nothing_passes_and_says_so(checkout, run_cli):
    record = checkout / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    _edit(record, "in gesprek te gaan", "in gesprek te gaan en te luisteren")
    _commit(checkout, "Omschrijving verfijnd")
    result, errors, summary = _run_check(run_cli)
    assert result.exit_code == 0
    assert errors == []
    assert summary.startswith("## Controle van de toolbox\n\nGeen problemen gevonden. 1 bestand")


def test_the_summary_escapes_what_a_contributor_typed(checkout, run_cli):
    record = checkout / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    _edit(record, "owner: saamo\n", "owner: '<img src=x onerror=alert(1)>[x](javascript:1)'\n")
    _commit(checkout, "Eigenaar")
    _, errors, summary = _run_check(run_cli)
    assert errors
    assert "<img" not in summary
    assert "](javascript" not in summary
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;\\[x\\]\\(javascript:1\\)" in summary


def test_summary_format_prints_what_the_summary_file_receives(checkout, run_cli):
    record = checkout / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    _edit(record, "owner: saamo\n", "owner: saamoo\n")
    _commit(checkout, "Eigenaar aangepast")
    _, _, summary = _run_check(run_cli)
    printed = run_cli("validate", "--changed", "origin/main", "--format", "summary")
    assert printed.exit_code == 1
    assert printed.out == summary


def test_more_problems_than_github_annotates_point_to_the_summary(checkout, run_cli):
    for n in range(11):
        (checkout / "tools_catalog" / f"gesprekken-{n}.yaml").write_text(
            f"name: Gesprekken in de buurt {n}\n"
            "description: Handleiding voor gesprekken met bewoners.\n"
            "owner: saamoo\n"
            "links: []\n"
            "status: link-volgt\n"
            "formats: [handleiding]\n"
            "reader_types: [medewerker]\n"
            f"placements:\n  - fiche: a-visievorming\n    order: {n + 10}\n",
            encoding="utf-8",
        )
    _commit(checkout, "Elf tools")
    result, errors, summary = _run_check(run_cli)
    assert len(errors) == 11
    assert result.lines[-2] == (
        "::notice title=alle problemen::11 problemen gevonden; GitHub toont er per soort "
        "hoogstens 10 bij de bestanden. De volledige lijst, per bestand en met de oplossing, "
        "staat in de samenvatting van deze controle."
    )
    assert summary.count("(unknown-owner)") == 11
