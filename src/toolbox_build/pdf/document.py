"""The print HTML of the edition (or of one reader's booklet), from the shared model.

The PDF has its own templates and stylesheet (templates/pdf/); it shares the model, the Markdown
conversion and the citation handling with the site, not the theme's HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..catalog.model import Catalog, Page, Tool
from ..citations import replace_citations, short_citation
from ..figures import expand_figures, load_figures
from ..markdown_html import MarkdownConverter
from ..site.pages import TableSection, page_label, page_path
from ..site.routes import combined_routes
from ..templating import make_environment, page_url


@dataclass(frozen=True)
class IndexEntry:
    tool: Tool
    places: list[tuple[Page, str]]  # (fiche, anchor of the tool's row there)


def row_anchor(tool_id: str, page_id: str) -> str:
    return f"tool-{tool_id}--{page_id}"


class PrintDocument:
    """Everything the print template needs; ``reader`` limits it to one role's booklet."""

    def __init__(
        self,
        catalog: Catalog,
        root: Path | None,
        *,
        reader: str | None = None,
        site_url: str | None = None,
    ):
        from ..site.pages import SiteRenderer

        self.catalog = catalog
        self.root = root
        self.reader = reader
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.env = make_environment(root, "pdf")
        self.markdown = MarkdownConverter(root)
        self.site = SiteRenderer(catalog, root)  # shared helpers: table sections, labels
        self.references = catalog.references or {}
        self.guide = catalog.reading_guide
        self.figures = load_figures(root)[0] if root else {}
        all_pages = catalog.fiches()
        if reader is None:
            self.pages = all_pages
        else:
            route = (
                next(r for r in self.guide.routes if r.reader_type == reader)
                if self.guide
                else None
            )
            wanted = {s.target for s in route.stops} if route else set()
            self.pages = [p for p in all_pages if p.kind == "chapter" or p.id in wanted]
        self.page_ids = {p.id for p in self.pages}

    # -- helpers for the template ------------------------------------------------------------

    def chapters(self) -> list[Page]:
        return [p for p in self.pages if p.kind == "chapter"]

    def fiches(self) -> list[Page]:
        return [p for p in self.pages if p.kind == "fiche"]

    def label(self, page: Page) -> str:
        return page_label(page)

    def body(self, page: Page) -> Markup:
        def cite(key: str, text: str) -> str:
            return f'<a class="cite" href="#ref-{key}">({escape(text)})</a>'

        prose = replace_citations(page.body, self.references, cite)
        return Markup(
            expand_figures(
                prose,
                self.figures,
                lambda part: self.markdown.convert(part, id_prefix=page.id, shift_headings=1),
            )
        )

    def sections(self, page: Page) -> list[TableSection]:
        return self.site.table_sections(page)

    def in_booklet(self, page_id: str) -> bool:
        return page_id in self.page_ids

    def web_url(self, page: Page) -> str | None:
        if not self.site_url:
            return None
        return self.site_url + page_url(page_path(page), True)

    def citation(self, key: str) -> str:
        ref = self.references.get(key)
        return short_citation(ref) if ref else key

    def org_name(self, org_id: str) -> str:
        return self.site.org_name(org_id)

    def vocabulary(self, name: str) -> dict[str, str]:
        return self.site.vocabulary(name)

    def reader_type_label(self, reader_type: str) -> str:
        return self.site.reader_type_label(reader_type)

    def tool_index(self) -> list[IndexEntry]:
        entries = []
        for tool in self.site.sorted_tools():
            places = [
                (self.catalog.pages[p.fiche], row_anchor(tool.id, p.fiche))
                for p in tool.placements
                if p.fiche in self.page_ids
            ]
            if places:
                entries.append(IndexEntry(tool, places))
        return entries

    def guide_matrix(self) -> list[dict[str, Any]]:
        """Rows of the reading-guide overview: reader type, and per fiche its stop number."""
        if not self.guide:
            return []
        rows = []
        for route in self.guide.routes:
            if self.reader and route.reader_type != self.reader:
                continue
            numbers = {stop.target: n for n, stop in enumerate(route.stops, start=1)}
            rows.append({"reader_type": route.reader_type, "numbers": numbers, "route": route})
        return rows

    def route_map(self) -> Any:
        """The reading guide's route map (the site's drawing); links are laid over its stops."""
        from ..figures.route_map import route_map

        if not self.guide:
            return None
        pages = self.catalog.pages
        highlight = [self.reader] if self.reader else []
        return route_map(self.guide, pages, lambda t: t, interactive=False, highlight=highlight)

    def combined_routes(self) -> list[Any]:
        return combined_routes(self.guide) if self.guide else []

    def cited_references(self) -> list[Any]:
        return list(self.references.values())


def render_print_html(
    catalog: Catalog, root: Path | None, *, reader: str | None = None, site_url: str | None = None
) -> str:
    document = PrintDocument(catalog, root, reader=reader, site_url=site_url)
    template = document.env.get_template("edition.html.j2")
    return template.render(
        doc=document, catalog=catalog, edition=catalog.edition, row_anchor=row_anchor
    )
