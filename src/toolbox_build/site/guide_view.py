"""The reading guide as the site's templates show it: the route map, steps, marks, booklets."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..catalog.model import Page, ReaderRoute, ReadingGuide
from ..views.figures.route_map import route_map
from ..views.routes import RouteStep, mostly_for, relevance_marks, route_steps


class GuideView:
    """What the site's templates show of the reading guide: the map, steps, marks, booklets."""

    def __init__(self, site: Any):
        self.site = site
        self.catalog = site.catalog
        self.guide: ReadingGuide | None = site.catalog.reading_guide
        self.routes: list[ReaderRoute] = self.guide.reader_routes() if self.guide else []
        self.booklets: dict[str, str] = {}  # route key ('role/experience') -> docs path of its PDF

    def ids(self, axis: str) -> str:
        if not self.guide:
            return ""
        return " ".join(rt.id for rt in self.guide.reader_types.values() if rt.axis == axis)

    def map_html(self, current: str) -> Markup:
        """The route map as an HTML figure for the page ``current`` (links relative to it)."""
        if not self.guide or not self.routes:
            return Markup("")
        pages = self.catalog.pages
        drawing = route_map(
            self.guide,
            pages,
            lambda target: self.site.page_link(target, current) if target in pages else None,
            id_prefix="zb-map-" + current.replace("/", "-").replace(".md", ""),
        )
        caption = escape(
            "De leeswijzer als routekaart: elke lijn is een lezer, elke halte een fiche."
        )
        # On a phone the map is too small to read: the stylesheet shows this link in its place
        # (the reading guide lists the routes below it) and, once the link is followed, the map
        # at full size, scrolling sideways.
        figure_id = "zb-map-" + current.replace("/", "-").replace(".md", "") + "-figuur"
        return Markup(
            f'<p class="zb-route-map-open" data-pagefind-ignore="all"><a href="#{figure_id}">'
            "Bekijk de volledige routekaart</a></p>\n"
            f'<figure class="zb-route-map-figure" id="{figure_id}" data-pagefind-ignore="all" '
            f'data-zb-roles="{escape(self.ids("role"))}" '
            f'data-zb-levels="{escape(self.ids("experience"))}">\n{drawing.svg}\n'
            f"<figcaption>{caption}</figcaption>\n</figure>"
        )

    def steps(self, page_id: str) -> list[RouteStep]:
        return route_steps(self.routes, page_id)

    def _rows(self, page: Page) -> list[Any]:
        return self.site.tools_by_page.get(page.id, [])

    def _roles(self) -> list[str]:
        return self.ids("role").split()

    def marks(self, page: Page) -> dict[str, str]:
        """Tool id -> the roles its row on ``page`` is marked for (space separated)."""
        rows = self._rows(page)
        marked = relevance_marks([list(r.tool.reader_types) for r in rows], self._roles())
        return {r.tool.id: " ".join(m) for r, m in zip(rows, marked, strict=True)}

    def mostly_for(self, page: Page) -> str:
        rows = [list(r.tool.reader_types) for r in self._rows(page)]
        return " ".join(mostly_for(rows, self._roles()))

    def booklet(self, route_key: str) -> str | None:
        return self.booklets.get(route_key)

    def end_page(self) -> Page | None:
        """Where every route ends: the last stop of the part everyone reads (the reflection)."""
        end = self.guide.end if self.guide else None
        return self.catalog.pages.get(end) if end else None
