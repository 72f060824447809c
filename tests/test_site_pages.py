"""Generated site pages: golden files, escaping of contributed text, the build's safety rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_generated_config_uses_no_mkdocs_only_plugins(site_project, run_cli):
    import yaml

    assert run_cli("build").exit_code == 0
    config = yaml.safe_load((site_project / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config.get("plugins", [])]
    assert plugins == ["search"]
    assert config["docs_dir"] == "docs"


@pytest.mark.skipif(
    shutil.which("zensical", path=str(Path(sys.executable).parent)) is None,
    reason="zensical is not installed",
)
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
