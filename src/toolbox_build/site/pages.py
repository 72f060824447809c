"""Render every page of the site as Markdown for the site engine (MkDocs today, Zensical later).

Data from YAML goes through the templates' autoescape (HTML blocks) or the `md` filter (Markdown
text), so contributed text always shows as text. Prose from content/*.md is Markdown by design;
only its citations are rewritten into links to the bibliography.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..catalog.editions import Changes, RecordChange, edition_pdfs, read_changes
from ..catalog.link_report import LinkState, read_link_report
from ..catalog.model import (
    Catalog,
    Correction,
    Page,
    Tool,
)
from ..catalog.schema_check import SCHEMA_NAMES, load_schema
from ..forked import in_two_processes
from ..views import account
from ..views.catalogue import CatalogueView
from ..views.citations import replace_citations
from ..views.figures import expand_figures
from ..views.paths import (
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
from ..views.proposal_forms import SuggestionLinks
from ..views.templating import html_link, make_environment, relative_url
from .guide_view import GuideView
from .prose_sanitiser import wrap_prose
from .records import records_json


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the docs folder, POSIX separators
    text: str


def earlier_edition_pdfs(site: SiteRenderer) -> list[tuple[str, Path]]:
    if not site.project_root:
        return []
    return edition_pdfs(site.project_root, site.edition_id())


def _suggestion_links(catalog: Catalog) -> Any:
    """Prefilled issue-form addresses for the pages ("Stel een wijziging voor")."""
    return SuggestionLinks(catalog, catalog.settings.repo_url)


PARALLEL_FROM = 2_000  # tools; below this, a second process costs more than it saves


class SiteRenderer(CatalogueView):
    """Turns a validated Catalog into the files of the generated docs folder."""

    def __init__(
        self, catalog: Catalog, project_root: Path | None = None, directory_urls: bool = True
    ):
        super().__init__(catalog, project_root)
        self.directory_urls = directory_urls
        self.pdf_path: str | None = None  # set when the build made a PDF to link to
        self.env = make_environment(project_root, "site")
        self.routes = catalog.reading_guide.reader_routes() if catalog.reading_guide else []
        self.figures = catalog.figures
        self.guide_view = GuideView(self)  # route map, steps, marks, booklets
        # What the last `toolbox check-links` found; empty without its report.
        self.link_states: dict[str, LinkState] = read_link_report(project_root)
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
                str(escape(self.words.part_1_title)): [
                    {str(escape(p.title)): page_path(p)} for p in chapters
                ]
            },
            {
                str(escape(self.words.part_2_title)): [
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
        return account.corrections_by_edition(self)

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
        return account.correction_record(self, entry)

    def correction_value(self, entry: Correction) -> str:
        """'Data says' as a reader reads it: a field name in Dutch and the value."""
        return account.correction_value(self, entry)

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

    def link_state(self, url: str) -> LinkState | None:
        """What the last link check found for ``url`` (None without a report or a verdict)."""
        return self.link_states.get(url)

    def page_link(self, page_id: str, current: str) -> str:
        return self.link(page_path(self.catalog.pages[page_id]), current)

    def edition_changes(self) -> Changes | None:
        """What changed since the edition before (written by `toolbox release`), if recorded."""
        edition_id = self.edition_id()
        if not self.project_root or not edition_id:
            return None
        return read_changes(self.project_root, edition_id)

    def earlier_pdfs(self) -> list[tuple[str, str]]:
        """(edition name, docs path) of the PDFs of earlier editions, newest first."""
        return [
            (self.edition_name(e), f"downloads/{p.name}") for e, p in earlier_edition_pdfs(self)
        ]
