"""A second toolbox of another theme validates and builds with the same engine, unchanged.

tests/fixtures/second-toolbox/ is a small complete project ("Gezonde scholen": its own fiches,
clusters, roles, name and words); it uses the repository's theme overrides. Nothing of the bundled
toolbox may show in what it publishes: not its name, theme words, publisher, clusters, roles or
file names.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[1]
SECOND = FIXTURES / "second-toolbox"

NAME = "Toolbox Gezonde scholen"
# Words of the bundled toolbox (content/, mkdocs.yml). "Organisatie", also a bundled role's label,
# is the engine's own word for an organisation's page, so it is not listed.
BUNDLED_WORDS = [
    "Zorgzame",
    "zorgzame",
    "buurt",
    "Buurt",
    "Departement Zorg",
    "SWVG",
    "Met en in de buurt",
    "Samen met professionals",
    "Praktisch aan de slag",
    "Regisseur of trekker",
    "Medewerker in de buurt",
    "Lokaal bestuur",
    "Bovenlokale partner",
    "Startend",
    "toolbox-zorgzame-buurten",
    "Veertien",
]


def _second_toolbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "gezonde-scholen"
    shutil.copytree(SECOND, root)
    shutil.copytree(REPO_ROOT / "overrides", root / "overrides")
    monkeypatch.chdir(root)
    return root


def _own_names() -> list[str]:
    """The second toolbox's name, its cluster names and its fiche titles, read from its files."""
    vocabularies = yaml.safe_load((SECOND / "content" / "vocabularies.yaml").read_text("utf-8"))
    titles = [
        yaml.safe_load(path.read_text("utf-8").split("---")[1])["title"]
        for path in sorted((SECOND / "content" / "fiches").glob("*.md"))
    ]
    return [NAME, *(c["label"] for c in vocabularies["clusters"]), *titles]


def _bundled_words_in(text: str) -> list[str]:
    """The bundled words in ``text``, in any case (the PDF sets some headings in capitals)."""
    text = text.casefold()
    return [word for word in BUNDLED_WORDS if word.casefold() in text]


def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    # Words hyphenated at a line end are read whole again.
    return re.sub(r"\s+", " ", re.sub(r"[‐-]\n", "", text)) + " " + metadata


def test_the_second_toolbox_validates(tmp_path, monkeypatch, run_cli):
    _second_toolbox(tmp_path, monkeypatch)
    result = run_cli("validate")
    assert result.exit_code == 0, result.out + result.err
    assert result.lines[-1].endswith("0 fout(en), 0 waarschuwing(en).")


def test_the_bundled_words_are_found_where_they_are(tmp_path):
    """The scan below finds a bundled word when one is there (it is no empty check)."""
    assert _bundled_words_in("FICHE A · SAMEN MET PROFESSIONALS") == ["Samen met professionals"]
    assert _bundled_words_in("Toolbox Zorgzame buurten") == [
        "Zorgzame",
        "zorgzame",
        "buurt",
        "Buurt",
    ]
    page = tmp_path / "page.html"
    page.write_text("<p>Samen met professionals</p>", encoding="utf-8")
    assert _bundled_words_in(page.read_text("utf-8")) == ["Samen met professionals"]


@pytest.mark.pdf
@pytest.mark.slow
def test_the_second_toolbox_builds_its_site_and_pdf_without_a_word_of_the_bundled_one(
    tmp_path, monkeypatch, run_cli
):
    root = _second_toolbox(tmp_path, monkeypatch)
    result = run_cli("build")
    assert result.exit_code == 0, result.out + result.err
    site = root / "site"

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    found = {
        str(p.relative_to(site)): w for p in pages if (w := _bundled_words_in(p.read_text("utf-8")))
    }
    assert found == {}

    pdfs = sorted((site / "downloads").glob("*.pdf"))
    assert [p.name for p in pdfs] == [  # a booklet per reader: role and experience
        "toolbox-gezonde-scholen-september-2025-directie-gevorderd.pdf",
        "toolbox-gezonde-scholen-september-2025-directie-nieuw.pdf",
        "toolbox-gezonde-scholen-september-2025-leerkracht-gevorderd.pdf",
        "toolbox-gezonde-scholen-september-2025-leerkracht-nieuw.pdf",
        "toolbox-gezonde-scholen-september-2025.pdf",
    ]
    edition = _pdf_text(pdfs[-1])
    assert _bundled_words_in(edition) == []
    for name in _own_names():
        assert name.casefold() in edition.casefold(), name
    assert "Deel 1: wat een gezonde school is" in edition
    for booklet in pdfs[:-1]:
        assert _bundled_words_in(_pdf_text(booklet)) == []

    data = sorted((site / "data").iterdir())
    assert [p.name for p in data] == [
        "catalogus.jsonld",
        "toolbox.json",
        "toolbox.schema.json",
        "tools.csv",
    ]
    for path in data:
        assert _bundled_words_in(path.read_text("utf-8-sig")) == [], path.name
    assert NAME in (site / "data" / "catalogus.jsonld").read_text("utf-8")

    home = (site / "index.html").read_text("utf-8")
    for name in _own_names():
        assert name in home, name
    reading_guide = (site / "leeswijzer" / "index.html").read_text("utf-8")
    assert "je rol in de school en van je ervaring" in reading_guide
