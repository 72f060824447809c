"""The reading guide as a route map: one generator for the website and the PDF edition.

Every route of the guide (role × experience) is a line, like a metro line: it leaves from the
shared start (Part 1, for everyone), passes its fiches as stops in route order and ends at the
reflection chapter. The map is inline SVG with a title and a description; on the site every stop
is a link with an accessible name, in the PDF (where WeasyPrint does not turn SVG links into
annotations) the caller lays HTML links over the stops, using the ``hotspots``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...catalog.model import Page, ReadingGuide
from .svg import el, root_svg, serialize, text_block, wrap

# Line colours per role, in the order of the reading guide; dark enough for 4.5:1 on white.
PALETTE = ("#1f5f99", "#a83220", "#2b6e2f", "#6f3a96", "#8a4b00", "#00695c", "#4e342e")
ROW = 46.0  # vertical distance between lines
GROUP_GAP = 14.0  # extra space between the lines of two roles
STEP = 44.0  # horizontal distance between stops
RADIUS = 13.0
LABEL_COLUMN = 170.0
HUB_X = LABEL_COLUMN + 22.0
TOP = 46.0


@dataclass(frozen=True)
class Hotspot:
    """A clickable area of the map, in SVG units (= CSS px at the drawn size)."""

    x: float
    y: float
    width: float
    height: float
    target: str
    label: str


@dataclass(frozen=True)
class RouteMap:
    svg: str
    width: float
    height: float
    hotspots: list[Hotspot]


def _page_label(page: Page) -> str:
    return f"{page.letter}. {page.title}" if page.letter else page.title


def _ends(guide: ReadingGuide, pages: dict[str, Page]) -> tuple[Page | None, Page | None]:
    """The shared start (Part 1's first chapter) and end (Part 1's last: reflection)."""
    stops = [s.target for s in guide.everyone.stops] if guide.everyone else []
    stops = [s for s in stops if s in pages]
    if not stops:
        return None, None
    return pages[stops[0]], pages[stops[-1]] if len(stops) > 1 else None


def route_map(
    guide: ReadingGuide,
    pages: dict[str, Page],
    href: Callable[[str], str | None],
    *,
    interactive: bool = True,
    highlight: Iterable[str] = (),
    id_prefix: str = "zb-map",
) -> RouteMap:
    """Draw the map. ``href`` gives the link for a page id (None: no link).

    ``interactive`` (site): stops are SVG links and the lines carry ``data-route`` for the
    reader-role script. Otherwise (PDF): no SVG links, ``role="img"``, and the lines whose route
    key ('role/experience') is in ``highlight`` stay strong while the others are dimmed.
    """
    routes = guide.reader_routes()
    roles = [rt for rt in guide.reader_types.values() if rt.axis == "role"]
    labels = {rt.id: rt.label for rt in guide.reader_types.values()}
    start, end = _ends(guide, pages)
    lines = [(r, [t for t in r.targets if t in pages]) for r in routes]
    longest = max((len(stops) for _, stops in lines), default=0)
    end_x = HUB_X + STEP * (longest + 1)
    width = end_x + 48.0
    role_rows: dict[str, list[int]] = {}
    for n, (route, _) in enumerate(lines):
        role_rows.setdefault(route.role, []).append(n)
    ys: list[float] = []
    y = TOP + RADIUS + 8
    previous_role = None
    for route, _ in lines:
        if previous_role is not None and route.role != previous_role:
            y += GROUP_GAP
        ys.append(y)
        y += ROW
        previous_role = route.role
    height = (ys[-1] if ys else TOP) + RADIUS + 22.0

    title = "Leeswijzer als routekaart"
    desc = (
        "Elke lijn is de route van één lezer: een rol en een ervaring. Alle lijnen vertrekken bij "
        "deel 1, dat voor iedereen is, en passeren de fiches als haltes in de volgorde van de "
        "route"
        + (f"; ze eindigen bij ‘{end.title}’. " if end else ". ")
        + " ".join(
            f"{labels.get(r.role, r.role)}, {labels.get(r.experience, r.experience).lower()}: "
            + ", ".join(pages[t].letter or pages[t].title for t in stops)
            + "."
            for r, stops in lines
        )
    )
    attrs = (
        {
            "role": "group",
            "aria_labelledby": f"{id_prefix}-title",
            "aria_describedby": f"{id_prefix}-desc",
            "class_": "zb-route-map",
        }
        if interactive
        else {"role": "img", "class_": "route-map"}
    )
    if not interactive:
        title = f"{title}. {desc}"  # WeasyPrint makes the title the PDF's /Alt
    svg = root_svg(width, height, title=title, desc=desc, **attrs)
    hotspots: list[Hotspot] = []
    chosen = set(highlight)

    def link(parent: ET.Element, target: str, label: str) -> ET.Element:
        url = href(target)
        if interactive and url is not None:
            node = el(parent, "a", href=url, aria_label=label)
            el(node, "title", label)
            return node
        return el(parent, "g")

    for role_index, role in enumerate(roles):
        rows = role_rows.get(role.id, [])
        if not rows:
            continue
        colour = PALETTE[role_index % len(PALETTE)]
        middle = (ys[rows[0]] + ys[rows[-1]]) / 2
        text_block(
            svg,
            wrap(role.label, 13, 96, 3),
            6,
            middle,
            13,
            anchor="start",
            weight="bold",
            fill=colour,
        )
        for n in rows:
            route, stops = lines[n]
            y = ys[n]
            strong = interactive or not chosen or route.key in chosen
            group = el(
                svg,
                "g",
                class_="zb-line" if interactive else None,
                data_route=route.key if interactive else None,
                opacity=None if strong else 0.3,
            )
            text_block(
                group,
                [labels.get(route.experience, route.experience).lower()],
                HUB_X - 18,
                y,
                11,
                anchor="end",
            )
            last_x = HUB_X + STEP * len(stops)
            el(
                group,
                "line",
                x1=HUB_X,
                y1=y,
                x2=end_x if end else last_x,
                y2=y,
                stroke=colour,
                stroke_width=6,
                stroke_linecap="round",
            )
            experience = labels.get(route.experience, route.experience).lower()
            reader = f"{labels.get(route.role, route.role)}, {experience}"
            for k, target in enumerate(stops, start=1):
                page = pages[target]
                x = HUB_X + STEP * k
                label = f"{reader}, stap {k} van {len(stops)}: {_page_label(page)}"
                node = link(group, target, label)
                el(
                    node,
                    "circle",
                    cx=x,
                    cy=y,
                    r=RADIUS,
                    fill="#ffffff",
                    stroke=colour,
                    stroke_width=4,
                )
                text_block(node, [page.letter or "•"], x, y, 13, weight="bold")
                hotspots.append(
                    Hotspot(
                        x - RADIUS - 2,
                        y - RADIUS - 2,
                        2 * RADIUS + 4,
                        2 * RADIUS + 4,
                        target,
                        label,
                    )
                )
    # Column heads and the shared start and end, drawn over the line ends as interchanges.
    top_y = ys[0] - RADIUS - 6 if ys else TOP
    bottom_y = ys[-1] + RADIUS + 6 if ys else TOP
    for page, x, head in ((start, HUB_X, "Deel 1"), (end, end_x, None)):
        if page is None:
            continue
        caption = head or page.title
        text_block(svg, wrap(caption, 11, 90, 2), x, 16, 11, weight="bold")
        label = f"{'Start voor iedereen' if head else 'Einde van elke route'}: {page.title}"
        node = link(svg, page.id, label)
        el(
            node,
            "rect",
            x=x - 12,
            y=top_y,
            width=24,
            height=bottom_y - top_y,
            rx=12,
            fill="#ffffff",
            stroke="#333333",
            stroke_width=3,
        )
        hotspots.append(Hotspot(x - 12, top_y, 24, bottom_y - top_y, page.id, label))
    text_block(svg, ["Haltes in volgorde van je route"], (HUB_X + end_x) / 2, 16, 11)

    return RouteMap(serialize(svg), width, height, hotspots)
