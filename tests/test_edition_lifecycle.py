"""Editions over the years: a year of ordinary edits, then a release, twice, in a real clone.

Starts from the bundled edition (a `git clone` of this repository), makes what a year brings and
releases `2025-02`, edits again and releases `2026-02`. After each release the site builds, the
edition folder holds the catalogue, the changes and the PDF, the edition page lists exactly the
changes, each kind named in Dutch, earlier PDFs stay downloadable, and the corrections log needs no
rewrite for a field it describes that changed later.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from toolbox_build.catalog.editions import RecordChange, RecordChanges
from toolbox_build.site.pages import SiteRenderer
from toolbox_build.validate import validate_project
from toolbox_build.views.paths import EDITION_PAGE

from .conftest import FIXTURES, REPO_ROOT, run_git


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


NEW_TOOL = """\
# yaml-language-server: $schema=../src/toolbox_build/catalog/schemas/tool.schema.json
name: {name}
description: >-
  Praktische gids om met buren een eerste ontmoeting in de straat op te zetten.
owner: {owner}
links:
  - url: {url}
    label: Gids ontmoeting in de straat
references: [{reference}]
formats: [draaiboek]
reader_types: [medewerker]
steps: [uitrol]
language: nl
placements:
  - fiche: j-burenhulp
    order: {order}
