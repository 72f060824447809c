"""Generated site pages: golden files, escaping of contributed text, the build's safety rules."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from toolbox_build.site.pages import SiteRenderer
from toolbox_build.validate import validate_project

from .conftest import FIXTURES

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = [
    "fiches/a-visievorming.md",
    "deel-1/buurtanalyse.md",
    "tools/methodieken-groepsgesprekken.md",
]


def rendered(root: Path) -> dict[str, str]:
    result = validate_project(root)
    assert result.ok, [p.format_text() for p in result.problems]
    return {f.path: f.text for f in SiteRenderer(result.catalog, root).render_all()}


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_generated_page_matches_golden_file(page, request):
    # Refresh with: .venv/bin/python -m pytest tests/test_site_pages.py --refresh-golden
    files = rendered(FIXTURES / "project")
    golden = GOLDEN / page
    if request.config.getoption("--refresh-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(files[page], encoding="utf-8")
    assert files[page] == golden.read_text(encoding="utf-8")


def _hostile_record(project: Path) -> None:
    tool = project / "tools_catalog" / "methodieken-groepsgesprekken.yaml"
    text = tool.read_text(encoding="utf-8")
    text = text.replace(
        "name: Methodieken groepsgesprekken",
        'name: "Groepsgesprekken <img src=x onerror=alert(1)>"',
    ).replace(
        "description: Handleiding om met een groep bewoners in gesprek te gaan over hun buurt.",
        'description: "Tekst <script>alert(1)</script> en *sterretjes* [link](javascript:x)"',
    )
    tool.write_text(text, encoding="utf-8")


@pytest.mark.pdf
def test_contributed_html_is_shown_as_text_in_the_built_site(site_project, run_cli):
    _hostile_record(site_project)
    result = run_cli("build")
    assert result.exit_code == 0, result.out + result.err
    site = site_project / "site"
    pages = [
        site / "tools" / "methodieken-groepsgesprekken" / "index.html",
        site / "fiches" / "a-visievorming" / "index.html",
        site / "tools" / "index.html",
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html, page
        assert "<img src=x" not in html and '<img src="x"' not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
        assert 'href="javascript:x"' not in html, page
    records = json.loads((site / "records.json").read_text(encoding="utf-8"))
    names = [t["name"] for t in records["tools"]]
    assert "Groepsgesprekken <img src=x onerror=alert(1)>" in names  # JSON keeps the raw text


@pytest.mark.pdf
def test_failed_validation_leaves_the_previous_site_untouched(site_project, run_cli):
    assert run_cli("build").exit_code == 0
    index = site_project / "site" / "index.html"
    before = index.read_bytes()
    (site_project / "tools_catalog" / "kapot.yaml").write_text("name: [\n", encoding="utf-8")
    result = run_cli("build")
    assert result.exit_code == 1
    assert "tools_catalog/kapot.yaml:2:1: fout [yaml-syntax]" in result.out
    assert "niets gebouwd" in result.err
    assert index.read_bytes() == before


@pytest.mark.pdf
def test_records_json_lists_every_tool_with_its_facets(site_project, run_cli):
    assert run_cli("build").exit_code == 0
    records = json.loads((site_project / "site" / "records.json").read_text(encoding="utf-8"))
    by_id = {t["id"]: t for t in records["tools"]}
    assert set(by_id) == {"methodieken-groepsgesprekken", "inspirerende-video-eenzaamheid"}
    assert by_id["methodieken-groepsgesprekken"]["fiche"] == ["buurtanalyse", "a-visievorming"]
    assert by_id["inspirerende-video-eenzaamheid"]["vorm"] == ["video"]
    assert [f["key"] for f in records["facets"]] == [
        "fiche",
        "lezer",
        "stap",
        "doelgroep",
        "vorm",
        "eigenaar",
    ]


@pytest.mark.pdf
def test_generated_config_uses_no_mkdocs_only_plugins(site_project, run_cli):
    class TagsAsText(yaml.SafeLoader):
        """Reads MkDocs' tags (!ENV, !!python/name) as plain values: only keys matter here."""

    TagsAsText.add_multi_constructor("", lambda loader, tag, node: tag)

    assert run_cli("build").exit_code == 0
    # The generated build/mkdocs.yml (its paths point back into the project, as MkDocs needs).
    config = yaml.load((site_project / "build" / "mkdocs.yml").read_text(), Loader=TagsAsText)
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config.get("plugins", [])]
    # No theme search plugin: Pagefind indexes the built site instead.
    assert plugins == []
    assert config["docs_dir"] == "docs"


