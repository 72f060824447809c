"""A tool page as a landing page in the browser: "Open de tool" first and in view on a phone, the
share button copying the page's address, nothing serious for axe; screenshots to look at."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import pytestmark  # noqa: F401 - skip the module without chromium

TOOL_PAGE = "tools/de-stek/"  # the longest summary of the bundled edition: the hardest fit
FIRST_LINK = "https://www.saamo.be/wp-content/uploads/2021/11/SAM111_deSTEK_digipub-DEF_2021.pdf"
NO_SHARE_SHEET = "Object.defineProperty(Navigator.prototype, 'share', {value: undefined});"

FOCUSABLE = """() => {
  const selector = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
  const all = [...document.querySelector('article').querySelectorAll(selector)];
  const shown = all.filter(e => !e.disabled && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden');
  return shown.map(e => e.className + '|' + e.textContent.trim());
}"""


def _context(browser, width, **options):
    height = 844 if width < 600 else 900
    return browser.new_context(
        viewport={"width": width, "height": height},
        locale="nl-BE",
        has_touch=width < 600,
        **options,
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_open_de_tool_is_the_first_thing_to_reach(browser, base_url, width):
    context = _context(browser, width)
    page = context.new_page()
    page.goto(urljoin(base_url, TOOL_PAGE), wait_until="networkidle")
    action = page.locator("article a.zb-open")
    expect(action).to_have_text("Open de tool")
    expect(action).to_have_attribute("href", FIRST_LINK)
    focusable = page.evaluate(FOCUSABLE)
    assert focusable[0].endswith("|Open de tool"), focusable[:3]
    assert "zb-share" in focusable[1], focusable[:3]
    # In view without scrolling, the whole button.
    assert page.evaluate("window.scrollY") == 0
    box = action.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
    assert box["height"] >= 44
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_share_button_copies_the_address_and_says_so(browser, base_url, width):
    context = _context(browser, width, permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(NO_SHARE_SHEET)
    page = context.new_page()
    page.goto(urljoin(base_url, TOOL_PAGE), wait_until="networkidle")
    button = page.get_by_role("button", name="Kopieer de link naar deze pagina")
    expect(button).to_be_visible()
    button.click()
    status = page.locator("article .zb-share-status")
    expect(status).to_have_text("Link gekopieerd")
    assert status.get_attribute("role") == "status"
    assert page.evaluate("navigator.clipboard.readText()") == urljoin(base_url, TOOL_PAGE)
    context.close()


def test_the_share_sheet_is_used_where_there_is_one(browser, base_url):
    context = _context(browser, 390)
    context.add_init_script(
        "window.__shared = [];"
        "Object.defineProperty(Navigator.prototype, 'share', {value: function (data) {"
        " window.__shared.push(data); return Promise.resolve(); }});"
    )
    page = context.new_page()
    page.goto(urljoin(base_url, TOOL_PAGE), wait_until="networkidle")
    page.get_by_role("button", name="Deel deze pagina").click()
    shared = page.evaluate("window.__shared")
    assert [s["url"] for s in shared] == [urljoin(base_url, TOOL_PAGE)]
    context.close()


def test_the_fiches_show_their_step_on_the_chosen_route(page, base_url):
    page.goto(urljoin(base_url, TOOL_PAGE + "?rol=medewerker&ervaring=startend"))
    steps = page.locator("article .zb-placements .zb-step:visible")
    expect(steps.first).to_be_visible()
    for text in steps.all_inner_texts():
        assert re.fullmatch(r"Stap \d+ van \d+ op je route", text), text
    assert set(
        page.eval_on_selector_all(
            "article .zb-placements .zb-step:not([hidden])", "s => s.map(e => e.dataset.route)"
        )
    ) == {"medewerker/startend"}


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_serious_on_a_tool_page(browser, base_url, width):
    context = _context(browser, width)
    page = context.new_page()
    page.goto(urljoin(base_url, TOOL_PAGE), wait_until="networkidle")
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_tool_page_screenshots(browser, base_url, artifacts, width):
    context = _context(browser, width)
    page = context.new_page()
    page.goto(urljoin(base_url, TOOL_PAGE), wait_until="networkidle")
    target = artifacts / f"tool-page-{width}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    context.close()
