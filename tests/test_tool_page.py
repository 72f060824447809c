"""The tool page as a landing page: "Open de tool", the owner, what the link check found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from toolbox_build.site.pages import SiteRenderer
from toolbox_build.validate import validate_project

TOOL = "methodieken-groepsgesprekken"
PAGE = f"tools/{TOOL}.md"
LINK = "https://www.saamo.be/publicatie.pdf"
CHECKED = 1796299200.0  # 3 December 2026, 12:00 UTC


def _page(root: Path) -> str:
    """The tool page's body (without its front matter)."""
    result = validate_project(root)
    assert result.ok, [p.format_text() for p in result.problems]
    files = {f.path: f.text for f in SiteRenderer(result.catalog, root).render_all()}
    return files[PAGE].split("\n---\n", 1)[1]


def _actions(page: str) -> str:
    return re.search(r'<div class="zb-actions".*?</div>', page, re.S).group(0)


def _field(page: str, name: str) -> str:
    return re.search(rf"<dt[^>]*>{name}</dt>\n<dd>(.*?)</dd>", page, re.S).group(1)


def _open(page: str) -> re.Match[str] | None:
    return re.search(r'<a class="md-button md-button--primary zb-open([^"]*)" href="([^"]*)"', page)


def _edit_tool(root: Path, **fields: object) -> None:
    path = root / "tools_catalog" / f"{TOOL}.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record.update(fields)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _reference_url(root: Path, url: str) -> None:
    path = root / "content" / "references.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["references"][0]["url"] = url
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _report(root: Path, *entries: tuple[str, str]) -> None:
    folder = root / "build" / "links"
    folder.mkdir(parents=True, exist_ok=True)
    report = [
        {
            "url": url,
            "state": state,
            "status": 404 if state == "dood" else 200,
            "final_url": None,
            "detail": "",
            "checked_at": CHECKED,
            "sources": [],
        }
        for url, state in entries
    ]
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")


def test_open_de_tool_leads_to_the_first_link(project):
    page = _page(project)
    action = _open(page)
    assert action and action.group(2) == LINK
    assert re.search(r'rel="noopener">Open de tool</a>', _actions(page))
    # The primary action comes before every other link or control of the article.
    assert page.index("<a ") == action.start()
    assert '<button type="button" class="md-button zb-share" data-zb-share hidden>' in page
    assert ">Deel deze pagina</button>" in page


def test_without_links_open_de_tool_leads_to_the_reference(project):
    _edit_tool(project, links=[], status="enkel-referentie")
    _reference_url(project, "https://example.org/minder-mazen.pdf")
    page = _page(project)
    assert _open(page).group(2) == "https://example.org/minder-mazen.pdf"
    assert 'Open de tool<span class="zb-open-via"> (via de bron)</span>' in page


def test_a_tool_without_any_address_says_the_link_follows(project):
    _edit_tool(project, links=[], status="link-volgt")
    actions = _actions(_page(project))
    assert _open(actions) is None
    assert '<p class="zb-pending"><strong>Link volgt</strong>' in actions


def test_the_owner_website_is_linked(project):
    owner = _field(_page(project), "Eigenaar")
    assert (
        '<a class="zb-website" href="https://www.saamo.be" rel="noopener">Website van SAAMO</a>'
        in owner
    )


def test_without_a_link_report_nothing_is_said_about_checks(project):
    page = _page(project)
    assert "zb-checked" not in page and "zb-dead" not in page
    assert "gecontroleerd op" not in page


def test_the_link_report_gives_the_date_of_the_check(project):
    _report(project, (LINK, "ok"))
    page = _page(project)
    assert '<p class="zb-checked">Link gecontroleerd op 3 december 2026</p>' in page
    assert "zb-dead" not in page


def test_a_link_found_dead_is_marked(project):
    _report(project, (LINK, "dood"))
    page = _page(project)
    checked = re.search(r'<p class="zb-checked">(.*?)</p>', page).group(1)
    assert "werkte niet bij de laatste controle" in checked and "(3 december 2026)" in checked
    assert _open(page).group(1) == " zb-open-dead"
    assert '<span class="zb-dead">(werkte niet bij de laatste controle)</span>' in _field(
        page, "Links"
    )


def test_a_report_on_other_links_or_a_broken_report_says_nothing(project):
    _report(project, ("https://example.org/other", "dood"))
    assert "zb-checked" not in _page(project)
    (project / "build" / "links" / "report.json").write_text("{not json", encoding="utf-8")
    assert "zb-checked" not in _page(project)


def test_a_hostile_label_and_owner_name_are_shown_as_text(project):
    hostile = '<img src=x onerror=alert(1)> "quoted" & <b>vet</b>'
    _edit_tool(project, links=[{"url": LINK, "label": hostile}])
    path = project / "content" / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: SAAMO", "name: 'SAAMO <script>x</script>'"), "utf-8")
    page = _page(project)
    assert "<img" not in page and "<script>" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &#34;quoted&#34; &amp; &lt;b&gt;vet&lt;/b&gt;" in (
        _field(page, "Links")
    )
    assert "Website van SAAMO &lt;script&gt;x&lt;/script&gt;</a>" in _field(page, "Eigenaar")


def test_each_fiche_carries_its_step_on_each_route(project):
    page = _page(project)
    placements = re.search(r'<ul class="zb-placements"(.*?)</ul>', page, re.S).group(0)
    assert 'data-zb-roles="regisseur medewerker" data-zb-levels="startend"' in placements
    assert (
        '<span class="zb-step" data-route="regisseur/startend" hidden>'
        "Stap 1 van 1 op je route</span>"
    ) in placements
