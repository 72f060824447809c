"""A closed drawer, menu or table of contents takes no Tab stop: on a phone the theme's navigation
is moved off-screen, and overrides/assets/javascripts/closed-panels.js makes it inert until it is
opened. From 1220 px the navigation is a sidebar and stays reachable."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from .conftest import pytestmark  # noqa: F401 - skip the module without chromium

FICHE_C = "c-bereiken-buurtbewoners"
MAX_PRESSES = 400

# Where the focus is: a key for the element, and whether it sits in the navigation or the
# table of contents.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const path = [];
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    path.push(node.tagName + ':' + [...node.parentElement.children].indexOf(node));
  }
  return {
    key: path.join('/'),
    primary: !!el.closest('.md-sidebar--primary'),
    secondary: !!el.closest('.md-sidebar--secondary'),
  };
}"""


def _tab_stops(page):
    """Every element Tab reaches, once round the page (bounded)."""
    stops: list[dict] = []
    seen: set[str] = set()
    for _ in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            if stops:
                break  # the focus left the page: one round is done
            continue
        if focused["key"] in seen:
            break
        seen.add(focused["key"])
        stops.append(focused)
    return stops


def _tab_until(page, selector):
    for _ in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => !!document.activeElement.closest({selector!r})"):
            return True
    return False


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["", f"fiches/{FICHE_C}/"])
def test_tab_never_lands_in_the_closed_menu_on_a_phone(browser, base_url, width, path):
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(urljoin(base_url, path), wait_until="networkidle")
    stops = _tab_stops(page)
    assert len(stops) > 10
    assert [s for s in stops if s["primary"] or s["secondary"]] == []
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_the_opened_menu_is_reachable_and_closes_again(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"), wait_until="networkidle")
    sidebar = page.locator(".md-sidebar--primary")
    expect(sidebar).to_have_attribute("inert", "")
    menu = page.locator("label.md-header__button[for='__drawer']")
    menu.click()
    expect(sidebar).not_to_have_attribute("inert", "")
    menu.focus()
    assert _tab_until(page, ".md-sidebar--primary")
    # The page's table of contents inside the menu is a closed panel until it is opened.
    toc = page.locator("#__toc ~ nav.md-nav")
    expect(toc).to_have_attribute("inert", "")
    page.locator("label.md-nav__link[for='__toc']").click()
    expect(toc).not_to_have_attribute("inert", "")
    # Closing the menu makes it unreachable again.
    page.locator("#__drawer").evaluate("el => el.click()")
    expect(sidebar).to_have_attribute("inert", "")
    page.locator("label.md-header__button[for='__drawer']").focus()
    stops = _tab_stops(page)
    assert [s for s in stops if s["primary"]] == []
    context.close()


def test_the_sidebar_is_reachable_on_a_desktop(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"), wait_until="networkidle")
    expect(page.locator(".md-sidebar--primary")).not_to_have_attribute("inert", "")
    stops = _tab_stops(page)
    assert any(s["primary"] for s in stops)
    assert any(s["secondary"] for s in stops)
    context.close()


def test_narrowing_the_window_closes_the_sidebar_for_the_keyboard(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"), wait_until="networkidle")
    sidebar = page.locator(".md-sidebar--primary")
    expect(sidebar).not_to_have_attribute("inert", "")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(sidebar).to_have_attribute("inert", "")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(sidebar).not_to_have_attribute("inert", "")
    context.close()


@pytest.mark.parametrize("state", ["closed", "open"])
def test_fiche_menu_screenshots(browser, base_url, artifacts, state):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"), wait_until="networkidle")
    if state == "open":
        page.locator("label.md-header__button[for='__drawer']").click()
        page.wait_for_timeout(400)  # the drawer slides in
    target = artifacts / f"fiche-menu-{state}-390.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    context.close()
