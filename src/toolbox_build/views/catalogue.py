"""What every output shows of the catalogue, defined once: tables, labels, names, editions.

The site's renderer and the PDF's print document both build on :class:`CatalogueView`, so a fiche's
table, an organisation's name or a reader type's label cannot differ between the two.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog.editions import edition_label
from ..catalog.model import (
    Catalog,
    Category,
    Organisation,
    Page,
    Placement,
    Tool,
    ToolboxWords,
    in_sentence,
)
from .citations import short_citation
from .paths import page_label

RELATED_LIMIT = 12  # other tools of the same owner listed on a tool page


@dataclass(frozen=True)
class TableRow:
    tool: Tool
    placement: Placement


@dataclass(frozen=True)
class TableSection:
    category: Category | None
    depth: int
    rows: list[TableRow]


class CatalogueView:
    """The catalogue arranged for reading: rows per fiche, tools per owner, labels."""

    def __init__(self, catalog: Catalog, project_root: Path | None = None):
        self.catalog = catalog
        self.project_root = project_root
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

    def page(self, page_id: str) -> Page:
        return self.catalog.pages[page_id]

    @property
    def toolbox_name(self) -> str:
        """The toolbox's full name: site_name in mkdocs.yml."""
        return self.catalog.settings.site_name

    @property
    def words(self) -> ToolboxWords:
        """What names this toolbox and its parts (content/edition.yaml, block toolbox)."""
        return self.catalog.edition.toolbox if self.catalog.edition else ToolboxWords()

    def thematic_fiches(self) -> list[Page]:
        return [p for p in self.catalog.fiches() if p.kind == "fiche"]

    def label(self, page: Page) -> str:
        return page_label(page)

    def org_name(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.name if org else org_id

    def vocabulary(self, name: str) -> dict[str, str]:
        return self.catalog.vocabularies.ids(name) if self.catalog.vocabularies else {}

    def cluster_name(self, cluster: str) -> str:
        """A cluster of fiches as readers see it (content/vocabularies.yaml, clusters)."""
        return self.vocabulary("clusters").get(cluster, cluster)

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

    def primary_link(self, tool: Tool) -> tuple[str, bool] | None:
        """Where "Open de tool" leads: the tool's first link, else the first of its references
        with an address (True when it is a reference's); None when there is none yet."""
        if tool.links:
            return tool.links[0].url, False
        for key in tool.references:
            ref = self.references.get(key)
            if ref and ref.url:
                return ref.url, True
        return None

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

    def edition_name(self, edition_id: str) -> str:
        """'februari 2024' for '2024-02': the label it was published under, as in a sentence."""
        root = self.project_root
        return in_sentence(edition_label(root, edition_id) if root else edition_id)

    def reader_types(self, axis: str) -> list[Any]:
        guide = self.catalog.reading_guide
        if not guide:
            return []
        return [rt for rt in guide.reader_types.values() if rt.axis == axis]