"""


def _year_one(root: Path) -> None:
    """What a year of ordinary edits brings, before the release of 2025-02."""
    tools = root / "tools_catalog"
    content = root / "content"
    # A changed link, on a tool whose 2024 link the corrections log describes.
    _edit(
        tools / "belrondes.yaml",
        "2022_SALI001_e-pub_zorgzame-buurten.pdf",
        "2022_SALI001_e-pub_zorgzame-buurten-2.pdf",
    )
    # A changed description, a renamed tool, a removed tool, a tool moved to another category.
    _edit(tools / "accolage.yaml", "Brusselse organisatie", "Brusselse vzw")
    _edit(tools / "resokit.yaml", "name: Resokit", "name: Resokit (vernieuwd)")
    (tools / "grrow-model.yaml").unlink()
    _edit(
        tools / "atlas.yaml",
        "category: diversiteit\n    order: 21",
        "category: voorbeelden\n    order: 34",
    )
    # A new organisation, a renamed organisation, a new reference, and a new tool using them.
    _edit(
        content / "organisations.yaml",
        '  - id: saamo\n    name: "SAAMO"',
        '  - id: saamo\n    name: "SAAMO Samenlevingsopbouw"',
    )
    _append(
        content / "organisations.yaml",
        '  - id: buurtwerk-oost\n    name: "Buurtwerk Oost"\n'
        "    website: https://www.buurtwerk-oost.example.org\n",
    )
    _append(
        content / "references.yaml",
        '  - key: buurtwerk-oost-2024\n    authors: ["Buurtwerk Oost"]\n    year: "2024"\n'
        "    title: Ontmoeting in de straat\n"
        "    url: https://www.buurtwerk-oost.example.org/gids\n",
    )
    (tools / "ontmoeting-in-de-straat.yaml").write_text(
        NEW_TOOL.format(
            name="Ontmoeting in de straat",
            owner="buurtwerk-oost",
            url="https://www.buurtwerk-oost.example.org/gids",
            reference="buurtwerk-oost-2024",
            order=90,
        ),
        encoding="utf-8",
    )
    # A correction logged for the edition being prepared.
    _append(
        content / "corrections.yaml",
        "- edition: '2025-02'\n  kind: address\n"
        '  place: Fiche J "Burenhulp", tabel, rij ‘Ontmoeting in de straat’\n'
        "  record:\n    tool: ontmoeting-in-de-straat\n  field: links[0].url\n"
        "  source_says: https://buurtwerk-oost.example.org/gids.pdf\n"
        "  data_says: https://www.buurtwerk-oost.example.org/gids\n"
        "  why: De organisatie verving het pdf-bestand door een webpagina.\n",
    )


def _year_two(root: Path) -> None:
    tools = root / "tools_catalog"
    # The link the 2025 log describes changes again: the log stays as it is.
    _edit(
        tools / "ontmoeting-in-de-straat.yaml",
        "url: https://www.buurtwerk-oost.example.org/gids",
        "url: https://www.buurtwerk-oost.example.org/gids-2026",
    )
    _edit(tools / "belrondes.yaml", "Leidraad om", "Handleiding om")
    (tools / "accolage.yaml").unlink()


def _changes(root: Path, edition: str) -> dict:
    return json.loads((root / "editions" / edition / "changes.json").read_text(encoding="utf-8"))


def _edition_page(root: Path) -> str:
    return (root / "site" / "editie" / "index.html").read_text(encoding="utf-8")


def _listed(page: str, heading: str) -> list[str]:
    """The items under a heading of the edition page, as text."""
    section = page.split(f">{heading}<", 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", section)]


def _references_corrected_since_2024(root: Path) -> list[dict]:
    """References whose address the data corrected after the 2024 edition (read from the files
    themselves: the 2024 snapshot and content/references.yaml), as the changes list them."""
    published = json.loads((root / "editions" / "2024-02" / "catalog.json").read_text())
    now = yaml.safe_load((root / "content" / "references.yaml").read_text(encoding="utf-8"))
    return [
        {"id": ref["key"], "name": ref["title"], "fields": ["url"]}
        for ref in sorted(now["references"], key=lambda r: r["key"])
        if ref["key"] in published["references"]
        and ref.get("url") != published["references"][ref["key"]]["url"]
    ]


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "toolbox"
    run_git(tmp_path, "clone", "-q", str(REPO_ROOT), str(root))
    monkeypatch.chdir(root)
    # Every role's booklet is not what this test is about; the edition PDF is.
    monkeypatch.setattr("toolbox_build.cli._make_booklets", lambda catalog, root: {})
    return root


@pytest.mark.pdf
@pytest.mark.slow
def test_a_year_of_edits_then_two_releases(clone, run_cli):
    _year_one(clone)
    checked = run_cli("validate")
    assert checked.exit_code == 0, checked.out
    run_git(clone, "add", "-A")  # the year's edits landed through pull requests
    run_git(clone, "commit", "-qm", "een jaar bewerkingen")
    first = run_cli("release", "2025-02")
    assert first.exit_code == 0, first.out + first.err
    assert first.lines[-4] == "  git add content/edition.yaml editions/2025-02"
    assert _changes(clone, "2025-02") == {
        "previous": "2024-02",
        "added": [
            {"id": "ontmoeting-in-de-straat", "name": "Ontmoeting in de straat", "fields": []}
        ],
        "removed": [{"id": "grrow-model", "name": "GRROW-model", "fields": []}],
        "changed": [
            {"id": "accolage", "name": "Accolage", "fields": ["description"]},
            {"id": "atlas", "name": "Atlas", "fields": ["placements"]},
            {"id": "belrondes", "name": "Belrondes", "fields": ["links"]},
            {
                "id": "resokit",
                "name": "Resokit (vernieuwd)",
                "fields": ["name"],
                "previous_name": "Resokit",
            },
        ],
        "organisations": {
            "added": [{"id": "buurtwerk-oost", "name": "Buurtwerk Oost", "fields": []}],
            "removed": [],
            "changed": [
                {
                    "id": "saamo",
                    "name": "SAAMO Samenlevingsopbouw",
                    "fields": ["name"],
                    "previous_name": "SAAMO",
                }
            ],
        },
        "references": {
            "added": [
                {"id": "buurtwerk-oost-2024", "name": "Ontmoeting in de straat", "fields": []}
            ],
            "removed": [],
            "changed": _references_corrected_since_2024(clone),
        },
    }
    # Commit and tag as the release says; nothing is left over for git.
    for line in first.lines[-4:]:
        if not line.startswith("  git push"):
            run_git(clone, *line.split()[1:] if "commit" not in line else ["commit", "-qm", "2025"])
    assert run_git(clone, "status", "--porcelain") == ""

    built = run_cli("build")
    assert built.exit_code == 0, built.err
    folder = clone / "editions" / "2025-02"
    assert sorted(p.name for p in folder.iterdir()) == [
        "catalog.json",
        "changes.json",
        "toolbox-zorgzame-buurten-februari-2025.pdf",
    ]
    page = _edition_page(clone)
    assert '<h1 id="editie-februari-2025">Editie februari 2025<a' in page
    assert _listed(page, "Tools: nieuw") == ["Ontmoeting in de straat"]
    assert _listed(page, "Tools: gewijzigd") == [
        "Accolage — gewijzigd: omschrijving",
        "Atlas — gewijzigd: plaats in de fiches",
        "Belrondes — gewijzigd: links",
        "Resokit (vernieuwd) (nieuwe naam; voorheen: Resokit) — gewijzigd: naam",
    ]
    assert _listed(page, "Tools: niet meer opgenomen") == ["GRROW-model"]
    assert _listed(page, "Organisaties: nieuw") == ["Buurtwerk Oost"]
    assert _listed(page, "Organisaties: gewijzigd") == [
        "SAAMO Samenlevingsopbouw (nieuwe naam; voorheen: SAAMO) — gewijzigd: naam"
    ]
    assert _listed(page, "Referenties: nieuw") == ["Ontmoeting in de straat"]
    corrected = _references_corrected_since_2024(clone)
    assert _listed(page, "Referenties: gewijzigd") == [
        f"{ref['name']} — gewijzigd: link" for ref in corrected
    ]
    assert "PDF van de editie februari 2024" in page
    assert (clone / "site" / "downloads" / "toolbox-zorgzame-buurten-februari-2024.pdf").is_file()
    account = (clone / "site" / "verantwoording" / "index.html").read_text(encoding="utf-8")
    logged = yaml.safe_load((clone / "content" / "corrections.yaml").read_text(encoding="utf-8"))
    for_2025 = sum(entry["edition"] == "2025-02" for entry in logged["corrections"])
    assert account.index(f"Editie februari 2025 ({for_2025})") < account.index(
        "Editie februari 2024 ("
    )

    _year_two(clone)
    checked = run_cli("validate")
    assert checked.exit_code == 0, checked.out  # no rewrite of the 2025 log entry needed
    run_git(clone, "add", "-A")
    run_git(clone, "commit", "-qm", "nog een jaar")
    second = run_cli("release", "2026-02")
    assert second.exit_code == 0, second.out + second.err
    changes = _changes(clone, "2026-02")
    assert changes["previous"] == "2025-02"
    assert [c["id"] for c in changes["removed"]] == ["accolage"]
    assert [(c["id"], c["fields"]) for c in changes["changed"]] == [
        ("belrondes", ["description"]),
        ("ontmoeting-in-de-straat", ["links"]),
    ]
    assert "organisations" not in changes and "references" not in changes
    built = run_cli("build")
    assert built.exit_code == 0, built.err
    page = _edition_page(clone)
    assert re.findall(r"PDF van de editie (\w+ \d{4})", page) == [
        "februari 2025",
        "februari 2024",
    ]
    downloads = clone / "site" / "downloads"
    for year in ("2024", "2025", "2026"):
        assert (downloads / f"toolbox-zorgzame-buurten-februari-{year}.pdf").is_file()
    assert (clone / "editions" / "2026-02" / "toolbox-zorgzame-buurten-februari-2026.pdf").is_file()


KINDS = {
    "tool added": (
        "tools",
        "added",
        RecordChange("t", "Nieuwe tool"),
        "Tools: nieuw",
        "Nieuwe tool",
    ),
    "tool removed": (
        "tools",
        "removed",
        RecordChange("t", "Oude tool"),
        "Tools: niet meer opgenomen",
        "Oude tool",
    ),
    "tool changed": (
        "tools",
        "changed",
        RecordChange("t", "Tool", ("links", "placements")),
        "Tools: gewijzigd",
        "Tool — gewijzigd: links, plaats in de fiches",
    ),
    "tool renamed": (
        "tools",
        "changed",
        RecordChange("t", "Tool B", ("name",), "Tool A"),
        "Tools: gewijzigd",
        "Tool B (nieuwe naam; voorheen: Tool A) — gewijzigd: naam",
    ),
    "organisation added": (
        "organisations",
        "added",
        RecordChange("o", "Nieuwe vzw", kind="organisations"),
        "Organisaties: nieuw",
        "Nieuwe vzw",
    ),
    "organisation renamed": (
        "organisations",
        "changed",
        RecordChange("o", "Vzw B", ("name", "website"), "Vzw A", "organisations"),
        "Organisaties: gewijzigd",
        "Vzw B (nieuwe naam; voorheen: Vzw A) — gewijzigd: naam, website",
    ),
    "organisation removed": (
        "organisations",
        "removed",
        RecordChange("o", "Oude vzw", kind="organisations"),
        "Organisaties: niet meer opgenomen",
        "Oude vzw",
    ),
    "reference added": (
        "references",
        "added",
        RecordChange("r", "Een gids", kind="references"),
        "Referenties: nieuw",
        "Een gids",
    ),
    "reference changed": (
        "references",
        "changed",
        RecordChange("r", "Een gids", ("url",), kind="references"),
        "Referenties: gewijzigd",
        "Een gids — gewijzigd: link",
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_edition_page_shows_each_kind_of_change_alone(project, kind):
    section, which, change, heading, line = KINDS[kind]
    data = {"previous": "2023-02", "added": [], "removed": [], "changed": []}
    if section == "tools":
        data[which] = [change.as_json()]
    else:
        data[section] = RecordChanges(**{which: (change,)}).as_json()
    folder = project / "editions" / "2024-02"
    folder.mkdir(parents=True)
    (folder / "changes.json").write_text(json.dumps(data), encoding="utf-8")
    catalog = validate_project(project).catalog
    text = SiteRenderer(catalog, project)._render("edition.md.j2", EDITION_PAGE).text
    headings = re.findall(r"^### (.+)$", text, flags=re.M)
    assert headings == [heading]
    items = re.findall(r"<li>(.*?)</li>", text.split(f"### {heading}", 1)[1].split("</ul>")[0])
    assert [re.sub(r"<[^>]+>", "", i) for i in items] == [line]
    assert "Sinds de editie februari 2023:" in text


# -- The corrections log per edition, and half editions left by an older version ---------------


def _released_2024(project: Path, run_cli) -> None:
    """The small project with corrections_holds.yaml, released as 2024-02 (its snapshot)."""
    shutil.copyfile(
        FIXTURES / "corrections" / "correction_holds.yaml",
        project / "content" / "corrections.yaml",
    )
    result = run_cli("release", "2024-02", "--skip-build")
    assert result.exit_code == 0, result.out + result.err


def test_a_published_entry_is_checked_against_its_snapshot_not_the_data(project, run_cli):
    _released_2024(project, run_cli)
    tool = project / "tools_catalog" / "inspirerende-video-eenzaamheid.yaml"
    _edit(tool, "watch?v=IfIJYCh6OH8", "watch?v=nieuw")  # a later correction of the link
    assert run_cli("validate").exit_code == 0
    # The entry itself no longer says what 2024-02 published: that is an error.
    log = project / "content" / "corrections.yaml"
    _edit(log, "data_says: https://www.youtube.com/watch?v=IfIJYCh6OH8", "data_says: x")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[0].split(": fout ")[1] == (
        "[correction-mismatch] het logboek zegt dat 'links[0].url' van tool"
        " 'inspirerende-video-eenzaamheid' in editie 2024-02 'x' bevat, maar het bevat"
        " 'https://www.youtube.com/watch?v=IfIJYCh6OH8' — het logboek beschrijft wat editie"
        " 2024-02 publiceerde; pas het item aan zodat het zegt wat die editie bevat"
    )


def test_an_entry_for_an_edition_that_was_never_published_is_an_error(project, run_cli):
    _released_2024(project, run_cli)
    log = project / "content" / "corrections.yaml"
    _edit(
        log,
        "- edition: '2024-02'\n    kind: owner-spelling",
        "- edition: '2023-05'\n    kind: owner-spelling",
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[0] == (
        "content/corrections.yaml:3:14: fout [correction-edition] het logboek noemt editie"
        " '2023-05', maar die editie is niet uitgebracht — gebruik een uitgebrachte editie"
        " (2024-02) of de editie die je voorbereidt (later dan 2024-02)"
    )


def test_a_stamp_without_its_edition_folder_says_how_to_finish_or_undo(project, run_cli):
    _released_2024(project, run_cli)
    edition = project / "content" / "edition.yaml"
    _edit(edition, 'date: "2024-02-01"', 'date: "2025-02-01"')  # what an older version left
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[0] == (
        "content/edition.yaml:2:7: fout [edition-unfinished] content/edition.yaml beschrijft editie"
        " 2025-02, maar editions/2025-02/ ontbreekt: die release is niet afgemaakt — maak ze af"
        " met toolbox release 2025-02, of maak ze ongedaan met git checkout --"
        " content/edition.yaml"
    )
    finished = run_cli("release", "2025-02", "--skip-build")
    assert finished.exit_code == 0, finished.err
    assert run_cli("validate").exit_code == 0


def test_a_snapshot_without_its_changes_says_how_to_finish_or_undo(project, run_cli):
    _released_2024(project, run_cli)
    (project / "editions" / "2024-02" / "changes.json").unlink()
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[0] == (
        "editions/2024-02:1:1: fout [edition-unfinished] editie 2024-02 heeft geen changes.json:"
        " die release is niet afgemaakt — maak ze opnieuw met toolbox release 2024-02 --force"
        " (enkel de laatste editie), of verwijder editions/2024-02/ (git rm -r editions/2024-02)"
    )
