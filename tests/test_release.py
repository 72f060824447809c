"""`toolbox release`: stamp, snapshot, the exact list of changes, the PDFs kept downloadable."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from .conftest import REPO_ROOT


@pytest.fixture
def bundled_copy(tmp_path, monkeypatch):
    root = tmp_path / "edition"
    for name in ("tools_catalog", "content", "overrides", "editions"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.chdir(root)
    return root


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_release_lists_exactly_what_changed(bundled_copy, run_cli):
    tools = bundled_copy / "tools_catalog"
    # Added: a new record in its own row of fiche F. Removed: the last row of fiche I.
    text = (tools / "resokit.yaml").read_text(encoding="utf-8")
    text = (
        text[: text.index("placements:")] + "placements:\n  - fiche: f-netwerking\n    order: 6\n"
    )
    (tools / "resokit-2.yaml").write_text(text.replace("name: Resokit", "name: Resokit 2.0"))
    (tools / "grrow-model.yaml").unlink()
    # Changed: an owner, and a description.
    _edit(tools / "accolage.yaml", "owner: accolage", "owner: saamo")
    _edit(tools / "wat-is-kwartiermaken.yaml", "description: >-\n", "description: >-\n  Nieuw.\n")

    result = run_cli("release", "2025-02", "--skip-build")
    assert result.exit_code == 0, result.out + result.err
    assert result.lines[-1] == (
        "Editie Februari 2025 sinds 2024-02: 1 toegevoegd, 1 verwijderd, 2 gewijzigd."
        " Zie editions/2025-02/changes.json"
    )
    changes = json.loads((bundled_copy / "editions" / "2025-02" / "changes.json").read_text())
    assert changes == {
        "previous": "2024-02",
        "added": [{"id": "resokit-2", "name": "Resokit 2.0", "fields": []}],
        "removed": [{"id": "grrow-model", "name": "GRROW-model", "fields": []}],
        "changed": [
            {"id": "accolage", "name": "Accolage", "fields": ["owner"]},
            {
                "id": "wat-is-kwartiermaken",
                "name": "Wat is kwartiermaken?",
                "fields": ["description"],
            },
        ],
    }
    edition = yaml.safe_load((bundled_copy / "content" / "edition.yaml").read_text())
    assert (edition["label"], edition["date"], edition["state_of"]) == (
        "Februari 2025",
        "2025-02-01",
        "de toestand in februari 2025",
    )
    assert (bundled_copy / "editions" / "2025-02" / "catalog.json").is_file()


def test_release_builds_site_with_news_and_keeps_pdfs(site_project, run_cli):
    first = run_cli("release", "2024-02")
    assert first.exit_code == 0, first.err
    _edit(
        site_project / "tools_catalog" / "methodieken-groepsgesprekken.yaml",
        "Handleiding om",
        "Praktische handleiding om",
    )
    second = run_cli("release", "2025-02")
    assert second.exit_code == 0, second.err
    site = site_project / "site"
    assert (site / "downloads" / "toolbox-zorgzame-buurten-februari-2024.pdf").is_file()
    assert (site / "downloads" / "toolbox-zorgzame-buurten-februari-2025.pdf").is_file()
    page = (site / "editie" / "index.html").read_text(encoding="utf-8")
    assert "Wat is nieuw in deze editie" in page
    assert "Methodieken groepsgesprekken</a> — description" in page
    assert "PDF van de editie 2024-02" in page


def test_release_refuses_a_malformed_edition(bundled_copy, run_cli):
    result = run_cli("release", "feb-2025")
    assert result.exit_code == 2
    assert (
        result.err.strip() == "toolbox: editie 'feb-2025' heeft niet de vorm JJJJ-MM (bv. 2025-02)"
    )
