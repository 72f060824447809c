"""The edition's publisher identity: schema, model and the logo-file check."""

from __future__ import annotations

from pathlib import Path

from toolbox_build.catalog.load import read_project

IDENTITY = """publisher:
  name: Voorbeelduitgever
  url: https://voorbeeld.invalid
  logo: content/assets/logo.svg
  colours:
    primary: "#123456"
    clusters: {buurt: "#aa0000", praktisch: "#00aa00"}
"""


def _with_identity(project: Path, text: str = IDENTITY) -> None:
    path = project / "content" / "edition.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_publisher_is_exposed_on_the_edition(project):
    _with_identity(project)
    (project / "content" / "assets").mkdir()
    (project / "content" / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    catalog, _, problems = read_project(project)
    publisher = catalog.edition.publisher
    assert problems == []
    assert (publisher.name, publisher.url, publisher.logo) == (
        "Voorbeelduitgever",
        "https://voorbeeld.invalid",
        "content/assets/logo.svg",
    )
    assert publisher.cluster_colour("buurt") == "#aa0000"
    assert publisher.cluster_colour("professionals") == "#123456"  # falls back to primary


def test_edition_without_publisher_has_none(project):
    catalog, _, _ = read_project(project)
    assert catalog.edition.publisher is None


def test_missing_logo_file_is_reported(project, run_cli):
    _with_identity(project)
    result = run_cli("validate")
    assert result.lines[0] == (
        "content/edition.yaml:"
        f"{_line_of(project, '  logo:')}:9: fout [missing-logo] logobestand"
        " 'content/assets/logo.svg' bestaat niet — geef het pad van een SVG- of PNG-bestand in"
        " het project, bv. content/assets/logo.svg"
    )


def test_colour_must_be_hex(project, run_cli):
    _with_identity(project, "publisher:\n  name: X\n  colours:\n    primary: groen\n")
    result = run_cli("validate")
    assert result.lines[0] == (
        f"content/edition.yaml:{_line_of(project, '    primary:')}:14: fout [bad-format] veld"
        " 'publisher.colours.primary' 'groen' heeft niet de verwachte vorm — geef een kleur als #"
        " met zes hexadecimale cijfers, bv. '#00584d'"
    )


def _line_of(project: Path, prefix: str) -> int:
    lines = (project / "content" / "edition.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))
