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


@dataclass(frozen=True)
class ReaderRoute:
    """One reader's route: a role at one level of experience, its stops in reading order.

    Every output that shows a route (the map, the guide's lists and table, a fiche's "Stap n van
    m", a booklet's order of fiches) shows these stops in this order; none orders them itself.
    """

    role: str
    experience: str
    stops: tuple[Stop, ...]

    @property
    def key(self) -> str:
        """'role/experience': the route's name in ``data-route`` and in ``toolbox pdf --reader``."""
        return f"{self.role}/{self.experience}"

    @property
    def slug(self) -> str:
        """'role-experience', for anchors and file names."""
        return f"{self.role}-{self.experience}"

    @property
    def targets(self) -> list[str]:
        return [stop.target for stop in self.stops]

    def step(self, page_id: str) -> int | None:
        """The 1-based number of ``page_id`` on this route (None: not on it)."""
        targets = self.targets
        return targets.index(page_id) + 1 if page_id in targets else None

    def next_after(self, page_id: str) -> Stop | None:
        number = self.step(page_id)
        return self.stops[number] if number is not None and number < len(self.stops) else None


@dataclass
class ReadingGuide:
    reconstructed: bool
    reader_types: dict[str, ReaderType]
    routes: list[Route]
    origin: Origin
    everyone: Route | None = None
    note: str | None = None

    def axis(self, name: str) -> list[str]:
        """The reader-type ids on one axis ("role" or "experience"), in the guide's order."""
        return [rt.id for rt in self.reader_types.values() if rt.axis == name]

    def reader_routes(self) -> list[ReaderRoute]:
        """The route of every reader (role × experience), roles in the guide's order.

        This is the one definition of a reader's route. It holds the role's own stops (the
        fiches that matter for the role), ordered by the experience: the stops the experience's
        route names come first, in that route's order (what matters at this stage), the role's
        other stops follow in the role's order. Stops only the experience route names are left
        out: the route stays about the role. The chapter every route ends with (``end``) is not a
        stop of its own: each output shows it once, as the close of every route.
        """
        by_reader = {route.reader_type: route for route in self.routes}
        result = []
        for role in self.axis("role"):
            role_route = by_reader.get(role)
            own = [s for s in role_route.stops if s.target != self.end] if role_route else []
            for level in self.axis("experience"):
                priority = [s.target for s in by_reader[level].stops] if level in by_reader else []
                first = sorted(
                    (s for s in own if s.target in priority),
                    key=lambda s: priority.index(s.target),
                )
                rest = [s for s in own if s.target not in priority]
                result.append(ReaderRoute(role, level, tuple(first + rest)))
        return result

    def reader_route(self, key: str) -> ReaderRoute | None:
        """The route named 'role/experience' (None: no such reader)."""
        return next((r for r in self.reader_routes() if r.key == key), None)

    @property
    def start(self) -> str | None:
        """Where every route starts: the first chapter of the part everyone reads."""
        return self.everyone.stops[0].target if self.everyone and self.everyone.stops else None

    @property
    def end(self) -> str | None:
        """Where every route ends: the last chapter everyone reads (the reflection)."""
        return self.everyone.stops[-1].target if self.everyone and self.everyone.stops else None


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
