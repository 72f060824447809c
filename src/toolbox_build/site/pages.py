"""Render every page of the site as Markdown for the site engine (MkDocs today, Zensical later).

Data from YAML goes through the templates' autoescape (HTML blocks) or the `md` filter (Markdown
text), so contributed text always shows as text. Prose from content/*.md is Markdown by design;
only its citations are rewritten into links to the bibliography.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..catalog.editions import Changes, RecordChange, edition_label, edition_pdfs, read_changes
from ..catalog.model import (
    Catalog,
    Category,
    Correction,
    Organisation,
    Page,
    Placement,
    Tool,
    in_sentence,
)
from ..catalog.schema_check import SCHEMA_NAMES, load_schema
from ..citations import replace_citations, short_citation
from ..figures import expand_figures
from ..forked import in_two_processes
from ..templating import html_link, make_environment, relative_url
from .paths import (
    ACCOUNT_PAGE,
    CATALOGUE_PAGE,
    EDITION_PAGE,
    GUIDE_PAGE,
    ORG_DIR,
    REFERENCES_PAGE,
    org_path,
    page_label,
    page_path,
    tool_path,
)
from .prose_sanitiser import wrap_prose
from .records import records_json
from .routes import GuideView, combined_routes

RELATED_LIMIT = 12  # other tools of the same owner listed on a tool page

# How the account page names the field of a corrections-log entry.
FIELD_LABELS = {
    "aliases": "andere schrijfwijzen:",
    "owner": "eigenaar",
    "links": "link",
    "references": "bronnen:",
    "name": "naam",
    "title": "titel",
    "url": "adres",
    "website": "website",
    "status": "status",
    "categories": "tussentitel",
    "read_next": "lees verder:",
    "placements": "plaats:",
    "body": "tekst:",
}


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the docs folder, POSIX separators
    text: str


@dataclass(frozen=True)
class TableRow:
    tool: Tool
    placement: Placement


@dataclass(frozen=True)
class TableSection:
    category: Category | None
    depth: int
    rows: list[TableRow]


def earlier_edition_pdfs(site: SiteRenderer) -> list[tuple[str, Path]]:
    if not site.project_root:
        return []
    return edition_pdfs(site.project_root, site.edition_id())


def _suggestion_links(catalog: Catalog) -> Any:
    """Prefilled issue-form addresses for the pages ("Stel een wijziging voor")."""
    from ..issue_forms import SuggestionLinks

    return SuggestionLinks(catalog, catalog.settings.repo_url)


PARALLEL_FROM = 2_000  # tools; below this, a second process costs more than it saves


class SiteRenderer:
    """Turns a validated Catalog into the files of the generated docs folder."""

    def __init__(
        self, catalog: Catalog, project_root: Path | None = None, directory_urls: bool = True
    ):
        self.catalog = catalog
        self.project_root = project_root
        self.directory_urls = directory_urls
        self.pdf_path: str | None = None  # set when the build made a PDF to link to
        self.env = make_environment(project_root, "site")
        self.orgs: dict[str, Organisation] = catalog.organisations or {}
        self.references = catalog.references or {}
        self.tools_by_page: dict[str, list[TableRow]] = defaultdict(list)
        for tool in sorted(catalog.tools.values(), key=lambda t: t.id):
            for placement in tool.placements:
                self.tools_by_page[placement.fiche].append(TableRow(tool, placement))
        for rows in self.tools_by_page.values():
            rows.sort(key=lambda r: r.placement.order)
        # Sorted once: every tool page lists its owner's other tools, and scanning the whole
        # catalogue per page made the build quadratic.
        self._sorted_tools = sorted(catalog.tools.values(), key=lambda t: t.name.casefold())
        self.tools_by_owner: dict[str, list[Tool]] = defaultdict(list)
        for tool in self._sorted_tools:
            self.tools_by_owner[tool.owner].append(tool)
        self.routes = combined_routes(catalog.reading_guide) if catalog.reading_guide else []
        self.figures = catalog.figures
        self.guide_view = GuideView(self)  # route map, steps, marks, booklets
        fiches = [p for p in catalog.fiches() if p.kind == "fiche"]
        self.env.globals.update(
            tool_path=tool_path,
            org_path=org_path,
            REFS=REFERENCES_PAGE,
            GUIDE=GUIDE_PAGE,
            CATALOGUE=CATALOGUE_PAGE,
            EDITION=EDITION_PAGE,
            FIRST_FICHE=page_path(fiches[0]) if fiches else GUIDE_PAGE,
        )
        self.env.globals["suggest"] = _suggestion_links(catalog)

    # -- the whole site ------------------------------------------------------------------------

    def render_all(self) -> list[GeneratedFile]:
        files = [
            self._render("home.md.j2", "index.md"),
            self._render("reading-guide.md.j2", GUIDE_PAGE),
            self._render("catalogue.md.j2", CATALOGUE_PAGE),
            self._render("organisations.md.j2", f"{ORG_DIR}/index.md"),
            self._render("references.md.j2", REFERENCES_PAGE),
            self._render("edition.md.j2", EDITION_PAGE),
        ]
        if self.catalog.corrections:
            files.append(self._render("verantwoording.md.j2", ACCOUNT_PAGE))
        files += [self._render_page(page) for page in self.catalog.pages.values()]
        # The tool pages are most of the work at scale: half of them in a second process.
        tools = list(self.catalog.tools.values())
        half = len(tools) // 2
        first, second = in_two_processes(
            lambda: self._render_tools(tools[:half]),
            lambda: self._render_tools(tools[half:]),
            worth_it=len(tools) >= PARALLEL_FROM,
        )
        files += first + second
        files += [
            self._render("organisation.md.j2", org_path(o.id), org=o) for o in self.orgs.values()
        ]
        files.append(GeneratedFile("records.json", records_json(self.catalog, self)))
        # The JSON Schemas at stable addresses, for editors and for anyone reusing the data.
        files += [
            GeneratedFile(f"schemas/{name}.schema.json", json.dumps(load_schema(name), indent=2))
            for name in SCHEMA_NAMES
        ]
        return files

    def nav(self) -> list[dict[str, Any]]:
        """The navigation for the generated mkdocs.yml (tool and organisation pages stay out)."""
        chapters = [p for p in self.catalog.fiches() if p.kind == "chapter"]
        fiches = [p for p in self.catalog.fiches() if p.kind == "fiche"]
        intro = [p for p in self.catalog.pages.values() if p.kind == "intro"]
        # The theme prints navigation titles as they are: escape them here.
        return [
            {"Home": "index.md"},
            *({str(escape(p.title)): page_path(p)} for p in intro),
            {"Leeswijzer": GUIDE_PAGE},
            {
                "Deel 1: een blik op zorgzame buurten": [
                    {str(escape(p.title)): page_path(p)} for p in chapters
                ]
            },
            {
                "Deel 2: thematische fiches": [
                    {str(escape(page_label(p))): page_path(p)} for p in fiches
                ]
            },
            {"Alle tools": CATALOGUE_PAGE},
            {"Organisaties": f"{ORG_DIR}/index.md"},
            {"Referenties": REFERENCES_PAGE},
            {"Editie": EDITION_PAGE},
            *([{"Verantwoording": ACCOUNT_PAGE}] if self.catalog.corrections else []),
        ]

    # -- helpers the templates call ------------------------------------------------------------

    def changed_record_target(self, change: RecordChange) -> str | None:
        """The page of a record named on the edition page, when the catalogue still has it."""
        if change.kind == "tools" and change.id in self.catalog.tools:
            return tool_path(change.id)
        if change.kind == "organisations" and change.id in self.orgs:
            return org_path(change.id)
        if change.kind == "references" and change.id in self.references:
            return f"{REFERENCES_PAGE}#ref-{change.id}"
        return None

    def corrections_by_edition(self) -> list[tuple[str, list[Correction]]]:
        """The corrections log by the edition each entry describes, newest edition first."""
        grouped: dict[str, list[Correction]] = defaultdict(list)
        for entry in self.catalog.corrections or ():
            grouped[entry.edition].append(entry)
        return sorted(grouped.items(), reverse=True)

    def correction_target(self, entry: Correction) -> str | None:
        """The generated page that shows the record a corrections-log entry is about (None when
        the record is no longer in the catalogue: the entry speaks of an earlier edition)."""
        if entry.record_kind == "tool" and entry.record_id in self.catalog.tools:
            return tool_path(entry.record_id)
        if entry.record_kind == "organisation" and entry.record_id in self.orgs:
            return org_path(entry.record_id)
        if entry.record_kind == "page" and entry.record_id in self.catalog.pages:
            return page_path(self.catalog.pages[entry.record_id])
        if entry.record_kind == "reference" and entry.record_id in self.references:
            return f"{REFERENCES_PAGE}#ref-{entry.record_id}"
        return None

    def correction_record(self, entry: Correction) -> str:
        if entry.record_kind == "tool" and entry.record_id in self.catalog.tools:
            return self.catalog.tools[entry.record_id].name
        if entry.record_kind == "organisation" and entry.record_id in self.orgs:
            return self.orgs[entry.record_id].name
        if entry.record_kind == "page" and entry.record_id in self.catalog.pages:
            return page_label(self.catalog.pages[entry.record_id])
        if entry.record_id in self.references:
            return short_citation(self.references[entry.record_id])
        return entry.record_id

    def correction_value(self, entry: Correction) -> str:
        """'Data says' as a reader reads it: a field name in Dutch and the value."""
        value = entry.data_says
        field = entry.field.split("[")[0].split(".")[0]
        if field == "references" and isinstance(value, list):
            value = [
                short_citation(self.references[k]) if k in self.references else k for k in value
            ]
        elif field == "owner" and isinstance(value, str) and value in self.orgs:
            value = self.orgs[value].name
        elif field == "read_next" and isinstance(value, str) and value in self.catalog.pages:
            value = page_label(self.catalog.pages[value])
        if value is None or value == []:
            shown = "(leeg)"
        elif isinstance(value, list):
            shown = "; ".join(
                v if isinstance(v, str) else ", ".join(f"{k}: {x}" for k, x in v.items())
                for v in value
            )
        elif isinstance(value, dict):
            shown = ", ".join(f"{k}: {x}" for k, x in value.items())
        else:
            shown = str(value)
        return f"{FIELD_LABELS.get(field, entry.field)} {shown}"

    def _render_tools(self, tools: list[Tool]) -> list[GeneratedFile]:
        return [self._render("tool.md.j2", tool_path(t.id), tool=t) for t in tools]

    def _render(self, template: str, path: str, **context: Any) -> GeneratedFile:
        text = self.env.get_template(template).render(
            site=self, catalog=self.catalog, current=path, **context
        )
        return GeneratedFile(path, text)

    def _render_page(self, page: Page) -> GeneratedFile:
        path = page_path(page)
        return self._render(
            "fiche.md.j2",
            path,
            page=page,
            body=Markup(expand_figures(self.prose(page.body, path), self.figures, wrap_prose)),
        )

    def link(self, target: str, current: str) -> str:
        """Link from page ``current`` to ``target`` for use inside HTML blocks."""
        return html_link(target, current, self.directory_urls)

    def prose(self, markdown: str, current: str) -> str:
        references_url = relative_url(REFERENCES_PAGE, current)

        def cite(key: str, text: str) -> str:
            return f"[({escape(text)})]({references_url}#ref-{key}){{ .zb-cite }}"

        return replace_citations(markdown, self.references, cite)

    def page_link(self, page_id: str, current: str) -> str:
        return self.link(page_path(self.catalog.pages[page_id]), current)

    def page(self, page_id: str) -> Page:
        return self.catalog.pages[page_id]

    def label(self, page: Page) -> str:
        return page_label(page)

    def org_name(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.name if org else org_id

    def vocabulary(self, name: str) -> dict[str, str]:
        return self.catalog.vocabularies.ids(name) if self.catalog.vocabularies else {}

    def reader_type_label(self, reader_type: str) -> str:
        guide = self.catalog.reading_guide
        if guide and reader_type in guide.reader_types:
            return guide.reader_types[reader_type].label
        return reader_type

    def citation(self, key: str) -> str:
        ref = self.references.get(key)
        return short_citation(ref) if ref else key

    def table_sections(self, page: Page) -> list[TableSection]:
        """The fiche's tool rows grouped under its categories, in the order of the seed table.

        A category appears where its first row appears; a parent category without rows of its
        own is shown as a heading just before its first child.
        """
        rows = self.tools_by_page.get(page.id, [])
        by_id = {c.id: c for c in page.categories}
        sections: list[TableSection] = []
        shown: set[str] = set()
        for row in rows:
            category = by_id.get(row.placement.category or "")
            if sections and sections[-1].category == category:
                sections[-1].rows.append(row)
                continue
            if category and category.parent and category.parent not in shown:
                parent = by_id[category.parent]
                sections.append(TableSection(parent, 0, []))
                shown.add(parent.id)
            depth = 1 if category and category.parent else 0
            sections.append(TableSection(category, depth, [row]))
            if category:
                shown.add(category.id)
        return sections

    def tool_pages(self, tool: Tool) -> list[tuple[Page, Placement]]:
        pages = self.catalog.pages
        return [(pages[p.fiche], p) for p in tool.placements if p.fiche in pages]

    def category_title(self, page: Page, category_id: str | None) -> str | None:
        for category in page.categories:
            if category.id == category_id:
                return category.title
        return None

    def tools_of(self, org_id: str, *, exclude: str | None = None) -> list[Tool]:
        return [t for t in self.tools_by_owner.get(org_id, []) if t.id != exclude]

    def related_tools(self, tool: Tool) -> tuple[list[Tool], int]:
        """Up to RELATED_LIMIT other tools of the tool's owner, and how many there are in all.

        A tool page lists only a few: listing all of them would make every page of a large
        owner as long as its catalogue (and the whole site quadratic in size)."""
        own = self.tools_by_owner.get(tool.owner, [])
        others = [t for t in own[: RELATED_LIMIT + 1] if t.id != tool.id][:RELATED_LIMIT]
        return others, max(len(own) - 1, 0)

    def sorted_tools(self) -> list[Tool]:
        return list(self._sorted_tools)

    def sorted_orgs(self) -> list[Organisation]:
        return sorted(self.orgs.values(), key=lambda o: o.name.casefold())

    def edition_id(self) -> str | None:
        return self.catalog.edition.date[:7] if self.catalog.edition else None

    def edition_changes(self) -> Changes | None:
        """What changed since the edition before (written by `toolbox release`), if recorded."""
        edition_id = self.edition_id()
        if not self.project_root or not edition_id:
            return None
        return read_changes(self.project_root, edition_id)

    def edition_name(self, edition_id: str) -> str:
        """'februari 2024' for '2024-02': the label it was published under, as in a sentence."""
        root = self.project_root
        return in_sentence(edition_label(root, edition_id) if root else edition_id)

    def earlier_pdfs(self) -> list[tuple[str, str]]:
        """(edition name, docs path) of the PDFs of earlier editions, newest first."""
        return [
            (self.edition_name(e), f"downloads/{p.name}") for e, p in earlier_edition_pdfs(self)
        ]

    def reader_types(self, axis: str) -> list[Any]:
        guide = self.catalog.reading_guide
        if not guide:
            return []
        return [rt for rt in guide.reader_types.values() if rt.axis == axis]
