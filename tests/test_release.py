"""`toolbox release`: stamp, snapshot, the exact list of changes, the PDFs kept downloadable."""

from __future__ import annotations

import json
import re
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
    # Record the catalogue as it is now as 2024-02, so only the edits below are changes.
    assert run_cli("release", "2024-02", "--skip-build", "--force").exit_code == 0
    tools = bundled_copy / "tools_catalog"
    # Added: a new record in its own row of fiche F. Removed: the last row of fiche I.
    text = (tools / "resokit.yaml").read_text(encoding="utf-8")
    text = (
        text[: text.index("placements:")] + "placements:\n  - fiche: f-netwerking\n    order: 6\n"
    )
    (tools / "resokit-2.yaml").write_text(text.replace("name: Resokit", "name: Resokit 2.0"))
    (tools / "grrow-model.yaml").unlink()
    # Changed: an owner, a description, and a name (same id: renamed).
    _edit(tools / "accolage.yaml", "owner: accolage", "owner: saamo")
    _edit(tools / "wat-is-kwartiermaken.yaml", "description: >-\n", "description: >-\n  Nieuw.\n")
    _edit(tools / "atlas.yaml", "name: Atlas", "name: Atlas integratie")
    # Not a change: every row renumbered (same sequence, other numbers).
    for record in tools.glob("*.yaml"):
        text = record.read_text(encoding="utf-8")
        renumbered = re.sub(r"order: (\d+)", lambda m: f"order: {int(m[1]) * 10}", text)
        record.write_text(renumbered, encoding="utf-8")

    result = run_cli("release", "2025-02", "--skip-build")
    assert result.exit_code == 0, result.out + result.err
    assert result.lines[-6:] == [
        "Editie februari 2025 sinds 2024-02: 1 toegevoegd, 1 verwijderd, 3 gewijzigd."
        " Zie editions/2025-02/changes.json",
        "Leg de editie vast in git:",
        "  git add content/edition.yaml editions/2025-02",
        '  git commit -m "Editie februari 2025"',
        "  git tag editie-2025-02",
        "  git push origin HEAD editie-2025-02",
    ]
    changes = json.loads((bundled_copy / "editions" / "2025-02" / "changes.json").read_text())
    assert changes == {
        "previous": "2024-02",
        "added": [{"id": "resokit-2", "name": "Resokit 2.0", "fields": []}],
        "removed": [{"id": "grrow-model", "name": "GRROW-model", "fields": []}],
        "changed": [
            {"id": "accolage", "name": "Accolage", "fields": ["owner"]},
            {
                "id": "atlas",
                "name": "Atlas integratie",
                "fields": ["name"],
                "previous_name": "Atlas",
            },
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


def _snapshot_of(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("content", "editions")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("edition", ["feb-2025", "2025-02\n", "2025-13", " 2025-02", "2025-2"])
def test_release_refuses_a_malformed_edition(bundled_copy, run_cli, edition):
    before = _snapshot_of(bundled_copy)
    result = run_cli("release", edition, "--skip-build")
    assert result.exit_code == 2
    assert result.err.strip() == (
        f"toolbox: editie {edition!r} heeft niet de vorm JJJJ-MM (bv. 2025-02)"
    )
    assert _snapshot_of(bundled_copy) == before


def test_release_refuses_an_existing_or_older_edition(bundled_copy, run_cli):
    before = _snapshot_of(bundled_copy)
    again = run_cli("release", "2024-02", "--skip-build")
    assert again.exit_code == 1
    assert again.err.strip() == (
        "toolbox: editie 2024-02 bestaat al (editions/2024-02/); kies een nieuwe editie, of"
        " gebruik --force om ze opnieuw uit te brengen (de vorige versie wordt bewaard in"
        " editions/replaced/); niets gewijzigd."
    )
    older = run_cli("release", "2023-11", "--skip-build")
    assert older.exit_code == 1
    assert older.err.strip() == (
        "toolbox: editie 2023-11 is ouder dan de laatste editie 2024-02; een nieuwe editie moet"
        " later zijn; niets gewijzigd."
    )
    assert _snapshot_of(bundled_copy) == before


def test_force_redoes_the_latest_edition_and_keeps_the_replaced_one(bundled_copy, run_cli):
    assert run_cli("release", "2025-02", "--skip-build").exit_code == 0
    first = (bundled_copy / "editions" / "2025-02" / "catalog.json").read_bytes()
    _edit(bundled_copy / "tools_catalog" / "accolage.yaml", "owner: accolage", "owner: saamo")
    redo = run_cli("release", "2025-02", "--skip-build", "--force")
    assert redo.exit_code == 0, redo.err
    assert "editions/replaced/2025-02-" in redo.out  # in the git add line: it is tracked
    backups = list((bundled_copy / "editions" / "replaced").iterdir())
    assert [b.name.startswith("2025-02-") for b in backups] == [True]
    assert (backups[0] / "catalog.json").read_bytes() == first
    assert (bundled_copy / "editions" / "2025-02" / "catalog.json").read_bytes() != first
    # A backup is never taken for an edition: the next release compares with 2025-02 itself.
    assert run_cli("release", "2026-02", "--skip-build").exit_code == 0
    changes = json.loads((bundled_copy / "editions" / "2026-02" / "changes.json").read_text())
    assert changes["previous"] == "2025-02"


def test_release_refuses_an_invalid_catalogue(bundled_copy, run_cli):
    _edit(bundled_copy / "tools_catalog" / "accolage.yaml", "owner: accolage", "owner: niemand")
    before = _snapshot_of(bundled_copy)
    result = run_cli("release", "2025-02", "--skip-build")
    assert result.exit_code == 1
    assert result.err.strip() == "toolbox: geen editie uitgebracht."
    assert _snapshot_of(bundled_copy) == before


def test_a_failure_part_way_restores_everything(site_project, run_cli, monkeypatch):
    def broken_pdf(catalog, root, **options):
        raise OSError("schijf vol")

    monkeypatch.setattr("toolbox_build.cli._make_pdf", broken_pdf)
    before = _snapshot_of(site_project)
    result = run_cli("release", "2025-02")
    assert result.exit_code == 2
    assert result.err.splitlines() == [
        "toolbox: editie niet uitgebracht; er is niets gewijzigd.",
        "toolbox: schijf vol",
    ]
    assert _snapshot_of(site_project) == before
    assert not (site_project / "editions").exists()


def test_unchanged_depot_number_is_a_warning(bundled_copy, run_cli):
    lines = (bundled_copy / "content" / "edition.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "depot_number:" in text)
    result = run_cli("release", "2025-02", "--skip-build")
    assert result.exit_code == 0
    assert result.lines[0] == (
        f"content/edition.yaml:{line}:17: waarschuwing [depot-number-unchanged] het depotnummer"
        " 'D/2024/3241/131' is hetzelfde als in editie 2024-02 — elke editie krijgt een eigen"
        " wettelijk depotnummer; vraag het aan en vul het in bij colophon.depot_number"
    )
    _edit(bundled_copy / "content" / "edition.yaml", "D/2024/3241/131", "D/2026/3241/7")
    again = run_cli("release", "2026-02", "--skip-build")
    assert not any("depot-number-unchanged" in line for line in again.lines)


@pytest.mark.pdf
def test_three_releases_list_only_earlier_pdfs(site_project, run_cli):
    tool = site_project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    first = run_cli("release", "2024-02", "--skip-build")  # recorded without its PDF
    assert first.exit_code == 0, first.err
    assert not list((site_project / "editions" / "2024-02").glob("*.pdf"))
    _edit(tool, "Handleiding om", "Praktische handleiding om")
    _edit(tool, "name: Methodieken groepsgesprekken", "name: Methodieken voor groepsgesprekken")
    second = run_cli("release", "2025-02")
    assert second.exit_code == 0, second.err
    # The edition being replaced got its PDF (made from the catalogue before the release).
    assert (
        "PDF van editie 2024-02 bewaard:"
        " editions/2024-02/toolbox-zorgzame-buurten-februari-2024.pdf"
    ) in second.lines
    page = (site_project / "site" / "editie" / "index.html").read_text(encoding="utf-8")
    assert "Wat is nieuw in deze editie" in page
    assert (
        "Methodieken voor groepsgesprekken</a> (nieuwe naam; voorheen: Methodieken"
        " groepsgesprekken) — gewijzigd: naam, omschrijving</li>"
    ) in page
    third = run_cli("release", "2026-02", "--skip-build")
    assert third.exit_code == 0, third.err
    build = run_cli("build")
    assert build.exit_code == 0, build.err
    downloads = site_project / "site" / "downloads"
    names = {
        edition: f"toolbox-zorgzame-buurten-{edition}.pdf"
        for edition in ("februari-2024", "februari-2025", "februari-2026")
    }
    assert all((downloads / name).is_file() for name in names.values())
    assert (site_project / "editions" / "2024-02" / names["februari-2024"]).is_file()
    assert (site_project / "editions" / "2025-02" / names["februari-2025"]).is_file()
    page = (site_project / "site" / "editie" / "index.html").read_text(encoding="utf-8")
    earlier = re.findall(r"PDF van de editie (\w+ \d{4})", page)
    assert earlier == ["februari 2025", "februari 2024"]
    assert "PDF van deze editie (februari 2026)" in page


def test_ctrl_c_during_a_release_restores_everything(site_project, run_cli, monkeypatch):
    def interrupted(catalog, root, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr("toolbox_build.cli._make_pdf", interrupted)
    before = _snapshot_of(site_project)
    result = run_cli("release", "2025-02")
    assert result.exit_code == 130
    assert result.err.splitlines() == [
        "toolbox: editie niet uitgebracht; er is niets gewijzigd.",
        "",
        "toolbox: afgebroken.",
    ]
    assert _snapshot_of(site_project) == before


def test_release_refuses_an_edition_older_than_the_current_one(site_project, run_cli):
    # No snapshot yet, but content/edition.yaml already describes February 2024.
    result = run_cli("release", "2023-11", "--skip-build")
    assert result.exit_code == 1
    assert result.err.strip() == (
        "toolbox: editie 2023-11 is ouder dan de huidige editie 2024-02 in content/edition.yaml;"
        " een nieuwe editie moet later zijn; niets gewijzigd."
    )
    assert not (site_project / "editions").exists()
