"""The print HTML of the edition (or of one reader's booklet), from the shared model.

The PDF has its own templates and stylesheet (templates/pdf/); it shares the model, the Markdown
conversion and the citation handling with the site, not the theme's HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..catalog.citation_syntax import CITATION
from ..catalog.model import (
    Catalog,
    Correction,
    Page,
    Publisher,
    ReaderRoute,
    Reference,
    Tool,
    ToolboxWords,
    in_sentence,
)
from ..settings import page_url
from ..views import account
from ..views.catalogue import CatalogueView, TableSection
from ..views.citations import display_year, replace_citations, short_citation
from ..views.figures import expand_figures
from ..views.figures.route_map import route_map
from ..views.paths import page_label, page_path
from ..views.routes import RouteStep, route_steps
from ..views.templating import make_environment, number_word
from .addresses import full_address, qr_code, short_address
from .markdown import MarkdownConverter

TABLE = re.compile(r"<table>.*?</table>", re.S)
EMPTY_TABLE_HEAD = re.compile(r"<thead>\s*<tr>\s*(?:<th[^>]*>\s*</th>\s*)+</tr>\s*</thead>")
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)


def _list_without_header(match: re.Match[str]) -> str:
    """A Markdown table needs a header row; a list laid out as a table leaves it empty. Printed
    that is an empty bar, and tagged a table whose columns mean nothing: print it as the list it
    is, in as many printed columns."""
    table = match.group(0)
    if not EMPTY_TABLE_HEAD.search(table):
        return table
    rows = [CELL.findall(row) for row in ROW.findall(table)]
    width = max((len(r) for r in rows), default=0)
    # Column by column: the list flows down the first printed column, then the next.
    items = [r[c].strip() for c in range(width) for r in rows if c < len(r) and r[c].strip()]
    return '<ul class="table-list">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


DEFAULT_COLOUR = "#00584d"  # without a publisher identity in content/edition.yaml


@dataclass(frozen=True)
class IndexEntry:
    tool: Tool
    places: list[tuple[Page, str]]  # (fiche, anchor of the tool's row there)


def row_anchor(tool_id: str, page_id: str) -> str:
    return f"tool-{tool_id}--{page_id}"


class PrintDocument:
    """Everything the print template needs; ``reader`` ('role/experience') limits it to the
    booklet of that reader's route."""

    def __init__(
        self,
        catalog: Catalog,
        root: Path | None,
        *,
        reader: str | None = None,
        site_url: str | None = None,
    ):
        self.catalog = catalog
        self.root = root
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.env = make_environment(root, "pdf")
        self.markdown = MarkdownConverter(catalog.settings)
        self.view = CatalogueView(catalog, root)  # what the site shows too: tables, labels
        self.references = catalog.references or {}
        self.guide = catalog.reading_guide
        self.figures = catalog.figures
        self.routes: list[ReaderRoute] = self.guide.reader_routes() if self.guide else []
        self.route = next((r for r in self.routes if r.key == reader), None) if reader else None
        if reader is not None and self.route is None:
            raise ValueError(f"no reader route {reader!r}")
        self.reader = reader
        all_pages = catalog.fiches()
        if self.route is None:
            self.pages = all_pages
        else:
            # Part 1 for everyone, then the fiches in the order of the reader's route.
            chapters = [p for p in all_pages if p.kind == "chapter"]
            fiches = [catalog.pages[t] for t in self.route.targets if t in catalog.pages]
            self.pages = chapters + [p for p in fiches if p.kind == "fiche"]
        self.page_ids = {p.id for p in self.pages}
        self._cited_keys: set[str] | None = None

    # -- helpers for the template ------------------------------------------------------------

    def intro(self) -> Page | None:
        return next((p for p in self.catalog.pages.values() if p.kind == "intro"), None)

    def edition_label(self) -> str:
        return self.catalog.edition.label_in_sentence if self.catalog.edition else ""

    @property
    def toolbox_name(self) -> str:
        return self.view.toolbox_name

    @property
    def words(self) -> ToolboxWords:
        return self.view.words

    def description(self) -> str:
        """The PDF's description: the toolbox's name and edition, then what it offers."""
        description = self.catalog.settings.site_description
        head = f"{self.toolbox_name}, editie {self.edition_label()}"
        return f"{head}: {in_sentence(description)}" if description else head

    def running_header(self) -> Markup:
        """The toolbox's name as a CSS string for the running header (inside <style>, where
        HTML escapes are not read)."""
        text = " ".join(self.toolbox_name.split())
        for char, escaped in (("\\", "\\5c "), ('"', "\\22 "), ("<", "\\3c "), (">", "\\3e ")):
            text = text.replace(char, escaped)
        return Markup(f'"{text}"')

    def publisher(self) -> Publisher | None:
        return self.catalog.edition.publisher if self.catalog.edition else None

    def colour(self, page: Page | None = None) -> str:
        publisher = self.publisher()
        colour = publisher.cluster_colour(page.cluster if page else None) if publisher else None
        return colour or DEFAULT_COLOUR

    def logo(self) -> str | None:
        """The publisher's logo as a path inside the project (the PDF's base is the root)."""
        publisher = self.publisher()
        if publisher and publisher.logo and self.root and (self.root / publisher.logo).is_file():
            return publisher.logo
        return None

    def cluster_label(self, cluster: str) -> str:
        return self.view.cluster_name(cluster)

    def address(self, url: str) -> Markup:
        return short_address(url)

    def whole_address(self, url: str) -> Markup:
        return full_address(url)

    def qr(self, page: Page) -> Markup | None:
        url = self.web_url(page)
        if not url:
            return None
        return qr_code(url, f"QR-code naar de webpagina van {page_label(page)}")

    def chapters(self) -> list[Page]:
        return [p for p in self.pages if p.kind == "chapter"]

    def fiches(self) -> list[Page]:
        return [p for p in self.pages if p.kind == "fiche"]

    def label(self, page: Page) -> str:
        return page_label(page)

    def body(self, page: Page) -> Markup:
        def cite(key: str, text: str) -> str:
            label = escape(f"Bron: {text}")
            return f'<a class="cite" href="#ref-{key}" title="{label}">({escape(text)})</a>'

        prose = replace_citations(page.body, self.references, cite)
        html = expand_figures(
            prose,
            self.figures,
            lambda part: self.markdown.convert(part, id_prefix=page.id, shift_headings=1),
        )
        return Markup(TABLE.sub(_list_without_header, html))

    def sections(self, page: Page) -> list[TableSection]:
        return self.view.table_sections(page)

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
        return self.view.org_name(org_id)

    def vocabulary(self, name: str) -> dict[str, str]:
        return self.view.vocabulary(name)

    def reader_type_label(self, reader_type: str) -> str:
        return self.view.reader_type_label(reader_type)

    def tool_index(self) -> list[IndexEntry]:
        entries = []
        for tool in self.view.sorted_tools():
            places = [
                (self.catalog.pages[p.fiche], row_anchor(tool.id, p.fiche))
                for p in tool.placements
                if p.fiche in self.page_ids
            ]
            if places:
                entries.append(IndexEntry(tool, places))
        return entries

    def guide_routes(self) -> list[ReaderRoute]:
        """The routes this document shows: every reader's, or only the booklet's own."""
        return [self.route] if self.route else self.routes

    def reader_label(self, route: ReaderRoute | None = None) -> str:
        """'Lokaal bestuur, startend': the reader of ``route`` (default: this booklet's)."""
        route = route or self.route
        if route is None:
            return ""
        experience = self.reader_type_label(route.experience).lower()
        return f"{self.reader_type_label(route.role)}, {experience}"

    def route_step(self, page: Page) -> RouteStep | None:
        """In a booklet: where ``page`` lies on its route ("Stap 2 van 4"), and what follows."""
        if self.route is None:
            return None
        return next(iter(route_steps([self.route], page.id)), None)

    def end_page(self) -> Page | None:
        end = self.guide.end if self.guide else None
        return self.catalog.pages.get(end) if end else None

    def route_map(self) -> Any:
        """The reading guide's route map (the site's drawing); links are laid over its stops."""
        if not self.guide:
            return None
        pages = self.catalog.pages
        highlight = [self.route.key] if self.route else []
        return route_map(self.guide, pages, lambda t: t, interactive=False, highlight=highlight)

    def cited_references(self) -> list[Any]:
        """The references cited in this document (a booklet lists only its own), in the
        bibliography's order."""
        keys: set[str] = set()
        pages = list(self.pages)
        intro = self.intro()
        if intro:
            pages.append(intro)
        for page in pages:
            for match in CITATION.finditer(page.body):
                keys.add(match.group(1))
            for section in self.sections(page):
                for row in section.rows:
                    keys.update(row.tool.references)
        if self.catalog.edition:
            report = self.catalog.edition.colophon.get("report_reference")
            if isinstance(report, str):
                keys.add(report)
        return [ref for key, ref in self.references.items() if key in keys]

    def year(self, reference: Reference) -> str:
        return display_year(reference)

    # -- the account (Verantwoording) ----------------------------------------------------------

    def has_account(self) -> bool:
        """The edition accounts for itself when it has a corrections log; a reader's booklet
        leaves the chapter to the edition."""
        return bool(self.catalog.corrections) and self.reader is None

    def corrections_by_edition(self) -> list[tuple[str, list[Correction]]]:
        return account.corrections_by_edition(self.view)

    def edition_name(self, edition_id: str) -> str:
        return self.view.edition_name(edition_id)

    def correction_record(self, entry: Correction) -> str:
        return account.correction_record(self.view, entry)

    def correction_value(self, entry: Correction) -> str:
        return account.correction_value(self.view, entry)

    def correction_anchor(self, entry: Correction) -> str | None:
        """Where this document shows the entry's record (None when it does not)."""
        if entry.record_kind == "page" and entry.record_id in self.page_ids:
            return f"page-{entry.record_id}"
        if entry.record_kind == "tool" and entry.record_id in self.catalog.tools:
            tool = self.catalog.tools[entry.record_id]
            fiche = next((p.fiche for p in tool.placements if p.fiche in self.page_ids), None)
            return row_anchor(tool.id, fiche) if fiche else None
        if entry.record_kind == "reference":
            if self._cited_keys is None:
                self._cited_keys = {ref.key for ref in self.cited_references()}
            if entry.record_id in self._cited_keys:
                return f"ref-{entry.record_id}"
        return None

    def additions(self) -> list[str]:
        """What this edition adds to the 2024 toolbox, said only where the data holds it."""
        added = []
        fiches = self.view.thematic_fiches()
        summarised = [p for p in fiches if p.summary]
        if fiches and len(summarised) == len(fiches):
            added.append("een korte samenvatting bij het begin van elke fiche")
        elif summarised:
            count = number_word(len(summarised)).lower()
            added.append(f"een korte samenvatting bij het begin van {count} fiches")
        if any(route.stops for route in self.routes):
            added.append(
                "een routekaart in de leeswijzer: per lezer een route langs de fiches,"
                " met bij elke halte waarom"
            )
        if self.catalog.worksheet:
            added.append(f"het invulbare werkblad “{self.catalog.worksheet.title}”")
        if self.tool_index():
            added.append("een alfabetische index van de tools, met de fiches waar ze staan")
        return added


def render_print_html(
    catalog: Catalog, root: Path | None, *, reader: str | None = None, site_url: str | None = None
) -> str:
    document = PrintDocument(catalog, root, reader=reader, site_url=site_url)
    template = document.env.get_template("edition.html.j2")
    return template.render(
        doc=document, catalog=catalog, edition=catalog.edition, row_anchor=row_anchor
    )