@pytest.mark.skipif(
    shutil.which("zensical", path=str(Path(sys.executable).parent)) is None,
    reason="zensical is not installed",
)
@pytest.mark.pdf
def test_generated_docs_also_build_with_zensical(site_project, run_cli, tmp_path):
    assert run_cli("build").exit_code == 0
    build_dir = site_project / "build"
    config = (build_dir / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_dir: ../site", "site_dir: zensical-site")
    (build_dir / "zensical.yml").write_text(config, encoding="utf-8")
    zensical = Path(sys.executable).parent / "zensical"
    run = subprocess.run(
        [str(zensical), "build", "-f", "zensical.yml"],
        cwd=build_dir,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    fiche = build_dir / "zensical-site" / "fiches" / "a-visievorming" / "index.html"
    assert "Visievorming" in fiche.read_text(encoding="utf-8")


def test_home_links_the_pdf_when_the_build_made_one(site_project, tmp_path):
    from toolbox_build.site.build import build_site

    result = validate_project(site_project)
    pdf = tmp_path / "toolbox-zorgzame-buurten-testeditie.pdf"
    pdf.write_bytes(b"%PDF-1.7 test")
    site = build_site(result.catalog, site_project, pdf_file=pdf)
    assert (site / "downloads" / pdf.name).read_bytes() == b"%PDF-1.7 test"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/{pdf.name}"' in home


def test_json_schemas_are_published_with_the_site(site_project, run_cli):
    from toolbox_build.catalog.schema_check import SCHEMA_NAMES, load_schema

    assert run_cli("build", "--no-pdf").exit_code == 0
    for name in SCHEMA_NAMES:
        published = site_project / "site" / "schemas" / f"{name}.schema.json"
        assert json.loads(published.read_text(encoding="utf-8")) == load_schema(name)


def test_with_site_url_the_sitemap_lists_every_page_and_pages_are_canonical(site_project, run_cli):
    import re

    config = site_project / "mkdocs.yml"
    others = [
        line
        for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("site_url:")
    ]
    config.write_text("site_url: https://example.org/toolbox/\n" + "".join(others), "utf-8")
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 0, result.out + result.err
    assert "site_url" not in result.err
    site = site_project / "site"
    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if not p.relative_to(site).parts[0].startswith(("assets", "pagefind"))
    )
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = sorted(
        (loc.removeprefix("https://example.org/toolbox/") + "index.html")
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    )
    assert listed == pages
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        url = "https://example.org/toolbox/" + page.removesuffix("index.html")
        assert f'<link rel="canonical" href="{url}">' in html, page
    # The 404 page is served at any depth: its styles come from the sub-path.
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/toolbox/assets/stylesheets/' in missing
    assert "Pagina niet gevonden" in missing


def test_the_search_index_is_dutch_and_skips_navigation_chrome(site_project, run_cli):
    assert run_cli("build", "--no-pdf").exit_code == 0
    folder = site_project / "site" / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nl"]
    words = json.loads((folder / "zoekwoorden.json").read_text(encoding="utf-8"))["words"]
    assert "groepsgesprekken" in words  # a tool name, folded
    # The tool pages by Pagefind id, for the catalogue's word filter: every tool page, no other.
    tools = json.loads((folder / "toolpaginas.json").read_text(encoding="utf-8"))["pages"]
    fragments = {p.name.removesuffix(".pf_fragment") for p in (folder / "fragment").iterdir()}
    assert set(tools) < fragments
    tool_dirs = (site_project / "site" / "tools").glob("*/")
    assert sorted(tools.values()) == sorted(f"tools/{d.name}/" for d in tool_dirs)
    assert not (folder / "paginasoorten.json").exists()  # no file the dialog does not read
    tool = site_project / "site" / "tools" / "methodieken-groepsgesprekken" / "index.html"
    html = tool.read_text(encoding="utf-8")
    assert "data-pagefind-body" in html
    assert 'data-pagefind-meta="type:Tool"' in html


def test_indexed_words_are_the_page_body_without_ignored_parts(tmp_path):
    from toolbox_build.site.search import build_search_index

    (tmp_path / "a.html").write_text(
        '<html lang="nl"><body><nav>Navigatie</nav><main data-pagefind-body>'
        "<h1>Coördinatie</h1><p>Buurtwerkers en buurtwerkers<br>ontmoeten</p>"
        '<div data-pagefind-ignore="all"><h2>Meer van Saamo</h2></div>'
        "<script>verborgen()</script></main></body></html>",
        encoding="utf-8",
    )
    folder = build_search_index(tmp_path)
    words = json.loads((folder / "zoekwoorden.json").read_text(encoding="utf-8"))["words"]
    assert words == ["buurtwerkers", "coordinatie", "ontmoeten"]


def test_an_unreadable_search_fragment_is_a_clear_error(tmp_path):
    from toolbox_build.site.search import SearchIndexError, indexed_words

    (tmp_path / "fragment").mkdir()
    (tmp_path / "fragment" / "nl_1.pf_fragment").write_bytes(b"geen gzip")
    with pytest.raises(SearchIndexError, match=r"nl_1\.pf_fragment"):
        indexed_words(tmp_path)


@pytest.mark.parametrize(
    ("background", "text"),
    [("#00584d", "#ffffff"), ("#ffd54f", "#1b1f24"), ("#b33c00", "#ffffff")],
)
def test_identity_colours_keep_text_readable(background, text):
    from toolbox_build.site.identity import contrast, text_on

    assert text_on(background) == text
    assert contrast(text_on(background), background) >= 4.5


def test_the_edition_publisher_sets_the_site_colours_and_logo(site_project, run_cli):
    edition = site_project / "content" / "edition.yaml"
    (site_project / "content" / "assets").mkdir(exist_ok=True)
    (site_project / "content" / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Logo</title></svg>',
        encoding="utf-8",
    )
    edition.write_text(
        edition.read_text(encoding="utf-8")
        + "publisher:\n  name: Testuitgever\n  logo: content/assets/logo.svg\n"
        + '  colours:\n    primary: "#ffd54f"\n    clusters:\n      buurt: "#123456"\n',
        encoding="utf-8",
    )
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 0, result.out + result.err
    identity = site_project / "site" / "assets" / "identity"
    css = (identity / "identiteit.css").read_text(encoding="utf-8")
    assert "--zb-primary: #ffd54f; --zb-primary-text: #1b1f24;" in css
    assert "--zb-cluster-buurt: #123456; --zb-cluster-buurt-text: #ffffff;" in css
    assert 'url("logo.svg")' in css
    assert (identity / "logo.svg").is_file()
    home = (site_project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/identity/identiteit.css"' in home


def test_search_snippets_are_the_page_text_with_table_cells_apart(site_project, run_cli):
    """Snippets come from the page's content: no column headers glued together
    ('ToolOmschrijvingEigenaar...'), no hidden role labels, and a tool table's cells apart."""
    from toolbox_build.site.search import _fragment

    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 0, result.out + result.err
    fragments = sorted((site_project / "site" / "pagefind" / "fragment").glob("*.pf_fragment"))
    pages = [_fragment(fragment) for fragment in fragments]
    fiches = [text for text, kind in pages if kind == "Fiche"]
    assert any("Methodieken groepsgesprekken" in text for text in fiches)  # a tool table indexed
    for text, _ in pages:
        assert "Omschrijving" not in text
        assert "Eigenaar" not in text
        assert "jouw rol" not in text  # 'Voor jouw rol' and the hidden 'bedoeld voor jouw rol'
    for text in fiches:
        assert re.search(r"groepsgesprekken\W+Handleiding", text)  # tool name | description
        assert re.search(r"buurt\W+SAAMO", text)  # description | owner
        glued = re.findall(r"\w*[a-z][A-Z]\w*", text)
        assert set(glued) <= {"YouTube"}  # no two cells' words glued together
