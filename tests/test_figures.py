"""Figures drawn from data: the reading guide's route map and the redrawn figures of the toolbox,
on the site and in the PDF, with their validation, escaping, links and text alternatives."""

from __future__ import annotations

import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolbox_build.catalog.figures import SHORTCODE, Figure, load_figures
from toolbox_build.catalog.model import ReaderType, ReadingGuide
from toolbox_build.pdf.edition import build_pdf, pdf_file_name
from toolbox_build.settings import page_url
from toolbox_build.site.pages import SiteRenderer, page_path
from toolbox_build.validate import validate_project
from toolbox_build.views.figures import expand_figures, figure_html, figure_svg
from toolbox_build.views.figures.route_map import route_map
from toolbox_build.views.routes import mostly_for, relevance_marks, route_steps

from .conftest import FIXTURES, REPO_ROOT
from .pdf_structure import is_dictionary, kids_of, name_tree_keys, page_annotations, pdf_root, value

SVG = "{http://www.w3.org/2000/svg}"
SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture(scope="module")
def site_files(bundled) -> dict[str, str]:
    return {f.path: f.text for f in SiteRenderer(bundled, REPO_ROOT).render_all()}


def _svgs(text: str) -> list[ET.Element]:
    return [ET.fromstring(block) for block in SVG_BLOCK.findall(text)]


def _links(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}a"))


def _site_map(bundled, current: str = "leeswijzer.md"):
    site = SiteRenderer(bundled, REPO_ROOT)
    pages = bundled.pages
    return route_map(
        bundled.reading_guide, pages, lambda t: site.page_link(t, current), id_prefix="t"
    )


# -- the route map --------------------------------------------------------------------------


def test_route_map_is_well_formed_svg_with_title_and_description(bundled):
    drawing = _site_map(bundled)
    svg = ET.fromstring(drawing.svg)
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text == "Leeswijzer als routekaart"
    assert svg.get("aria-labelledby") == "t-title" and title.get("id") == "t-title"
    assert svg.get("aria-describedby") == "t-desc" and desc.get("id") == "t-desc"
    # The description names every line and its stops, so the drawing is readable as text.
    for route in bundled.reading_guide.reader_routes():
        role = bundled.reading_guide.reader_types[route.role].label
        assert f"{role}, " in desc.text


