"""The catalogue on a desktop: the facets in a column beside the results, so the first results
show on a 1280×800 screen without scrolling, and filtering works as before."""

from __future__ import annotations

import json
from urllib.parse import urljoin

from playwright.sync_api import expect

from .conftest import pytestmark  # noqa: F401 - skip the module without chromium

FICHE_C = "c-bereiken-buurtbewoners"


def test_the_first_results_show_on_a_desktop_without_scrolling(browser, base_url, built_site):
    records = json.loads((built_site / "records.json").read_text(encoding="utf-8"))
    total = len(records["tools"])
    expected = sorted(t["id"] for t in records["tools"] if FICHE_C in t["fiche"])
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-BE")
    page = context.new_page()
    page.goto(urljoin(base_url, "tools/"), wait_until="networkidle")
    expect(page.locator("#zb-result-count")).to_have_text(f"{total} tools van {total}")
    assert page.evaluate("window.scrollY") == 0
    first = page.locator("#zb-catalogue tbody tr:visible").first.bounding_box()
    assert 0 <= first["y"] < 800 - 40
    # The facets sit beside the results, not above them, and the table does not scroll sideways.
    filters = page.locator("#zb-filters").bounding_box()
    results = page.locator("#zb-results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert filters["y"] < 800
    assert page.evaluate(
        "(() => { const t = document.querySelector('#zb-results');"
        " return t.scrollWidth <= t.clientWidth; })()"
    )
    # The facets still filter: one ticked, the count follows.
    page.locator(f"label[for='zb-f-fiche-{FICHE_C}']").click()
    expect(page.locator(f"#zb-f-fiche-{FICHE_C}")).to_be_checked()
    expect(page.locator("#zb-result-count")).to_have_text(f"{len(expected)} tools van {total}")
    rows = page.locator("#zb-catalogue tbody tr:visible")
    assert sorted(rows.nth(i).get_attribute("data-id") for i in range(rows.count())) == expected
    context.close()


def test_catalogue_desktop_screenshot(browser, base_url, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-BE")
    page = context.new_page()
    page.goto(urljoin(base_url, "tools/"), wait_until="networkidle")
    page.locator("#zb-catalogue-ui").wait_for(state="visible")
    target = artifacts / "catalogue-1280x800.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    context.close()
