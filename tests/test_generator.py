"""The engine knows no toolbox of its own: what belongs to an edition comes from its content."""

from __future__ import annotations

import re

import pytest

from toolbox_build.pdf.document import render_print_html
from toolbox_build.site.pages import SiteRenderer
from toolbox_build.validate import validate_project
from toolbox_build.views.paths import section_urls


def _rename_cluster(project, old_label: str, new_label: str) -> None:
    vocabularies = project / "content" / "vocabularies.yaml"
    text = vocabularies.read_text(encoding="utf-8")
    assert old_label in text
    vocabularies.write_text(text.replace(old_label, new_label), encoding="utf-8")


def test_cluster_names_come_from_the_vocabulary_in_site_and_pdf(project):
    _rename_cluster(project, "Samen met professionals", "Met de partners")
    result = validate_project(project)
    assert result.ok, result.problems
    names = result.catalog.vocabularies.ids("clusters")
    fiche = result.catalog.pages["a-visievorming"]
    pages = {f.path: f.text for f in SiteRenderer(result.catalog, project).render_all()}
    badge = re.search(r'zb-cluster-professionals">([^<]+)<', pages["fiches/a-visievorming.md"])
    assert badge and badge.group(1) == names[fiche.cluster] == "Met de partners"
    html = render_print_html(result.catalog, project)
    kicker = re.search(r'class="fiche-kicker">Fiche A · ([^<]+)<', html)
    assert kicker and kicker.group(1) == names[fiche.cluster]


def test_a_cluster_the_vocabulary_lacks_is_an_error_with_the_choices(project, run_cli):
    fiche = project / "content" / "fiches" / "a-visievorming.md"
    text = fiche.read_text(encoding="utf-8")
    fiche.write_text(text.replace("cluster: professionals", "cluster: partners"), encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[0] == (
        "content/fiches/a-visievorming.md:8:10: fout [unknown-cluster] onbekende cluster"
        " 'partners' — kies uit: praktisch, buurt, professionals"
    )


@pytest.mark.slow
def test_the_theme_reads_where_pages_live_from_the_one_definition(site_project, run_cli):
    assert run_cli("build", "--no-pdf").exit_code == 0
    site = site_project / "site"
    urls = section_urls(directory_urls=True)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'zb-search-open" href="{urls["catalogue"]}"' in home
    assert f'data-catalogue="{urls["catalogue"]}"' in home
    assert f'action="/{urls["catalogue"]}"' in (site / "404.html").read_text(encoding="utf-8")
    kinds = {
        f"{urls['fiches']}a-visievorming/index.html": "Fiche",
        f"{urls['chapters']}buurtanalyse/index.html": "Deel 1",
        f"{urls['tools']}methodieken-groepsgesprekken/index.html": "Tool",
        f"{urls['organisations']}saamo/index.html": "Organisatie",
        f"{urls['guide']}index.html": "Leeswijzer",
        f"{urls['catalogue']}index.html": None,
    }
    for path, kind in kinds.items():
        page = (site / path).read_text(encoding="utf-8")
        found = re.findall(r'data-pagefind-meta="type:([^"]+)"', page)
        assert found == ([kind] if kind else []), path


def test_a_colour_for_a_cluster_the_vocabulary_lacks_is_named(project, run_cli):
    edition = project / "content" / "edition.yaml"
    edition.write_text(
        edition.read_text(encoding="utf-8")
        + "publisher:\n  name: Uitgever\n  colours:\n    clusters:\n      partners: '#123456'\n",
        encoding="utf-8",
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    line = edition.read_text(encoding="utf-8").splitlines().index("      partners: '#123456'") + 1
    assert result.lines[0] == (
        f"content/edition.yaml:{line}:17: fout [unknown-cluster] onbekende cluster 'partners'"
        " — kies uit: praktisch, buurt, professionals"
    )