def test_every_line_is_drawn_with_its_stops_in_route_order(bundled):
    svg = ET.fromstring(_site_map(bundled).svg)
    lines = {g.get("data-route"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "zb-line"}
    routes = bundled.reading_guide.reader_routes()
    assert sorted(lines) == sorted(r.key for r in routes)
    end = bundled.reading_guide.everyone.stops[-1].target
    for route in routes:
        texts = [a.find(f"{SVG}text") for a in _links(lines[route.key])]
        letters = ["".join(t.itertext()).strip() for t in texts]
        expected = [bundled.pages[s.target].letter for s in route.stops if s.target != end]
        assert letters == expected


def test_every_stop_is_a_link_with_a_name_to_an_existing_page(bundled, site_files):
    svg = _svgs(site_files["leeswijzer.md"])[0]
    urls = {page_url(path, True) for path in site_files if path.endswith(".md")}
    links = _links(svg)
    assert len(links) >= sum(len(r.stops) for r in bundled.reading_guide.reader_routes())
    for link in links:
        target = posixpath.normpath(posixpath.join("leeswijzer", link.get("href"))) + "/"
        assert target in urls, link.get("href")
        name = link.get("aria-label")
        assert name and link.find(f"{SVG}title").text == name


def test_stop_names_say_reader_step_and_fiche(bundled):
    svg = ET.fromstring(_site_map(bundled).svg)
    route = bundled.reading_guide.reader_routes()[0]
    first = bundled.pages[route.stops[0].target]
    role = bundled.reading_guide.reader_types[route.role].label
    level = bundled.reading_guide.reader_types[route.experience].label.lower()
    end = bundled.reading_guide.everyone.stops[-1].target
    total = len([s for s in route.stops if s.target != end])
    names = [a.get("aria-label") for a in _links(svg)]
    assert f"{role}, {level}, stap 1 van {total}: {first.letter}. {first.title}" in names


def test_route_map_is_deterministic(bundled):
    first = _site_map(bundled)
    second = _site_map(bundled)
    assert first.svg.encode() == second.svg.encode()
    assert first.hotspots == second.hotspots


def test_hostile_labels_stay_text_in_the_route_map(bundled):
    hostile_role = '</svg><script>alert(1)</script> & "quotes"'
    hostile_title = "]]><img src=x onerror=alert(1)>"
    guide = bundled.reading_guide
    types = dict(guide.reader_types)
    types["regisseur"] = ReaderType("regisseur", hostile_role, "role")
    pages = dict(bundled.pages)
    pages["h-regie"] = replace(pages["h-regie"], title=hostile_title)
    hostile = ReadingGuide(
        guide.reconstructed, types, guide.routes, guide.origin, guide.everyone, guide.note
    )
    drawing = route_map(hostile, pages, lambda t: f"../{t}/?a=1&b=<2>")
    assert "<script" not in drawing.svg and "<img" not in drawing.svg
    svg = ET.fromstring(drawing.svg)  # still one well-formed drawing
    assert f"{hostile_role}, startend: " in svg.find(f"{SVG}desc").text
    names = [a.get("aria-label") for a in _links(svg)]
    assert any(hostile_title in n for n in names)
    assert {a.get("href") for a in _links(svg)} >= {"../h-regie/?a=1&b=<2>"}


def test_print_map_dims_lines_outside_the_booklet_and_has_no_svg_links(bundled):
    drawing = route_map(
        bundled.reading_guide,
        bundled.pages,
        lambda t: t,
        interactive=False,
        highlight=["medewerker/ervaren"],
    )
    svg = ET.fromstring(drawing.svg)
    assert svg.get("role") == "img" and not _links(svg)
    assert svg.find(f"{SVG}title").text.startswith("Leeswijzer als routekaart. Elke lijn")
    groups = [g for g in svg.findall(f"{SVG}g") if g.find(f"{SVG}line") is not None]
    dimmed = [g.get("opacity") == "0.3" for g in groups]
    routes = bundled.reading_guide.reader_routes()
    assert dimmed == [r.key != "medewerker/ervaren" for r in routes]
    assert dimmed.count(False) == 1
    stops = {h.target for h in drawing.hotspots}
    assert stops >= {s.target for r in routes for s in r.stops}


# -- the site pages -------------------------------------------------------------------------


def test_reading_guide_and_home_page_show_the_map(site_files):
    for path in ("leeswijzer.md", "index.md"):
        text = site_files[path]
        figure = re.search(
            r'<figure class="zb-route-map-figure" id="([^"]+)" data-pagefind-ignore="all"', text
        )
        assert figure
        # On a phone a link takes the map's place and opens it (tests/browser/test_route_map.py).
        assert f'<a href="#{figure.group(1)}">Bekijk de volledige routekaart</a>' in text
        svgs = [s for s in _svgs(text) if s.get("class") == "zb-route-map"]
        assert len(svgs) == 1
    # Markdown keeps the drawing as one HTML block: no blank line inside it.
    block = SVG_BLOCK.search(site_files["index.md"]).group(0)
    assert "\n\n" not in block


def test_each_fiche_shows_its_step_near_the_top(bundled, site_files):
    routes = bundled.reading_guide.reader_routes()
    for page in bundled.fiches():
        text = site_files[page_path(page)]
        steps = route_steps(routes, page.id)
        found = re.findall(
            r'<p class="zb-step" data-route="([^"]+)" hidden><strong>Stap (\d+) '
            r"van (\d+)</strong>",
            text,
        )
        assert found == [(s.key, str(s.number), str(s.total)) for s in steps]
        if steps:
            assert text.index('class="zb-step"') < text.index("zb-prose")


def test_the_last_stop_points_to_the_reflection(bundled, site_files):
    route = bundled.reading_guide.reader_routes()[0]
    last = bundled.pages[route.stops[-1].target]
    text = site_files[page_path(last)]
    step = re.search(rf'<p class="zb-step" data-route="{route.key}".*?</p>', text).group(0)
    assert (
        f"Stap {len(route.stops)} van {len(route.stops)}</strong> · dit is de laatste halte" in step
    )
    end = bundled.pages[bundled.reading_guide.everyone.stops[-1].target]
    assert f'Sluit af met <a href="../../deel-1/{end.id}/">{end.title}</a>' in step


def test_booklets_are_offered_next_to_each_route(bundled):
    site = SiteRenderer(bundled, REPO_ROOT)
    routes = bundled.reading_guide.reader_routes()
    site.guide_view.booklets = {r.key: f"downloads/{pdf_file_name(bundled, r.key)}" for r in routes}
    text = site._render("reading-guide.md.j2", "leeswijzer.md").text
    names = set()
    for route in routes:
        section = re.search(rf'id="route-{route.slug}".*?</section>', text, re.S)
        name = pdf_file_name(bundled, route.key)
        names.add(name)
        assert name.endswith(f"-{route.role}-{route.experience}.pdf")
        assert f'href="../downloads/{name}" download>Download het boekje voor' in section.group(0)
    assert len(names) == len(routes)  # one booklet per reader, not per role


def test_without_booklets_no_download_is_offered(site_files):
    assert "zb-booklet" not in site_files["leeswijzer.md"]


# -- relevance marks ------------------------------------------------------------------------


def test_marks_only_what_distinguishes():
    rows = [["medewerker"], ["medewerker", "regisseur"], ["medewerker"], ["organisatie"]]
    readers = ["regisseur", "medewerker", "organisatie"]
    # medewerker: 3 of 4 rows, so no row stands out; the others: 1 of 4 each.
    assert relevance_marks(rows, readers) == [[], ["regisseur"], [], ["organisatie"]]
    assert mostly_for(rows, readers) == ["medewerker"]
    # Exactly half still distinguishes.
    assert relevance_marks([["a"], ["b"]], ["a", "b"]) == [["a"], ["b"]]


def test_fiche_c_no_longer_marks_nearly_every_row(bundled, site_files):
    page = bundled.pages["c-bereiken-buurtbewoners"]
    text = site_files[page_path(page)]
    marks = re.findall(r'data-marked-for="([^"]*)"', text)
    rows = [t for t in bundled.tools.values() if any(p.fiche == page.id for p in t.placements)]
    assert len(marks) == len(rows)
    for reader in ("medewerker", "regisseur", "organisatie"):
        wanted = sum(reader in t.reader_types for t in rows)
        marked = sum(reader in m.split() for m in marks)
        assert marked == (wanted if 2 * wanted <= len(rows) else 0)
        assert 2 * marked <= len(rows)
    assert re.search(r'class="zb-mostly" data-mostly-for="[^"]*medewerker', text)


# -- redrawn figures ------------------------------------------------------------------------


def _project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    (root / "content" / "figures").mkdir()
    for name, fixture in files.items():
        shutil.copyfile(FIXTURES / "figures" / fixture, root / "content" / "figures" / name)
    return root


def test_bundled_figures_load_and_are_placed(bundled):
    figures, problems = load_figures(REPO_ROOT)
    assert problems == []
    placed = {m.group(1) for page in bundled.pages.values() for m in SHORTCODE.finditer(page.body)}
    assert placed == set(figures)


def test_figures_are_well_formed_with_a_text_alternative():
    figures, _ = load_figures(REPO_ROOT)
    for figure in figures.values():
        html = figure_html(figure)
        svg = ET.fromstring(SVG_BLOCK.search(html).group(0))
        assert svg.get("role") == "img"
        assert svg.find(f"{SVG}title").text == f"{figure.label}. {figure.alt}"
        assert svg.find(f"{SVG}desc").text == figure.alt
        drawn = " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))
        for item in figure.items + figure.checklist + figure.columns:  # drawn as text
            assert all(word in drawn for word in item.split())
        assert f"<figcaption>{figure.label}</figcaption>" in html


def test_figure_sits_between_prose_pieces_on_the_site(site_files):
    text = site_files["fiches/h-regie.md"]
    assert "[[figuur:" not in text
    figure = text.index('<figure class="zb-figure" id="figuur-competentieprofiel">')
    # The drawing is outside every sanitised prose region.
    before = text[:figure]
    assert before.count("<!-- zb-prose ") == before.count("<!-- /zb-prose ")
    assert "Figuur 8: Benodigde competenties binnen een zorgzame buurt" in text


def test_expand_figures_leaves_unknown_shortcodes_as_prose():
    figures = {"x": Figure("x", 1, "Stappen", "cycle", ["Een", "Twee"], "Twee stappen na elkaar.")}
    out = expand_figures(
        "Tekst\n\n[[figuur:x]]\n\n[[figuur:y]]\n", figures, lambda p: f"<P>{p}</P>"
    )
    assert out.startswith("<P>Tekst\n\n</P>\n\n<figure")
    assert out.endswith("<P>\n\n[[figuur:y]]\n</P>")


def test_validator_reports_figure_problems_word_for_word(tmp_path):
    root = _project_with(
        tmp_path,
        {
            "vier-stappen.yaml": "figure_id_mismatch.yaml",
            "figure-unknown-kind.yaml": "figure_unknown_kind.yaml",
        },
    )
    page = root / "content" / "part1" / "buurtanalyse.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[[figuur:bestaat-niet]]\n", "utf-8")
    lines = [p.format_text() for p in validate_project(root).problems if "figu" in p.code]
    line = page.read_text(encoding="utf-8").splitlines().index("[[figuur:bestaat-niet]]") + 1
    figures = root / "content" / "figures"
    assert lines == sorted(
        [
            f"{_shown(figures / 'figure-unknown-kind.yaml')}:4:7: fout [figure-schema] ongeldige "
            "waarde voor 'kind' — kies uit: cycle, hub, card",
            f"{_shown(figures / 'vier-stappen.yaml')}:1:5: fout [figure-id] id 'een-ander-id' "
            "verschilt van de bestandsnaam 'vier-stappen.yaml' — noem het bestand "
            "een-ander-id.yaml of pas het id aan",
            f"{_shown(page)}:{line}:1: fout [unknown-figure] onbekende figuur 'bestaat-niet' — "
            "bestaande figuren: (nog geen)",
        ]
    )


