"""The website on a phone, by keyboard and with Dutch search: Playwright in Debian's Chromium at
320, 360, 390 and 1280 px, on the bundled edition built once per session."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import pytestmark  # noqa: F401 - skip the module without chromium

FICHE_C = "c-bereiken-buurtbewoners"
# One page of every kind.
PAGES = [
    "",
    "inleiding/",
    "leeswijzer/",
    "deel-1/buurtanalyse/",
    f"fiches/{FICHE_C}/",
    "tools/",
    "tools/resokit/",
    "organisaties/",
    "organisaties/saamo/",
    "referenties/",
    "editie/",
    "404.html",
]

# Every element's right edge inside the viewport, unless an ancestor clips it (a scroll box that
# itself fits). Returns the offenders.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right <= width + 1) continue;
    let parent = el, clipped = false;
    while ((parent = parent.parentElement)) {
      const style = getComputedStyle(parent);
      const fits = parent.getBoundingClientRect().right <= width + 1;
      if (style.overflowX !== 'visible' && fits) { clipped = true; break; }
    }
    if (clipped || getComputedStyle(el).visibility === 'hidden') continue;
    bad.push(`${el.tagName}.${el.className} right=${Math.round(box.right)}`);
  }
  return bad;
}"""

# Words split over two lines inside tool tables and cards: each word of each text node is measured
# with a Range; a word whose rectangles sit on more than one line is broken. Links to web
# addresses (URLs may break) and words with a hyphen (a hyphen is a legal break) are skipped.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el.closest('table.zb-tools') || el.closest('a.zb-extlink') || !el.offsetParent) continue;
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.data))) {
      if (m[0].includes('-') || m[0].includes('/')) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      const tops = new Set(rects.map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


def _records(built_site):
    return json.loads((built_site / "records.json").read_text(encoding="utf-8"))


def _phone(browser, width=390):
    return browser.new_context(
        viewport={"width": width, "height": 844}, locale="nl-BE", has_touch=True
    )


def _visible_ids(page):
    rows = page.locator("#zb-catalogue tbody tr:visible")
    return sorted(rows.nth(i).get_attribute("data-id") for i in range(rows.count()))


def _serious(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


# -- 1. the catalogue on a phone ----


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_filtering_hides_the_rows_it_filters_out_at_every_width(
    browser, base_url, built_site, width
):
    records = _records(built_site)
    expected = sorted(t["id"] for t in records["tools"] if FICHE_C in t["fiche"])
    assert 0 < len(expected) < len(records["tools"])
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(urljoin(base_url, f"tools/?fiche={FICHE_C}"))
    expect(page.locator("#zb-result-count")).to_have_text(
        f"{len(expected)} tools van {len(records['tools'])}"
    )
    assert _visible_ids(page) == expected
    # Phones get the "Filters (n)" button, desktops the facets themselves.
    expect(page.locator("#zb-open-filters")).to_be_visible(visible=width <= 719)
    expect(page.locator("#zb-facets")).to_be_visible(visible=width > 719)
    context.close()


def test_phone_filters_open_in_a_panel_and_show_their_count(browser, base_url, built_site):
    records = _records(built_site)
    expected = sorted(t["id"] for t in records["tools"] if "medewerker" in t["lezer"])
    context = _phone(browser)
    page = context.new_page()
    page.goto(urljoin(base_url, "tools/"))
    opener = page.locator("#zb-open-filters")
    expect(opener).to_have_text("Filters (0)")
    # Results come first: the facets are out of sight until the panel is opened.
    expect(page.locator("#zb-filters")).to_be_hidden()
    first_row = page.locator("#zb-catalogue tbody tr").first.bounding_box()
    assert first_row["y"] < 844 * 1.5
    opener.click()
    expect(page.locator("#zb-filters")).to_be_visible()
    expect(opener).to_have_attribute("aria-expanded", "true")
    page.locator("label[for='zb-f-lezer-medewerker']").click()
    show = page.locator("#zb-show")
    expect(show).to_have_text(f"Toon {len(expected)} tools")
    show.click()
    expect(page.locator("#zb-filters")).to_be_hidden()
    expect(opener).to_have_text("Filters (1)")
    expect(page.locator(".zb-chip")).to_have_text(
        [f"Voor wie: {_label(records, 'lezer', 'medewerker')} ×"]
    )
    assert _visible_ids(page) == expected[:60]
    # A chip removes its filter.
    page.locator(".zb-chip").click()
    expect(page.locator("#zb-result-count")).to_have_text(
        f"{len(records['tools'])} tools van {len(records['tools'])}"
    )
    expect(opener).to_have_text("Filters (0)")
    context.close()


def _label(records, facet, option):
    facet_data = next(f for f in records["facets"] if f["key"] == facet)
    return next(o["label"] for o in facet_data["options"] if o["id"] == option)


def test_long_facets_collapse_behind_toon_meer(page, base_url, built_site):
    records = _records(built_site)
    owners = next(f for f in records["facets"] if f["key"] == "eigenaar")["options"]
    assert len(owners) > 9
    page.goto(urljoin(base_url, "tools/"))
    fieldset = page.locator("fieldset.zb-facet", has=page.locator("legend", has_text="Eigenaar"))
    expect(fieldset.locator("label:visible")).to_have_count(6)
    toggle = fieldset.locator("button.zb-toggle")
    expect(toggle).to_have_text(f"toon meer ({len(owners) - 6})")
    toggle.click()
    expect(fieldset.locator("label:visible")).to_have_count(len(owners))
    expect(toggle).to_have_text("toon minder")


def test_no_results_say_so_and_one_button_clears_the_filters(page, base_url, built_site):
    records = _records(built_site)
    page.goto(urljoin(base_url, "tools/?q=qqqxqqq"))
    empty = page.locator("#zb-empty")
    expect(empty).to_be_visible()
    expect(empty.locator("strong")).to_have_text("Geen tools gevonden")
    expect(page.locator("#zb-catalogue")).to_be_hidden()
    empty.locator("button").click()
    expect(page.locator("#zb-result-count")).to_have_text(
        f"{len(records['tools'])} tools van {len(records['tools'])}"
    )
    assert "q=" not in page.url


def test_an_unknown_value_in_the_address_is_named_and_ignored(page, base_url, built_site):
    records = _records(built_site)
    page.goto(urljoin(base_url, f"tools/?fiche=bestaat-niet,{FICHE_C}"))
    expect(page.locator("#zb-ignored")).to_have_text(
        "Niet gevonden en genegeerd: fiche 'bestaat-niet'."
    )
    expected = [t for t in records["tools"] if FICHE_C in t["fiche"]]
    expect(page.locator("#zb-result-count")).to_have_text(
        f"{len(expected)} tools van {len(records['tools'])}"
    )
    assert parse_qs(urlsplit(page.url).query)["fiche"] == [FICHE_C]


@pytest.mark.parametrize("width", [320])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_small_phone(browser, base_url, path, width):
    context = _phone(browser, width)
    page = context.new_page()
    page.goto(urljoin(base_url, path), wait_until="networkidle")
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


# -- 2. tool tables and cards ----


@pytest.mark.parametrize("width", [320, 360, 390])
@pytest.mark.parametrize("path", [f"fiches/{FICHE_C}/", "deel-1/buurtanalyse/", "tools/"])
def test_no_word_is_broken_inside_a_tool_card(browser, base_url, path, width):
    context = _phone(browser, width)
    page = context.new_page()
    page.goto(urljoin(base_url, path), wait_until="networkidle")
    assert page.locator("table.zb-tools tr.zb-tool-row:visible").count() > 0
    assert page.evaluate(BROKEN_WORDS) == []
    context.close()


def test_each_tool_is_a_card_with_fields_at_full_width_on_a_phone(browser, base_url):
    context = _phone(browser, 390)
    page = context.new_page()
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"))
    row = page.locator("tr.zb-tool-row").first
    card = row.bounding_box()
    for label in ("Tool", "Omschrijving", "Eigenaar", "Links en bron"):
        cell = row.locator(f"td[data-label='{label}']").bounding_box()
        assert cell["width"] >= card["width"] - 4, label
    context.close()


def test_a_tool_known_only_from_the_bibliography_links_to_that_entry(page, base_url):
    page.goto(urljoin(base_url, "tools/accolage/"))
    link = page.locator("dd a.zb-extlink")
    expect(link).to_have_text("Bron online: Burenhulpnetwerk")
    assert link.get_attribute("href") == "https://www.accolage.be/"
    expect(page.locator(".zb-status")).to_have_count(0)


# -- 3. keyboard and screen readers ----


def test_keyboard_user_skips_the_filters_to_the_first_result(page, base_url):
    page.goto(urljoin(base_url, "tools/"))
    page.locator("#zb-catalogue-ui").wait_for(state="visible")
    page.locator("#zb-catalogue-ui").evaluate(
        "el => el.previousElementSibling.setAttribute('tabindex', '-1')"
    )
    page.locator("#zb-catalogue-ui").evaluate("el => el.previousElementSibling.focus()")
    page.keyboard.press("Tab")
    skip = page.locator("a.zb-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Ga naar de resultaten")
    assert skip.bounding_box()["width"] > 50  # visible once focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator("#zb-catalogue tbody tr:visible td[data-label='Tool'] a").first
    expect(first).to_be_focused()


def test_keyboard_only_filtering_on_a_phone(browser, base_url, built_site):
    records = _records(built_site)
    expected = [t for t in records["tools"] if FICHE_C in t["fiche"]]
    context = _phone(browser)
    page = context.new_page()
    page.goto(urljoin(base_url, "tools/"))
    # The catalogue's script has set up the filters once it has counted the results.
    expect(page.locator("#zb-result-count")).to_have_text(re.compile(r"^\d+ tools"))
    page.locator("#zb-q").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#zb-open-filters")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#zb-panel-title")).to_be_focused()
    target = page.locator(f"#zb-f-fiche-{FICHE_C}")
    for _ in range(40):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    expect(target).to_be_focused()
    page.keyboard.press("Space")
    expect(target).to_be_checked()
    page.locator("#zb-show").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#zb-results")).to_be_focused()
    expect(page.locator("#zb-result-count")).to_have_text(
        f"{len(expected)} tools van {len(records['tools'])}"
    )
    context.close()


FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.boxShadow].join('|');
}"""


@pytest.mark.parametrize(
    ("width", "selector"),
    [
        (1280, "#zb-q"),
        (1280, f"#zb-f-fiche-{FICHE_C}"),
        (1280, "button.zb-toggle"),
        (1280, ".zb-panel-foot .zb-reset"),
        (1280, "#zb-catalogue tbody td[data-label='Fiches'] a"),
        (390, "#zb-open-filters"),
        (390, "#zb-q"),
    ],
)
def test_every_control_shows_where_the_focus_is(browser, base_url, width, selector):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(urljoin(base_url, "tools/"))
    control = page.locator(selector).first
    control.wait_for(state="visible")
    unfocused = control.evaluate(FOCUS_STYLE)
    page.keyboard.press("Shift")  # a keyboard user: :focus-visible applies
    control.focus()
    focused = control.evaluate(FOCUS_STYLE)
    assert focused != unfocused
    assert focused.split("|")[0] != "none" or focused.split("|")[2] != "none"
    context.close()


def test_controls_on_a_phone_are_at_least_24_px(browser, base_url):
    context = _phone(browser)
    page = context.new_page()
    page.goto(urljoin(base_url, "tools/"))
    page.locator("#zb-open-filters").click()
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              '.zb-catalogue-ui button, .zb-catalogue-ui input[type=search], '
              + '.zb-facet label, .md-header__button')]
            .filter(el => el.offsetParent)
            .map(el => [el.id || el.className || el.tagName, el.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24)
            .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    assert small == []
    context.close()


def test_fiche_links_in_the_catalogue_name_the_fiche(page, base_url, built_site):
    page.goto(urljoin(base_url, "tools/"))
    link = page.locator("#zb-catalogue td[data-label='Fiches'] a").first
    letter = link.inner_text()
    name = link.get_attribute("aria-label")
    assert len(letter) == 1
    assert name.startswith(f"{letter}. ") and len(name) > 5


def test_theme_strings_are_dutch(page, base_url):
    page.goto(urljoin(base_url, f"fiches/{FICHE_C}/"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert (
        page.locator("a.headerlink").first.get_attribute("title") == "Vaste link naar deze sectie"
    )
    assert "Permanent link" not in page.content()
    assert "Made with" not in page.locator("footer").inner_text()
    assert page.locator("nav.md-header__inner").get_attribute("aria-label") == "Kopbalk"
    labels = page.eval_on_selector_all("[aria-label]", "els => els.map(e => e.ariaLabel)")
    assert not {"Header", "Footer", "Tabs"} & set(labels)


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves 404.html for a missing address, as GitHub Pages does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(built_site):
    handler = functools.partial(_PagesHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_404_page_is_dutch_with_search_and_a_way_home(page, pages_url):
    response = page.goto(urljoin(pages_url, "bestaat/niet/"))
    assert response.status == 404
    expect(page.locator("article h1")).to_have_text("Pagina niet gevonden")
    expect(page.locator("article input[type=search]")).to_be_visible()
    expect(page.locator("article a", has_text="Naar de startpagina")).to_be_visible()
    # The styles load, also on an address one folder deep.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
    )


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious_on_any_page_type(browser, base_url, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(urljoin(base_url, path), wait_until="networkidle")
    assert _serious(page) == []
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("state", ["filtered", "empty", "filters-open", "menu-open", "search-open"])
def test_axe_finds_nothing_serious_in_interactive_states(browser, base_url, width, state):
    if state in {"filters-open", "menu-open"} and width > 719:
        pytest.skip("the filter panel and the menu drawer open on phones only")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    query = {"filtered": f"?fiche={FICHE_C}&lezer=zzz", "empty": "?q=qqqxqqq"}.get(state, "")
    page.goto(urljoin(base_url, "tools/" + query), wait_until="networkidle")
    page.locator("#zb-catalogue-ui").wait_for(state="visible")
    if state == "filters-open":
        page.locator("#zb-open-filters").click()
    if state == "menu-open":
        page.locator("label.md-header__button[for='__drawer']").click()
    if state == "search-open":
        page.locator(".zb-search-open").click()
        page.locator("#zb-search-q").fill("vrijwilligers")
        page.locator(".zb-search-hit").first.wait_for()
    assert _serious(page) == []
    context.close()


# -- 4. search that understands Dutch ----


def _search(page, base_url, query):
    page.goto(urljoin(base_url, "inleiding/"), wait_until="networkidle")
    page.locator(".zb-search-open").click()
    expect(page.locator("#zb-search-q")).to_be_focused()
    page.locator("#zb-search-q").fill(query)
    page.locator(".zb-search-hit").first.wait_for()
    return page.locator(".zb-search-hit")


# More queries, judged from the data, with hit@3 and hit@5: tests/browser/test_search_judged.py.
@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("vrijwilligers", "fiches/k-vrijwilligers/"),  # a theme word: its fiche first
        ("vrijwilliger", "fiches/k-vrijwilligers/"),  # singular finds the plural (stemming)
        ("vrijwilgers", "fiches/k-vrijwilligers/"),  # one typo forgiven
    ],
)
def test_search_puts_the_expected_page_first(page, base_url, query, first):
    hits = _search(page, base_url, query)
    assert hits.first.locator("a").get_attribute("href").endswith(first)
    expect(hits.first.locator(".zb-search-type")).to_have_text("Fiche")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("coordinatie", "coördinatie"),  # accents fold
        ("PsychoseNet", "tools/wat-is-kwartiermaken/"),  # a tool found by its owner
    ],
)
def test_search_finds(page, base_url, query, expected):
    hits = _search(page, base_url, query)
    texts = [
        hits.nth(i).inner_text().lower() + hits.nth(i).locator("a").get_attribute("href")
        for i in range(hits.count())
    ]
    assert any(expected in text for text in texts)


def test_a_query_without_results_is_corrected_to_the_closest_word(page, base_url):
    hits = _search(page, base_url, "vrjwilligers")
    status = page.locator("#zb-search-status").inner_text()
    assert status.startswith("Geen resultaten voor ‘vrjwilligers’. Bedoelde je ‘vrijwilligers’? ")
    assert hits.first.locator("a").get_attribute("href").endswith("fiches/k-vrijwilligers/")


def _search_nothing(page, base_url, query):
    page.goto(urljoin(base_url, "inleiding/"), wait_until="networkidle")
    page.locator(".zb-search-open").click()
    page.locator("#zb-search-q").fill(query)
    expect(page.locator("#zb-search-status")).to_contain_text(f"Geen resultaten voor ‘{query}’.")
    return page.locator(".zb-search-hit")


def test_an_unknown_word_gets_a_suggestion_that_searches_again(page, base_url):
    # two letters off in nine: too far to search at once, so offered
    expect(_search_nothing(page, base_url, "burenhlep")).to_have_count(0)
    better = page.locator("#zb-search-suggest button")
    expect(page.locator("#zb-search-suggest")).to_have_text("Bedoelde je ‘burenhulp’?")
    better.click()
    expect(page.locator("#zb-search-q")).to_have_value("burenhulp")
    first = page.locator(".zb-search-hit a").first
    expect(first).to_have_attribute("href", re.compile(r"fiches/j-burenhulp/$"))


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("dementie", "Bedoelde je ‘detectie’?"), ("huisarts", None), ("Samana", None)],
)
def test_a_word_that_is_nowhere_on_the_site_finds_nothing(page, base_url, query, suggestion):
    """Not the pages with a short prefix of it ('de', 'huis', 'SAM')."""
    hits = _search_nothing(page, base_url, query)
    page.wait_for_timeout(300)  # no result arrives later either
    expect(hits).to_have_count(0)
    if suggestion:
        expect(page.locator("#zb-search-suggest")).to_have_text(suggestion)
    else:
        expect(page.locator("#zb-search-suggest")).to_be_hidden()


def test_a_word_that_is_on_the_site_finds_its_page(page, base_url):
    hits = _search(page, base_url, "buurtanalyse")
    expect(hits.locator('a[href$="deel-1/buurtanalyse/"]')).to_have_count(1)


def test_search_results_are_typed_and_skip_navigation_chrome(page, base_url):
    hits = _search(page, base_url, "Meer van")
    types = {hits.nth(i).locator(".zb-search-type").text_content() for i in range(hits.count())}
    assert types <= {"Fiche", "Deel 1", "Leeswijzer", "Tool", "Organisatie"}
    excerpts = " ".join(
        hits.nth(i).locator(".zb-search-excerpt").inner_text() for i in range(hits.count())
    )
    assert "Meer van" not in excerpts


def test_search_leads_to_the_catalogue_with_the_query(page, base_url):
    _search(page, base_url, "vrijwilligers")
    link = page.locator("#zb-search-all a")
    expect(link).to_have_text(
        re.compile(r"^Toon alle \d+ tools voor ‘vrijwilligers’ in de catalogus$")
    )
    count = int(re.search(r"\d+", link.inner_text()).group())
    link.click()
    expect(page.locator("#zb-q")).to_have_value("vrijwilligers")
    expect(page.locator("#zb-catalogue-ui")).to_have_attribute("data-q", "vrijwilligers")
    assert page.locator("#zb-catalogue tbody tr:visible").count() == count


@pytest.mark.parametrize("width", [390, 1280])
def test_enter_in_search_keeps_the_dialog_and_its_results(browser, base_url, width):
    context = _phone(browser, width) if width < 720 else browser.new_context()
    page = context.new_page()
    page.goto(urljoin(base_url, "inleiding/"), wait_until="networkidle")
    page.locator(".zb-search-open").click()
    field = page.locator("#zb-search-q")
    field.fill("vrijwilligers")
    field.press("Enter")  # results may still be loading: nothing is thrown away
    expect(page.locator("#zb-search")).to_have_attribute("open", "")
    expect(field).to_have_value("vrijwilligers")
    page.locator(".zb-search-hit").first.wait_for()
    shown = page.locator(".zb-search-hit").count()
    field.focus()
    field.press("Enter")  # results shown: focus on the first result, the list kept
    first = page.locator(".zb-search-hit a").first
    expect(first).to_be_focused()
    expect(page.locator("#zb-search")).to_have_attribute("open", "")
    assert page.locator(".zb-search-hit").count() >= shown  # results arrive one by one
    href = first.get_attribute("href")
    first.press("Enter")  # and Enter again opens it
    page.wait_for_url(urljoin(page.url, href))
    context.close()


def test_search_sends_no_request_outside_the_site(page, base_url):
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if urlsplit(r.url).hostname != "127.0.0.1" else None,
    )
    _search(page, base_url, "buurt")
    assert outside == []


# -- screenshots to look at ----


@pytest.mark.parametrize("width", [320, 390])
def test_phone_screenshots(browser, base_url, artifacts, width):
    context = _phone(browser, width)
    page = context.new_page()
    shots = [
        ("home", "", None),
        ("fiche", f"fiches/{FICHE_C}/", None),
        ("catalogue", f"tools/?fiche={FICHE_C}", None),
        ("catalogue-filters", "tools/", "#zb-open-filters"),
        ("search", "inleiding/", ".zb-search-open"),
        ("404", "404.html", None),
    ]
    for slug, path, click in shots:
        page.goto(urljoin(base_url, path), wait_until="networkidle")
        if click:
            page.locator(click).click()
            if slug == "search":
                page.locator("#zb-search-q").fill("vrijwilligers")
                page.locator(".zb-search-hit").first.wait_for()
        target = artifacts / f"{slug}-{width}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
    context.close()
