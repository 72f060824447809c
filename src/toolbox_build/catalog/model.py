"""The typed model of one toolbox edition, built once and shared by every renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..settings import ProjectSettings
from .slugs import slug
from .yaml_source import JsonPath, Position, SourceMap


@dataclass(frozen=True)
class Origin:
    """Where a record was read from, so rules can point at the line of any of its fields."""

    path: Path
    source: SourceMap
    base: JsonPath = ()

    def at(self, *field_path: str | int) -> Position:
        return self.source.value((*self.base, *field_path))

    def key_at(self, *field_path: str | int) -> Position:
        return self.source.key((*self.base, *field_path))


@dataclass(frozen=True)
class Link:
    url: str
    label: str | None = None


@dataclass(frozen=True)
class Placement:
    fiche: str
    category: str | None
    order: int
    note: str | None = None


@dataclass
class Tool:
    id: str
    name: str
    description: str
    owner: str
    links: list[Link]
    formats: list[str]
    reader_types: list[str]
    placements: list[Placement]
    origin: Origin
    references: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    language: str = "nl"
    status: str = "actief"
    last_checked: str | None = None


@dataclass
class Organisation:
    id: str
    name: str
    origin: Origin
    aliases: list[str] = field(default_factory=list)
    website: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    parent: str | None = None


@dataclass(frozen=True)
class ReadNext:
    target: str
    why: str | None = None


@dataclass
class Page:
    """A Markdown page of the toolbox: the introduction, a Part 1 chapter or a fiche."""

    id: str
    kind: str
    title: str
    part: int
    order: int
    body: str
    body_line: int
    origin: Origin
    letter: str | None = None
    cluster: str | None = None
    reader_types: list[str] = field(default_factory=list)
    summary: str | None = None
    read_next: list[ReadNext] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)


@dataclass(frozen=True)
class ReaderType:
    id: str
    label: str
    axis: str  # "role" or "experience"
    description: str | None = None


@dataclass(frozen=True)
class Stop:
    target: str
    why: str
    evidence: str | None = None


@dataclass
class Route:
    reader_type: str
    stops: list[Stop]
    evidence: str | None = None


@dataclass
class ReadingGuide:
    reconstructed: bool
    reader_types: dict[str, ReaderType]
    routes: list[Route]
    origin: Origin
    everyone: Route | None = None
    note: str | None = None


@dataclass
class Reference:
    key: str
    authors: list[str]
    year: str
    title: str
    origin: Origin
    container: str | None = None
    url: str | None = None
    accessed: str | None = None


@dataclass
class WorksheetItem:
    id: str
    text: str
    kind: str = "check"  # "check" (a statement to tick), "long" or "short" (a question)


@dataclass
class Worksheet:
    """The reflection worksheet of the PDF (content/worksheet.yaml)."""

    title: str
    intro: str
    done_label: str
    todo_label: str
    statements: list[WorksheetItem]
    questions: list[WorksheetItem]
    origin: Origin


@dataclass
class Publisher:
    """Who publishes the edition: name, website, logo file and house colours."""

    name: str
    url: str | None = None
    logo: str | None = None  # path inside the project, e.g. content/assets/logo.svg
    primary: str | None = None  # "#rrggbb"
    clusters: dict[str, str] = field(default_factory=dict)  # cluster id -> "#rrggbb"

    def cluster_colour(self, cluster: str | None) -> str | None:
        return self.clusters.get(cluster or "") or self.primary


@dataclass(frozen=True)
class ToolboxWords:
    """What names this toolbox and its parts in the outputs (block ``toolbox`` of
    content/edition.yaml). Its full name is ``site_name`` in mkdocs.yml; every field here is
    optional and falls back to wording that names no toolbox."""

    short_name: str | None = None  # the PDF cover's title; default: the full name
    file_name: str | None = None  # stem of the PDF files' names; default: the full name as slug
    summary: str | None = None  # the home page's opening paragraph
    setting: str | None = None  # where a reader has a role: "je rol in <setting>"
    keywords: tuple[str, ...] = ()  # PDF metadata and the open data's DCAT keywords
    part_1_title: str = "Deel 1"  # the chapters everyone reads
    part_1_lead: str | None = None
    part_2_title: str = "Deel 2"  # the thematic fiches
    part_2_summary: str | None = None  # the home page's card "Blader door de fiches"

    def cover_title(self, name: str) -> str:
        return self.short_name or name

    def file_stem(self, name: str) -> str:
        return self.file_name or slug(name) or "toolbox"


@dataclass
class Edition:
    label: str
    date: str
    state_of: str
    colophon: dict[str, object]
    origin: Origin
    publisher: Publisher | None = None
    toolbox: ToolboxWords = field(default_factory=ToolboxWords)

    @property
    def label_in_sentence(self) -> str:
        return in_sentence(self.label)


def in_sentence(label: str) -> str:
    """'Februari 2024' -> 'februari 2024': Dutch writes a month in lower case, also in a title."""
    return label[:1].lower() + label[1:]


@dataclass
class Vocabularies:
    """Controlled vocabularies: for each list (formats, steps, ...), id -> label."""

    lists: dict[str, dict[str, str]]
    origin: Origin

    def ids(self, name: str) -> dict[str, str]:
        return self.lists.get(name, {})


@dataclass(frozen=True)
class MergedRow:
    """One row of the source that was merged into a record, with the references it cites."""

    place: str
    references: list[str]


@dataclass
class Correction:
    """One entry of the corrections log: where the data departs from the source, and why."""

    kind: str
    place: str
    record_kind: str  # "tool", "organisation", "reference" or "page"
    record_id: str
    field: str
    source_says: str
    data_says: object
    why: str
    origin: Origin
    rows: list[MergedRow] = field(default_factory=list)
    # The edition the entry describes (JJJJ-MM): checked against that edition's snapshot once it
    # is published, against the data while it is being prepared.
    edition: str = ""


@dataclass
class Catalog:
    """Everything read from a project. Registries are None when their file could not be read."""

    root: Path
    tools: dict[str, Tool] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    organisations: dict[str, Organisation] | None = None
    references: dict[str, Reference] | None = None
    reading_guide: ReadingGuide | None = None
    edition: Edition | None = None
    vocabularies: Vocabularies | None = None
    corrections: list[Correction] | None = None
    worksheet: Worksheet | None = None
    files: list[Path] = field(default_factory=list)
    # The project's settings (mkdocs.yml), read once by validate_project and used by every output.
    settings: ProjectSettings = field(default_factory=lambda: ProjectSettings())
    # Figures drawn from content/figures/*.yaml, by id (figures.Figure).
    figures: dict[str, Any] = field(default_factory=dict)

    def fiches(self) -> list[Page]:
        return sorted(
            (p for p in self.pages.values() if p.kind != "intro"), key=lambda p: (p.part, p.order)
        )