def _shown(path: Path) -> str:
    from toolbox_build.problems import display_path

    return display_path(path)


def test_hostile_figure_labels_stay_text(tmp_path):
    root = _project_with(tmp_path, {"figure-hostile-labels.yaml": "figure_hostile_labels.yaml"})
    figures, problems = load_figures(root)
    assert problems == []
    html = figure_html(figures["figure-hostile-labels"])
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    svg = ET.fromstring(SVG_BLOCK.search(html).group(0))
    drawn = " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))
    assert "Tom & Jerry <3" in drawn
    assert "&lt;/svg&gt;&lt;script&gt;" in html.split("<figcaption>")[1]


# -- the PDF --------------------------------------------------------------------------------


def _booklet_route(bundled):
    """The smallest booklet whose route passes fiche H (the competence profile)."""
    return min(
        (r for r in bundled.reading_guide.reader_routes() if "h-regie" in r.targets),
        key=lambda r: len(r.stops),
    )


def _booklet_reader(bundled) -> str:
    return _booklet_route(bundled).key


def _booklet_pages(bundled) -> list[str]:
    """Page ids of that booklet in document order: Part 1, then the route's fiches."""
    route = _booklet_route(bundled)
    chapters = [p.id for p in bundled.fiches() if p.kind == "chapter"]
    return chapters + [t for t in route.targets if bundled.pages[t].kind == "fiche"]


