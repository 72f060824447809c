"""axe finds nothing serious or critical in any state of a page a reader meets, at 320, 390 and
1280 px: the phone's drawer open, a section of it open, the catalogue filtered, empty and with its
filter panel open, the search dialog with results and with a suggestion, the tool page after
"Deel deze pagina", the reading guide with a route chosen, and the route map. One browser context
per width, the states driven one after another; each state is checked to be reached before axe
runs, so a state that silently failed to open cannot pass."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import pytestmark  # noqa: F401 - skip the module without chromium

FICHE_C = "c-bereiken-buurtbewoners"
TOOL = "resokit"
PHONE_UP_TO = 719  # the stylesheet's phone layout (max-width: 44.9375em)
DRAWER_UP_TO = 1219  # Material's drawer (max-width: 76.234375em)

_AXE = Axe()


def _serious(page: Page) -> list[str]:
    # Measured at rest: a control fading in (the theme's "Terug naar boven" after a scroll up)
    # has the contrast of its half-way opacity.
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5000
    )
    results = _AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:4]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _drawer_states(page: Page, base_url: str) -> Iterator[str]:
    page.goto(base_url, wait_until="networkidle")
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(page.locator("#__drawer")).to_be_checked()
    page.wait_for_timeout(300)  # the drawer slides in
    yield "menu open"
    section = page.locator(".md-sidebar--primary label.md-nav__link[for^='__nav_']").first
    toggle = section.get_attribute("for")
    section.click()
    expect(page.locator(f"[id='{toggle}']")).to_be_checked()
    page.wait_for_timeout(300)
    yield "menu section open"
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"), wait_until="networkidle")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(300)
    page.locator(".md-sidebar--primary label.md-nav__link[for='__toc']").click()
    expect(page.locator("#__toc")).to_be_checked()
    page.wait_for_timeout(300)
    yield "menu table of contents open"


def _catalogue_states(page: Page, base_url: str, phone: bool) -> Iterator[str]:
    page.goto(urljoin(base_url, f"tools/?fiche={FICHE_C}"), wait_until="networkidle")
    page.locator("#zb-catalogue-ui").wait_for(state="visible")
    expect(page.locator("#zb-chips .zb-chip")).not_to_have_count(0)
    yield "catalogue filtered"
    if phone:
        page.locator("#zb-open-filters").click()
        expect(page.locator("#zb-filters")).to_be_visible()
        yield "catalogue filter panel open"
    page.goto(urljoin(base_url, "tools/?q=qqqxqqq"), wait_until="networkidle")
    page.locator("#zb-catalogue-ui").wait_for(state="visible")
    expect(page.locator("#zb-empty")).to_be_visible()
    yield "catalogue empty"


def _search_states(page: Page, base_url: str) -> Iterator[str]:
    page.goto(urljoin(base_url, "inleiding/"), wait_until="networkidle")
    page.locator(".zb-search-open").click()
    page.locator("#zb-search-q").fill("vrijwilligers")
    page.locator(".zb-search-hit").first.wait_for()
    yield "search with results"
    page.locator("#zb-search-q").fill("vrjwilligers")
    expect(page.locator("#zb-search-status")).to_contain_text("Bedoelde je")
    page.locator(".zb-search-hit").first.wait_for()
    yield "search without results, with a suggestion"


def _tool_states(page: Page, base_url: str) -> Iterator[str]:
    page.goto(urljoin(base_url, f"tools/{TOOL}/"), wait_until="networkidle")
    share = page.locator("[data-zb-share]")
    expect(share).to_be_visible()
    share.click()
    expect(page.locator(".zb-share-status")).not_to_be_empty()
    yield "tool page shared"


def _guide_states(page: Page, base_url: str, phone: bool) -> Iterator[str]:
    page.goto(urljoin(base_url, "leeswijzer/"), wait_until="networkidle")
    # The last role and experience the form offers, whatever the guide holds.
    role = page.locator("#zb-rol option").last.get_attribute("value")
    level = page.locator("#zb-ervaring option").last.get_attribute("value")
    page.select_option("#zb-rol", role)
    page.select_option("#zb-ervaring", level)
    page.get_by_role("button", name="Toon mijn route").click()
    expect(page.locator(f"#route-{role}-{level}")).to_have_class(re.compile(r"\bzb-chosen\b"))
    yield "reading guide with a route chosen"
    if phone:
        page.get_by_role("link", name="Bekijk de volledige routekaart").click()
    expect(page.locator("svg.zb-route-map")).to_be_visible()
    yield "route map"


def _drive(page: Page, base_url: str, width: int) -> Iterator[str]:
    phone = width <= PHONE_UP_TO
    if width <= DRAWER_UP_TO:
        yield from _drawer_states(page, base_url)
    yield from _catalogue_states(page, base_url, phone)
    yield from _search_states(page, base_url)
    yield from _tool_states(page, base_url)
    yield from _guide_states(page, base_url, phone)


def _each_state(page: Page, base_url: str, width: int, check: Callable[[Page], list[str]]):
    found: dict[str, list[str]] = {}
    for state in _drive(page, base_url, width):
        found[state] = check(page)
    return found


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_axe_finds_nothing_serious_in_any_state(browser, base_url, width):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 1000 else 800},
        locale="nl-BE",
        has_touch=width <= PHONE_UP_TO,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = _each_state(page, base_url, width, _serious)
    context.close()
    expected = 7 + (3 if width <= DRAWER_UP_TO else 0) + (1 if width <= PHONE_UP_TO else 0)
    assert len(found) == expected, list(found)
    assert {state: problems for state, problems in found.items() if problems} == {}
    assert errors == []
