"""One route per reader, defined once in the model and shown alike by every output.

The model (``ReadingGuide.reader_routes``) says, for each role and experience, which pages a
reader visits and in which order. Each test here reads that order back from one output, as a
reader meets it (the guide page's lists, the route map's lines, the fiches' "Stap n van m", the
edition PDF's table and lists, each booklet's order of fiches), and compares it with the model.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html import unescape

import pytest
from pypdf import PdfReader

from toolbox_build.catalog.model import ReaderType, ReadingGuide, Route, Stop
from toolbox_build.pdf.document import PrintDocument, render_print_html
from toolbox_build.site.pages import SiteRenderer, page_path
from toolbox_build.views.figures.route_map import route_map

from .conftest import REPO_ROOT
from .pdf_structure import outline_entries, page_annotations, value

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def guide(bundled) -> ReadingGuide:
    return bundled.reading_guide


@pytest.fixture(scope="module")
def site(bundled) -> SiteRenderer:
    return SiteRenderer(bundled, REPO_ROOT)


@pytest.fixture(scope="module")
def site_files(site) -> dict[str, str]:
    return {f.path: f.text for f in site.render_all()}


def _expected(guide: ReadingGuide) -> dict[str, list[str]]:
    return {route.key: route.targets for route in guide.reader_routes() if route.stops}


# -- the one definition ------------------------------------------------------------------------


def _small_guide(role_stops: list[str], level_stops: list[str], everyone: list[str]):
    types = {
        "trekker": ReaderType("trekker", "Trekker", "role"),
        "startend": ReaderType("startend", "Startend", "experience"),
        "ervaren": ReaderType("ervaren", "Ervaren", "experience"),
    }
    routes = [
        Route("trekker", [Stop(t, f"waarom {t}") for t in role_stops]),
        Route("startend", [Stop(t, "") for t in level_stops]),
    ]
    every = Route("iedereen", [Stop(t, "") for t in everyone])
    return ReadingGuide(True, types, routes, origin=None, everyone=every)  # type: ignore[arg-type]


def test_a_readers_route_is_the_roles_stops_in_the_order_of_the_experience():
    guide = _small_guide(["h", "a", "f", "e"], ["x", "f", "a", "q"], ["deel1", "slot"])
    routes = {r.key: r for r in guide.reader_routes()}
    assert list(routes) == ["trekker/startend", "trekker/ervaren"]
    # What the experience names comes first, in its order; the role's other stops follow.
    assert routes["trekker/startend"].targets == ["f", "a", "h", "e"]
    # No route for the experience: the role's own order.
    assert routes["trekker/ervaren"].targets == ["h", "a", "f", "e"]
    # The reasons stay the role's.
    assert routes["trekker/startend"].stops[0].why == "waarom f"


def test_the_shared_end_is_no_stop_of_its_own():
    guide = _small_guide(["h", "slot", "a"], [], ["deel1", "slot"])
    assert guide.end == "slot" and guide.start == "deel1"
    assert guide.reader_route("trekker/startend").targets == ["h", "a"]


def test_steps_and_next_stops_follow_the_route():
    route = _small_guide(["h", "a", "f"], ["a"], ["deel1"]).reader_route("trekker/startend")
    assert [route.step(t) for t in ("a", "h", "f", "zz")] == [1, 2, 3, None]
    assert route.next_after("a").target == "h"
    assert route.next_after("f") is None


def test_every_role_has_a_route_for_every_experience(guide):
    keys = [r.key for r in guide.reader_routes()]
    roles, levels = guide.axis("role"), guide.axis("experience")
    assert keys == [f"{role}/{level}" for role in roles for level in levels]
    assert len(keys) == len(set(keys)) == 10
    # The two experiences order some role differently: the choice matters.
    assert any(
        guide.reader_route(f"{role}/{levels[0]}").targets
        != guide.reader_route(f"{role}/{levels[1]}").targets
        for role in roles
    )


# -- the site ----------------------------------------------------------------------------------


def _page_ids(site: SiteRenderer, bundled, current: str) -> dict[str, str]:
    """Link (as written on the page ``current``) -> page id."""
    return {site.page_link(pid, current): pid for pid in bundled.pages}


def test_the_guide_pages_lists_show_each_readers_route(bundled, guide, site, site_files):
    text = site_files["leeswijzer.md"]
    ids = _page_ids(site, bundled, "leeswijzer.md")
    shown = {}
    for key, body in re.findall(
        r'<section class="zb-route" id="[^"]+" data-route="([^"]+)">(.*?)</section>', text, re.S
    ):
        items = re.findall(r'<li><a href="([^"]+)">', body)
        shown[unescape(key)] = [ids[unescape(href)] for href in items]
        # The close is no numbered stop: the fiches say "Stap 8 van 8", so does the list.
        end = bundled.pages[guide.end]
        href = site.page_link(end.id, "leeswijzer.md")
        closing = f'</ol>\n<p class="zb-route-end">Sluit af met <a href="{href}">'
        assert closing in body
    assert shown == _expected(guide)


def test_the_route_maps_lines_show_each_readers_route(bundled, guide, site):
    ids = _page_ids(site, bundled, "leeswijzer.md")
    drawing = route_map(guide, bundled.pages, lambda t: site.page_link(t, "leeswijzer.md"))
    svg = ET.fromstring(drawing.svg)
    shown = {
        g.get("data-route"): [ids[a.get("href")] for a in g.iter(f"{SVG}a")]
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "zb-line"
    }
    assert shown == _expected(guide)


def test_the_fiches_steps_and_next_links_show_each_readers_route(bundled, guide, site, site_files):
    numbered: dict[str, dict[int, str]] = {}
    totals: dict[str, set[int]] = {}
    following: dict[str, dict[str, str | None]] = {}
    step = re.compile(
        r'<p class="zb-step" data-route="([^"]+)" hidden><strong>Stap (\d+) van (\d+)</strong>'
        r' · (?:volgende: <a href="([^"]+)">)?'
    )
    for pid, page in bundled.pages.items():
        path = page_path(page)
        if path not in site_files:
            continue
        ids = _page_ids(site, bundled, path)
        for key, number, total, next_href in step.findall(site_files[path]):
            assert int(number) not in numbered.setdefault(key, {}), (key, number)
            numbered[key][int(number)] = pid
            totals.setdefault(key, set()).add(int(total))
            following.setdefault(key, {})[pid] = ids[next_href] if next_href else None
    routes = {key: [numbered[key][n] for n in sorted(numbered[key])] for key in numbered}
    assert routes == _expected(guide)
    for key, targets in routes.items():
        assert totals[key] == {len(targets)}
        assert following[key] == dict(zip(targets, [*targets[1:], None], strict=True))


def test_the_guide_page_offers_each_reader_the_booklet_of_that_route(bundled, guide):
    site = SiteRenderer(bundled, REPO_ROOT)
    routes = guide.reader_routes()
    site.guide_view.booklets = {r.key: f"downloads/{r.slug}.pdf" for r in routes}
    text = site._render("reading-guide.md.j2", "leeswijzer.md").text
    for route in routes:
        section = re.search(
            rf'<section class="zb-route" [^>]*data-route="{route.key}">.*?</section>', text, re.S
        ).group(0)
        assert re.findall(r'href="\.\./downloads/([^"]+)" download', section) == [
            f"{route.slug}.pdf"
        ]
        experience = guide.reader_types[route.experience].label.lower()
        assert f", {experience} (PDF)</a>" in section


# -- the PDF edition ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(bundled, shared_pdf) -> PdfReader:
    html = render_print_html(bundled, REPO_ROOT, site_url="https://example.org/")
    return PdfReader(shared_pdf(html, REPO_ROOT))


def _guide_pages(pdf: PdfReader) -> list[int]:
    """The pages of the reading guide: from its bookmark to the next top-level one."""
    top = [
        (pdf.get_destination_page_number(o), o.title)
        for o in pdf.outline
        if not isinstance(o, list)
    ]
    start = next(n for n, title in top if title == "Leeswijzer")
    end = min(n for n, _ in top if n > start)
    return list(range(start, end))


def _positioned_text(page) -> list[tuple[float, float, str]]:
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def _matrix(pdf: PdfReader, pages: list[int]) -> dict[str, list[str]]:
    """The overview table, read from its links: a row is the link to a route's list; its cells
    are links to fiches whose printed number is the step."""
    rows: dict[str, list[str]] = {}
    for index in pages:
        page = pdf.pages[index]
        texts = _positioned_text(page)
        links = [
            (str(value(a, "/Dest", "")), [float(v) for v in a["/Rect"]])
            for a in page_annotations(page)
        ]
        for dest, (_, top, _, bottom) in links:
            if not dest.startswith("route-"):
                continue
            numbered = {}
            for target, (x0, y0, x1, y1) in links:
                if target.startswith("page-") and abs(y0 - top) < 1 and abs(y1 - bottom) < 1:
                    inside = [
                        t
                        for x, y, t in texts
                        if x0 - 1 <= x <= x1 + 1
                        and min(y0, y1) <= y <= max(y0, y1)
                        and t.isdigit()  # the route map's letters may be drawn near by
                    ]
                    assert len(inside) == 1, (dest, target, inside)
                    numbered[int(inside[0])] = target.removeprefix("page-")
            rows[dest.removeprefix("route-")] = [numbered[n] for n in sorted(numbered)]
    return rows


@pytest.mark.pdf
def test_the_pdf_guides_table_shows_each_readers_route(guide, edition):
    slugs = {r.slug: r.key for r in guide.reader_routes()}
    rows = _matrix(edition, _guide_pages(edition))
    assert {slugs[s]: targets for s, targets in rows.items() if targets} == _expected(guide)


def _route_lists(text: str, doc: PrintDocument) -> dict[str, list[str]]:
    """Each route's list, read from the text: the fiche labels under the reader's heading, in
    the order they are printed."""
    flat = re.sub(r"‐\n", "", text)  # a word hyphenated at a line end
    flat = " ".join(flat.split())
    labels = {pid: doc.label(page) for pid, page in doc.catalog.pages.items()}
    found: dict[str, list[str]] = {}
    # A reader's name stands in the table's row, then as the heading of the list: the last one.
    headings = [(flat.rfind(f"{doc.reader_label(r)} "), r) for r in doc.routes]
    headings = sorted((at, r) for at, r in headings if at >= 0)
    for (start, route), (end, _) in zip(headings, [*headings[1:], (len(flat), None)], strict=True):
        block = flat[start:end]
        block = block[: block.find("Sluit af met")] if "Sluit af met" in block else block
        at = {pid: block.find(f"{label} — ") for pid, label in labels.items()}
        found[route.key] = [pid for pid, n in sorted(at.items(), key=lambda kv: kv[1]) if n >= 0]
    return found


@pytest.mark.pdf
def test_the_pdf_guides_lists_show_each_readers_route(bundled, guide, edition):
    doc = PrintDocument(bundled, REPO_ROOT)
    text = "\n".join(edition.pages[i].extract_text() for i in _guide_pages(edition))
    assert _route_lists(text, doc) == _expected(guide)


# -- the booklets ------------------------------------------------------------------------------


@pytest.mark.pdf
def test_each_booklet_prints_its_readers_route_in_order(bundled, guide, booklet_pdf):
    fiche_labels = {f"{p.letter}. {p.title}": p.id for p in bundled.fiches() if p.kind == "fiche"}
    for route in guide.reader_routes():
        if not route.stops:
            continue
        pdf = PdfReader(booklet_pdf(route.key))
        doc = PrintDocument(bundled, REPO_ROOT, reader=route.key)
        # The fiches, in the order of their bookmarks (and so of their pages).
        order = [fiche_labels[t] for _, t in outline_entries(pdf) if t in fiche_labels]
        expected = [t for t in route.targets if bundled.pages[t].kind == "fiche"]
        assert order == expected, route.key
        # The cover names the reader, experience included.
        assert f"Boekje voor: {doc.reader_label()}" in pdf.pages[0].extract_text()
        # The guide shows only this route, as table row and as list.
        pages = _guide_pages(pdf)
        assert _matrix(pdf, pages) == {route.slug: route.targets}
        text = "\n".join(pdf.pages[i].extract_text() for i in pages)
        assert _route_lists(text, doc) == {route.key: route.targets}
        # Each fiche says where it lies on the route: "Stap n van m".
        starts = {
            fiche_labels[o.title]: pdf.get_destination_page_number(o)
            for o in _flatten(pdf.outline)
            if o.title in fiche_labels
        }
        for target in expected:
            first_page = " ".join(pdf.pages[starts[target]].extract_text().split())
            assert f"Stap {route.step(target)} van {len(route.stops)} van je route" in first_page


def _flatten(outline) -> list:
    flat = []
    for entry in outline:
        flat.extend(_flatten(entry) if isinstance(entry, list) else [entry])
    return flat


def test_a_booklets_map_draws_its_own_line_strong_and_the_others_dimmed(bundled, guide):
    for route in guide.reader_routes():
        doc = PrintDocument(bundled, REPO_ROOT, reader=route.key)
        svg = ET.fromstring(doc.route_map().svg)
        lines = [g for g in svg.findall(f"{SVG}g") if g.find(f"{SVG}line") is not None]
        strong = [g for g in lines if g.get("opacity") is None]
        assert len(strong) == 1 and len(lines) == len(guide.reader_routes())
        letters = ["".join(t.itertext()).strip() for t in strong[0].iter(f"{SVG}text")][1:]
        assert letters == [bundled.pages[t].letter for t in route.targets], route.key


def test_an_unknown_reader_is_refused(bundled):
    with pytest.raises(ValueError, match="no reader route 'lokaal-bestuur'"):
        PrintDocument(bundled, REPO_ROOT, reader="lokaal-bestuur")


def test_a_changed_route_changes_every_output(bundled, site_files):
    """The outputs read the model: reversing one role's route reverses it everywhere."""
    guide = bundled.reading_guide
    role = guide.axis("role")[0]
    routes = [
        replace(r, stops=list(reversed(r.stops))) if r.reader_type == role else r
        for r in guide.routes
    ]
    changed = replace(bundled, reading_guide=replace(guide, routes=routes))
    site = SiteRenderer(changed, REPO_ROOT)
    text = site._render("reading-guide.md.j2", "leeswijzer.md").text
    assert text != site_files["leeswijzer.md"]
    for route in changed.reading_guide.reader_routes():
        section = re.search(
            rf'<section class="zb-route" [^>]*data-route="{route.key}">(.*?)</section>', text, re.S
        ).group(1)
        ids = _page_ids(site, changed, "leeswijzer.md")
        shown = [ids[unescape(h)] for h in re.findall(r'<li><a href="([^"]+)">', section)]
        assert shown == route.targets