@pytest.fixture(scope="module")
def booklet(bundled, tmp_path_factory) -> PdfReader:
    out = tmp_path_factory.mktemp("booklet") / "booklet.pdf"
    build_pdf(bundled, REPO_ROOT, reader=_booklet_reader(bundled), output=out)
    return PdfReader(out)


def _figures(pdf: PdfReader) -> list[str]:
    found: list[str] = []

    def walk(node):
        if is_dictionary(node):
            if value(node, "/S") == "/Figure":
                found.append(str(value(node, "/Alt", "")))
            for kid in kids_of(node):
                walk(kid)

    walk(pdf_root(pdf)["/StructTreeRoot"])
    return found


@pytest.mark.pdf
def test_pdf_figures_carry_alt_text(bundled, booklet):
    alts = _figures(booklet)
    figures, _ = load_figures(REPO_ROOT)
    assert any(a.startswith("Leeswijzer als routekaart. Elke lijn") for a in alts)
    in_booklet = _booklet_pages(bundled)
    placed = {
        m.group(1): page.id
        for page in bundled.pages.values()
        for m in SHORTCODE.finditer(page.body)
    }
    expected = sorted(
        (f for f in figures.values() if placed[f.id] in in_booklet),
        key=lambda f: in_booklet.index(placed[f.id]),
    )
    assert any(placed[f.id] not in in_booklet for f in figures.values())  # the test selects
    assert [f"{f.label}. {f.alt}" for f in expected] == [a for a in alts if a.startswith("Figuur ")]


