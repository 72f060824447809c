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


# -- in an open drawer, Tab visits the panel in view and nothing else ----

# A key for an element (its path from the body), the same as FOCUSED gives.
KEY = """el => {
  const path = [];
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    path.push(node.tagName + ':' + [...node.parentElement.children].indexOf(node));
  }
  return path.join('/');
}"""

# The controls of the open drawer a sighted reader sees, in document order: links and labels
# (a label that wraps a link counts as that link) whose box lies inside the viewport and that no
# other element covers at their centre. Measured with every `inert` lifted for the moment (an
# inert element is transparent to elementFromPoint) and each control scrolled into its
# panel's view first.
VISIBLE_CONTROLS = (
    """() => {
  const key = """
    + KEY
    + """;
  const sidebar = document.querySelector('.md-sidebar--primary');
  const lists = [...sidebar.querySelectorAll('.md-nav__list')];
  const tops = lists.map(list => list.scrollTop);
  const lifted = [...document.querySelectorAll('[inert]')];
  lifted.forEach(el => el.removeAttribute('inert'));
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const seen = [];
  for (const el of sidebar.querySelectorAll('a[href], label[for]')) {
    if (el.tagName === 'LABEL' && el.querySelector('a[href]')) continue;
    let box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.top < 0 || box.bottom > vh) {
      const list = el.closest('.md-nav__list');
      list.scrollBy({top: box.top - vh / 2, behavior: 'instant'});
      box = el.getBoundingClientRect();
    }
    if (box.left < 0 || box.right > vw + 1 || box.top < 0 || box.bottom > vh + 1) continue;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (hit && (hit === el || el.contains(hit))) seen.push(key(el));
  }
  lists.forEach((list, i) => list.scrollTo({top: tops[i], behavior: 'instant'}));
  lifted.forEach(el => el.setAttribute('inert', ''));
  return seen;
}"""
)

# The focused element: its key, its text, and whether a reader sees it (a box inside the viewport
# that nothing covers at its centre), measured once a smooth scroll to it has come to rest.
FOCUS_SEEN = (
    """async () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  let box = el.getBoundingClientRect();
  for (let i = 0; i < 60; i++) {
    await frame();
    const now = el.getBoundingClientRect();
    if (now.top === box.top && now.left === box.left) break;
    box = now;
  }
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    key: ("""
    + KEY
    + """)(el),
    text: (el.getAttribute('aria-label') || el.textContent).replace(/\\s+/g, ' ').trim(),
    seen: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= vw + 1
      && box.top >= 0 && box.bottom <= vh + 1 && !!hit && (hit === el || el.contains(hit)),
  };
}"""
)


def _tab_round(page):
    """The Tab stops of one round from the focused element (bounded), each with whether it is
    seen; the round ends when a stop comes back."""
    stops: list[dict] = []
    for _ in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SEEN)
        if focused is None:
            continue  # the focus left the page for the browser's own controls
        if any(s["key"] == focused["key"] for s in stops):
            break
        stops.append(focused)
    return stops


def _assert_tab_visits_exactly_the_panel_in_view(page):
    page.wait_for_timeout(350)  # the panel slides in
    expected = page.evaluate(VISIBLE_CONTROLS)
    assert len(expected) > 3
    stops = _tab_round(page)
    hidden = [s["text"] for s in stops if not s["seen"]]
    assert hidden == [], f"Tab reaches what the reader cannot see: {hidden}"
    keys = [s["key"] for s in stops]
    assert sorted(keys) == sorted(expected), [s["text"] for s in stops]
    start = keys.index(expected[0])
    assert keys[start:] + keys[:start] == expected  # in the order they are shown


def _focused(page):
    return page.evaluate(FOCUS_SEEN)


def _in_view_title(page):
    """The back control of the panel in view: the title label that no other panel covers."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.md-sidebar--primary label.md-nav__title')]
          .filter(l => l.htmlFor !== '__drawer').map(l => {
            const b = l.getBoundingClientRect();
            const x = b.left + b.width / 2, y = b.top + b.height / 2;
            const hit = b.width && document.elementFromPoint(x, y);
            return hit && (hit === l || l.contains(hit)) ? l.htmlFor : null;
          }).filter(Boolean)"""
    )


@pytest.mark.parametrize("width", [320, 390])
def test_in_the_open_drawer_tab_visits_the_sub_panel_in_view_only(browser, base_url, width):
    """On a fiche the drawer opens on its section ("Deel 2", a sub-panel over the first panel):
    Tab goes round its back control and its links, never the covered first panel or the page."""
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"), wait_until="networkidle")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(350)
    assert len(_in_view_title(page)) == 1  # a sub-panel is in view
    page.locator(".md-sidebar--primary nav[data-md-level='1'] a[href]:visible").first.focus()
    _assert_tab_visits_exactly_the_panel_in_view(page)
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_the_drawer_by_keyboard_alone_sections_back_and_escape(browser, base_url, width):
    """From the start of the home page, by keys only: Tab to the menu button, Enter opens the
    drawer; Tab to "Deel 1", Enter opens its panel with the focus on its back control; Tab goes
    round that panel only; Escape goes back to "Deel 1", a second Escape closes the drawer and
    gives the focus back to the menu button."""
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(base_url, wait_until="networkidle")
    menu = page.locator("label.md-header__button[for='__drawer']")
    for _ in range(10):
        page.keyboard.press("Tab")
        if menu.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the menu button")
    page.keyboard.press("Enter")
    expect(page.locator("#__drawer")).to_be_checked()
    page.wait_for_timeout(350)
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    _assert_tab_visits_exactly_the_panel_in_view(page)
    section = page.locator(".md-sidebar--primary label.md-nav__link[for]", has_text="Deel 1")
    for _ in range(MAX_PRESSES):
        if section.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reaches the label that opens Deel 1")
    toggle = section.get_attribute("for")
    page.keyboard.press("Enter")
    expect(page.locator(f"[id='{toggle}']")).to_be_checked()
    page.wait_for_timeout(350)
    assert _in_view_title(page) == [toggle]
    back = page.locator(f".md-sidebar--primary label.md-nav__title[for='{toggle}']")
    expect(back).to_be_focused()
    assert _focused(page)["seen"]
    _assert_tab_visits_exactly_the_panel_in_view(page)
    page.keyboard.press("Escape")
    expect(page.locator(f"[id='{toggle}']")).not_to_be_checked()
    expect(section).to_be_focused()
    page.wait_for_timeout(350)
    assert _focused(page)["seen"]
    page.keyboard.press("Escape")
    expect(page.locator("#__drawer")).not_to_be_checked()
    expect(menu).to_be_focused()
    expect(page.locator(".md-sidebar--primary")).to_have_attribute("inert", "")
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_the_table_of_contents_panel_opens_with_space_and_takes_the_tab_round(
    browser, base_url, width
):
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"), wait_until="networkidle")
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(350)
    toc = page.locator(".md-sidebar--primary label.md-nav__link[for='__toc']")
    for _ in range(MAX_PRESSES):
        if toc.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reaches the label that opens the table of contents")
    page.keyboard.press(" ")
    expect(page.locator("#__toc")).to_be_checked()
    expect(page.locator(".md-sidebar--primary label.md-nav__title[for='__toc']")).to_be_focused()
    page.wait_for_timeout(350)
    assert _in_view_title(page) == ["__toc"]
    _assert_tab_visits_exactly_the_panel_in_view(page)
    page.keyboard.press("Escape")
    expect(toc).to_be_focused()
    context.close()
