"""Limits on sizes and counts: each is an error (or a warning) in Dutch with file, line and column.

The limits keep a contributed record from making the build slow or the pages unreadable (a valid
1 MB description took the PDF minutes to lay out), and deep nesting from exhausting the recursion.
"""

from __future__ import annotations

import pytest

from toolbox_build.catalog import load
from toolbox_build.catalog.yaml_source import MAX_FILE_BYTES

EXPECTED = {
    "name_too_long": "2:7: fout [too-long] veld 'name' is 218 tekens lang; de grens is 200"
    " tekens — kort de tekst in tot hoogstens 200 tekens",
    "description_too_long": "3:14: fout [too-long] veld 'description' is 2015 tekens lang; de"
    " grens is 2000 tekens — kort de tekst in tot hoogstens 2000 tekens",
    "link_label_too_long": "7:12: fout [too-long] veld 'links[0].label' is 204 tekens lang; de"
    " grens is 200 tekens — kort de tekst in tot hoogstens 200 tekens",
    "placement_note_too_long": "13:11: fout [too-long] veld 'placements[0].note' is 505 tekens"
    " lang; de grens is 500 tekens — kort de tekst in tot hoogstens 500 tekens",
    "too_many_links": "6:3: fout [too-many] veld 'links' bevat 21 items; de grens is 20"
    " — houd enkel de belangrijkste over of splits het record",
    "too_many_placements": "11:3: fout [too-many] veld 'placements' bevat 21 items; de grens is"
    " 20 — houd enkel de belangrijkste over of splits het record",
    "deeply_nested": "10:27: fout [yaml-nesting] gegevens zijn te diep genest (meer dan 20"
    " niveaus) — een record heeft maar een paar niveaus (veld, lijst, item); controleer de"
    " inspringing en de haakjes [ ] en { }",
    "bidi_override_in_name": "2:7: waarschuwing [invisible-character] veld 'name' bevat"
    " onzichtbare tekens: U+202E (richtingsteken), U+202C (richtingsteken) — zulke tekens keren"
    " de leesrichting om of verstoppen zich in een woord; typ de tekst opnieuw zonder ze"
    " (kopiëren uit een andere toepassing brengt ze vaak mee)",
    "zero_width_in_name": "2:7: waarschuwing [invisible-character] veld 'name' bevat"
    " onzichtbare tekens: U+200B (teken zonder breedte) — zulke tekens keren de leesrichting om"
    " of verstoppen zich in een woord; typ de tekst opnieuw zonder ze (kopiëren uit een andere"
    " toepassing brengt ze vaak mee)",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_limit_is_reported_with_its_message(name, add_record, run_cli):
    path = add_record(name)
    result = run_cli("validate", path)
    assert result.lines[:-1] == [f"{path}:{EXPECTED[name]}"]
    assert result.exit_code == (1 if " fout " in EXPECTED[name] else 0)
    assert "Traceback" not in result.out + result.err


def test_text_at_the_limit_is_accepted(project, run_cli):
    record = project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    text = record.read_text(encoding="utf-8")
    old = "description: Handleiding om met een groep bewoners in gesprek te gaan over hun buurt."
    assert old in text
    record.write_text(text.replace(old, "description: " + "a" * 2000), encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 0, result.out
    assert "too-long" not in result.out


def test_file_over_one_mebibyte_is_refused_before_parsing(project, run_cli):
    record = project / "tools_catalog" / "groot-bestand.yaml"
    record.write_text("name: x\n" + "# opvulling\n" * (MAX_FILE_BYTES // 12 + 1), "utf-8")
    size = record.stat().st_size
    result = run_cli("validate", "tools_catalog/groot-bestand.yaml")
    assert result.lines[:-1] == [
        f"tools_catalog/groot-bestand.yaml:1:1: fout [file-too-large] bestand is {size} bytes;"
        f" de grens is {MAX_FILE_BYTES} bytes (1 MiB) — splits de inhoud over meerdere bestanden"
    ]
    assert result.exit_code == 1


def test_too_many_tool_records_is_one_error_and_the_rest_is_read(
    project, run_cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(load, "MAX_TOOLS", 1)
    result = run_cli("validate")
    assert (
        "tools_catalog:1:1: fout [too-many-records] de map bevat 2 tool-records; de grens is 1"
        " — enkel de eerste 1 (op naam) worden gelezen; verwijder records of verdeel ze over"
        " meer toolboxen"
    ) in result.lines
    assert result.exit_code == 1


def test_organisation_name_too_long(project, run_cli):
    registry = project / "content" / "organisations.yaml"
    text = registry.read_text(encoding="utf-8")
    long_name = "Samenwerkingsverband " * 10
    registry.write_text(text.replace("name: SAAMO", f"name: {long_name}"), encoding="utf-8")
    line = next(
        n for n, row in enumerate(registry.read_text("utf-8").splitlines(), 1) if long_name in row
    )
    result = run_cli("validate", "content/organisations.yaml")
    assert (
        f"content/organisations.yaml:{line}:11: fout [too-long] veld 'organisations[1].name' is"
        f" {len(long_name.strip())} tekens lang; de grens is 200 tekens — kort de tekst in tot"
        " hoogstens 200 tekens"
    ) in result.lines


def test_page_title_too_long_in_front_matter(project, run_cli):
    page = project / "content" / "fiches" / "a-visievorming.md"
    text = page.read_text(encoding="utf-8")
    old = 'title: "Visievorming: samen naar een gedeeld verhaal"'
    assert old in text
    title = "Visievorming " * 16
    page.write_text(text.replace(old, f"title: {title}"), encoding="utf-8")
    result = run_cli("validate", "content/fiches/a-visievorming.md")
    assert (
        f"content/fiches/a-visievorming.md:5:8: fout [too-long] veld 'title' is"
        f" {len(title.strip())} tekens lang; de grens is 200 tekens — kort de tekst in tot"
        " hoogstens 200 tekens"
    ) in result.lines
