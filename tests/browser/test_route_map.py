"""The reading guide in a phone browser: choosing a route lights up its line on the route map and
brings the route into view; fiches show the step; an unknown role in the address is refused."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from toolbox_build.validate import validate_project

from ..conftest import REPO_ROOT

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def routes():
    result = validate_project(REPO_ROOT)
    return result.catalog.reading_guide.reader_routes()


def _line_state(page):  # type: ignore[no-untyped-def]
    return page.evaluate(
        """() => [...document.querySelectorAll("svg.zb-route-map .zb-line")].map(line => ({
            route: line.dataset.route,
            active: line.classList.contains("zb-line-active"),
            opacity: Number(getComputedStyle(line.querySelector("line")).opacity),
            letters: Number(getComputedStyle(line.querySelector("text")).opacity)}))"""
    )


def test_choosing_a_route_by_keyboard_lights_its_line_and_scrolls_it_into_view(
    phone, base_url, routes
):  # type: ignore[no-untyped-def]
    route = routes[-1]  # the last route on the page: furthest from the form
    phone.goto(base_url + "leeswijzer/")
    phone.focus("#zb-rol")
    phone.select_option("#zb-rol", route.role)
    phone.keyboard.press("Tab")
    phone.select_option("#zb-ervaring", route.experience)
    phone.keyboard.press("Tab")  # to "Toon mijn route"
    assert phone.evaluate("document.activeElement.textContent") == "Toon mijn route"
    phone.keyboard.press("Enter")
    section = phone.locator(f"#route-{route.role}-{route.experience}")
    phone.wait_for_function(
        "id => document.activeElement === document.querySelector(id + ' h3')",
        arg=f"#route-{route.role}-{route.experience}",
    )
    box = section.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"] / 2
    states = _line_state(phone)
    assert [s["route"] for s in states if s["active"]] == [route.key]
    for state in states:
        assert (state["opacity"] == 1) == state["active"]
        assert state["letters"] == 1  # faded lines keep legible letters
    # Only the chosen route is listed; the others are hidden.
    visible = phone.locator(".zb-route:visible")
    assert visible.count() == 1 and visible.get_attribute("data-route") == route.key


def test_the_chosen_route_shows_on_its_fiches_and_the_home_map(phone, base_url, routes):  # type: ignore[no-untyped-def]
    route = routes[0]
    phone.goto(f"{base_url}leeswijzer/?rol={route.role}&ervaring={route.experience}")
    second = route.stops[1].target
    phone.goto(f"{base_url}fiches/{second}/")
    step = phone.locator(".zb-step:visible")
    assert step.count() == 1
    assert step.inner_text().startswith(f"Stap 2 van {len(route.stops)} · volgende: ")
    box = step.bounding_box()
    assert box is not None and box["y"] < PHONE["height"]  # near the top, no scrolling
    phone.goto(base_url)
    assert [s["route"] for s in _line_state(phone) if s["active"]] == [route.key]


def test_unknown_role_in_the_address_is_reported_and_not_stored(phone, base_url):  # type: ignore[no-untyped-def]
    phone.goto(base_url + "leeswijzer/?rol=trekker")
    message = phone.locator("#zb-role-message")
    assert message.is_visible()
    assert message.inner_text() == (
        "De rol ‘trekker’ uit het adres bestaat niet; we hebben die keuze genegeerd en niet "
        "bewaard. Kies hieronder je rol en ervaring."
    )
    stored = phone.evaluate("localStorage.getItem('zb-lezer')")
    assert stored is None or "trekker" not in json.loads(stored).values()
    assert not [s for s in _line_state(phone) if s["active"]]


def _serious(page):  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("state", ["chosen", "unknown-role", "fiche-step", "home"])
def test_axe_finds_nothing_serious_in_route_states(browser, base_url, routes, width, state):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-BE")
    page = context.new_page()
    route = routes[0]
    choice = f"?rol={route.role}&ervaring={route.experience}"
    address = {
        "chosen": "leeswijzer/" + choice,
        "unknown-role": "leeswijzer/?rol=trekker",
        "fiche-step": f"fiches/{route.stops[1].target}/{choice}",
        "home": choice,
    }[state]
    page.goto(base_url + address, wait_until="networkidle")
    if state == "chosen":
        page.click("text=Toon mijn route")
    assert _serious(page) == []
    context.close()


# -- how the map shows: on a phone a link to it at full size, on a desktop in the column ----

# Per route map on the page: whether it shows, and the smallest letter and tap target it renders
# (in CSS pixels: the font size in the drawing's units times the drawing's rendered scale; a
# stop's box).
MAP_SIZES = """() => [...document.querySelectorAll('svg.zb-route-map')].map(svg => {
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const letters = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const stops = [...svg.querySelectorAll('a')].map(a => {
    const b = a.getBoundingClientRect();
    return Math.min(b.width, b.height);
  });
  const figure = svg.closest('figure');
  return {
    shown: box.width > 0 && box.height > 0,
    letter: Math.min(...letters),
    stop: Math.min(...stops),
    sideways: figure.scrollWidth > figure.clientWidth + 1,
  };
})"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["leeswijzer/", ""])
def test_on_a_phone_the_route_map_opens_readable_from_a_link(browser, base_url, width, path):  # type: ignore[no-untyped-def]
    """At 320 and 390 px nothing of the map shows with letters under 12 px or stops under 24 px:
    a link takes its place and opens the whole map at a size that reaches both (scrolling
    sideways). From 1280 px the map shows in the column as before, without the link."""
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="nl-BE")
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    maps = page.evaluate(MAP_SIZES)
    assert len(maps) == 1
    for shown in [m for m in maps if m["shown"]]:
        assert shown["letter"] >= 12 and shown["stop"] >= 24, shown
    link = page.get_by_role("link", name="Bekijk de volledige routekaart")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 24
    link.click()
    (opened,) = page.evaluate(MAP_SIZES)
    assert opened["shown"] and opened["letter"] >= 12 and opened["stop"] >= 24, opened
    figure = page.locator("figure.zb-route-map-figure")
    figure_box = figure.bounding_box()
    assert figure_box is not None and figure_box["x"] + figure_box["width"] <= width + 1
    assert figure_box["y"] < 844  # brought into view
    if path:
        assert page.locator("section.zb-route a").count() > 0  # the routes as lists
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + path, wait_until="networkidle")
    (desktop,) = page.evaluate(MAP_SIZES)
    assert desktop["shown"] and not desktop["sideways"]
    expect(link).to_be_hidden()
    context.close()