@pytest.mark.pdf
def test_pdf_route_map_stops_link_into_the_booklet(bundled, booklet):
    names = name_tree_keys(pdf_root(booklet)["/Names"]["/Dests"])
    pages = [
        p
        for p in booklet.pages
        if any(
            str(value(a, "/Dest", "")) == "page-wat-is-een-zorgzame-buurt"
            # the tall start station of the map
            and float(value(a["/Rect"], 1)) - float(value(a["/Rect"], 3)) > 100
            for a in page_annotations(p)
        )
    ]
    assert len(pages) == 1
    dests = [str(a["/Dest"]) for a in page_annotations(pages[0]) if "/Dest" in a]
    end = bundled.reading_guide.everyone.stops[-1].target
    assert f"page-{end}" in dests
    assert all(d in names for d in dests)
    # Only pages inside the booklet are linked from the map.
    drawing_targets = {d for d in dests if d.startswith("page-")}
    assert drawing_targets <= {f"page-{p}" for p in bundled.pages}


# -- the build makes the booklets ------------------------------------------------------------


@pytest.mark.pdf
def test_build_makes_each_readers_booklet_offers_it_and_reuses_it(site_project, run_cli):
    project = site_project
    catalog = validate_project(project).catalog
    routes = catalog.reading_guide.reader_routes()
    with_stops = {r.key for r in routes if r.stops}
    assert {r.key for r in routes} - with_stops  # a role without a route gets no booklet
    first = run_cli("build", str(project))
    assert first.exit_code == 0, first.err
    guide = (project / "site" / "leeswijzer" / "index.html").read_text(encoding="utf-8")
    for route in routes:
        name = pdf_file_name(catalog, route.key)
        made = project / "build" / "pdf" / name
        assert (f"PDF gemaakt: {made}" in first.lines) == (route.key in with_stops)
        assert (project / "site" / "downloads" / name).is_file() == (route.key in with_stops)
        assert (f'href="../downloads/{name}"' in guide) == (route.key in with_stops)
    second = run_cli("build", str(project))
    for key in with_stops:
        made = project / "build" / "pdf" / pdf_file_name(catalog, key)
        assert f"PDF hergebruikt (niets gewijzigd): {made}" in second.lines


# Labels measured as estimates per character, wider than DejaVu Sans draws any label of the bundled
# figures (bold at most 0.70 of the font size, regular 0.62): a label that fits here fits in print.
LABEL_SHARE = {"bold": 0.72, None: 0.64}
CAP_HEIGHT, DESCENT = 0.73, 0.24  # DejaVu Sans, as a share of the font size


def _label_boxes(svg: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each line of text with the box it is drawn in (left, top, right, bottom)."""
    boxes = []
    for text in svg.iter(f"{SVG}text"):
        size = float(text.get("font-size"))
        share = LABEL_SHARE[text.get("font-weight")]
        anchor = text.get("text-anchor", "start")
        for span in text.iter(f"{SVG}tspan"):
            x, y, width = float(span.get("x")), float(span.get("y")), len(span.text) * size * share
            left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
            boxes.append(
                (span.text, (left, y - CAP_HEIGHT * size, left + width, y + DESCENT * size))
            )
    return boxes


def _shapes(svg: ET.Element) -> list[tuple[float, float, float, float]]:
    rects = []
    for rect in svg.iter(f"{SVG}rect"):
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        rects.append((x, y, x + float(rect.get("width")), y + float(rect.get("height"))))
    return rects


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _within(inner, outer) -> bool:
    left, top, right, bottom = inner
    return outer[0] <= left and outer[1] <= top and right <= outer[2] and bottom <= outer[3]


def test_figure_labels_stay_inside_their_shapes():
    """No line of a figure's text crosses the edge of a box: a label lies wholly inside the boxes
    that hold it and clear of every other (the centre of a cycle between its steps, a box's label
    within the box), and inside the drawing."""
    figures, _ = load_figures(REPO_ROOT)
    assert figures
    crossing = []
    for figure in figures.values():
        svg = ET.fromstring(figure_svg(figure))
        _, _, width, height = (float(n) for n in svg.get("viewBox").split())
        canvas = (0.0, 0.0, width, height)
        shapes = _shapes(svg)
        for label, box in _label_boxes(svg):
            crosses = any(_overlap(box, shape) and not _within(box, shape) for shape in shapes)
            if crosses or not _within(box, canvas):
                crossing.append((figure.id, label))
    assert crossing == [], f"labels crossing a box's edge: {crossing}"
