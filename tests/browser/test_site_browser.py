"""The website as a practitioner uses it, in a real browser."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import pytestmark  # noqa: F401 - skip the module without chromium


def test_two_filters_combine_and_survive_a_reload(page, base_url, built_site):
    records = json.loads((built_site / "records.json").read_text(encoding="utf-8"))
    expected = [
        t["id"]
        for t in records["tools"]
        if "c-bereiken-buurtbewoners" in t["fiche"] and "medewerker" in t["lezer"]
    ]
    assert 0 < len(expected) < len(records["tools"])
    page.goto(urljoin(base_url, "tools/"))
    page.locator("#zb-f-fiche-c-bereiken-buurtbewoners").check()
    page.locator("#zb-f-lezer-medewerker").check()
    count_text = (
        f"{len(expected)} tool{'s' if len(expected) != 1 else ''} van {len(records['tools'])}"
    )
    assert page.locator("#zb-result-count").inner_text() == count_text
    visible = page.locator("#zb-catalogue tbody tr:visible")
    assert sorted(
        visible.nth(i).get_attribute("data-id") for i in range(visible.count())
    ) == sorted(expected)
    assert "fiche=c-bereiken-buurtbewoners" in page.url and "lezer=medewerker" in page.url
    page.reload()
    assert page.locator("#zb-result-count").inner_text() == count_text
    assert page.locator("#zb-f-lezer-medewerker").is_checked()


def test_catalogue_without_javascript_shows_every_tool(browser, base_url, built_site):
    records = json.loads((built_site / "records.json").read_text(encoding="utf-8"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(urljoin(base_url, "tools/?fiche=c-bereiken-buurtbewoners"))
    assert page.locator("#zb-catalogue tbody tr:visible").count() == len(records["tools"])
    context.close()


def test_every_route_of_the_reading_guide_leads_to_an_existing_page(page, base_url):
    page.goto(urljoin(base_url, "leeswijzer/"))
    links = page.locator(".zb-route-list a")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert len(hrefs) >= 14
    for href in sorted(hrefs):
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200, href


def test_chosen_role_shows_next_step_on_a_fiche(page, base_url):
    page.goto(urljoin(base_url, "leeswijzer/?rol=medewerker&ervaring=startend"))
    chosen = page.locator(".zb-route:visible")
    assert chosen.count() == 1
    assert chosen.get_attribute("data-route") == "medewerker/startend"
    first_stop = chosen.locator("a").first
    target = urljoin(page.url, first_stop.get_attribute("href"))
    first_stop.click()
    page.wait_for_url(target)
    step = page.locator(".zb-step:visible")
    expect(step).to_have_count(1)
    text = step.inner_text()
    assert text.startswith("Stap 1 van ") and "volgende:" in text


# Files the crawl does not open as pages (a browser downloads them; the open-data tests read them).
DOWNLOADS = (".json", ".jsonld", ".csv", ".pdf", ".xml", ".gz")


def test_crawl_finds_no_broken_link_no_console_error_and_no_outside_request(page, base_url):
    errors: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on(
        "request",
        lambda req: (
            outside.append(req.url)
            if urlsplit(req.url).hostname not in {"127.0.0.1"} and not req.url.startswith("data:")
            else None
        ),
    )
    host = urlsplit(base_url).netloc
    seen: set[str] = set()
    queue = [base_url]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            broken.append(f"{url} -> {response.status if response else 'no response'}")
            continue
        # SVG links (the route map) have an SVGAnimatedString href: resolve the attribute.
        hrefs = page.eval_on_selector_all(
            "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
        )
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc == host and parts.scheme == "http":
                clean = parts._replace(fragment="", query="").geturl()
                if clean not in seen and not clean.endswith(DOWNLOADS):
                    queue.append(clean)
    assert len(seen) > 200
    assert broken == []
    assert errors == []
    assert outside == []


@pytest.mark.parametrize(
    "path",
    ["", "leeswijzer/", "fiches/k-vrijwilligers/", "tools/resokit/", "tools/"],
)
def test_no_serious_or_critical_accessibility_violations(page, base_url, path):
    page.goto(urljoin(base_url, path))
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


@pytest.mark.parametrize(("name", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 900)])
def test_screenshots_for_review(browser, base_url, artifacts, name, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for slug, path in [
        ("home", ""),
        ("fiche", "fiches/c-bereiken-buurtbewoners/"),
        ("catalogue", "tools/"),
    ]:
        page.goto(urljoin(base_url, path))
        target = artifacts / f"{slug}-{name}.png"
        page.screenshot(path=str(target), full_page=False)
        assert target.stat().st_size > 10_000
    context.close()
