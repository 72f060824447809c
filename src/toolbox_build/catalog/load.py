"""Read every file of a project into a Catalog, collecting problems instead of stopping.

A file that cannot be parsed, or that breaks its schema, is reported and left out of the model, so
the rules that run afterwards only see well-formed records.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import Problem, Severity, display_path
from .did_you_mean import hint_for_value
from .figures import load_figures
from .layout import ProjectLayout
from .model import (
    Catalog,
    Category,
    Correction,
    Edition,
    Link,
    MergedRow,
    Organisation,
    Origin,
    Page,
    Placement,
    Publisher,
    ReaderType,
    ReadingGuide,
    ReadNext,
    Reference,
    Route,
    Stop,
    Tool,
    ToolboxWords,
    Vocabularies,
    Worksheet,
    WorksheetItem,
)
from .safe_files import unsafe_entries
from .schema_check import passes_gate, schema_violations
from .yaml_source import SourceMap, YamlLoadError, load_markdown_file, load_yaml_file

# The largest catalogue a build handles in minutes (bench/bench_scale.py measures 15,000).
MAX_TOOLS = 25_000


def is_project(path: Path) -> bool:
    return (path / "tools_catalog").is_dir() and (path / "content").is_dir()


def find_project_root(start: Path) -> Path | None:
    start = start.resolve()
    for candidate in [start, *start.parents]:
        if is_project(candidate):
            return candidate
    return None


@dataclass(frozen=True)
class RawDocument:
    """A parsed YAML document (or front matter) as plain data, for rules that walk all text."""

    path: Path
    data: Any
    source: SourceMap
    body: str = ""
    body_line: int = 0


class _Reader:
    def __init__(self, root: Path):
        self.layout = ProjectLayout(root)
        self.problems: list[Problem] = []
        self.catalog = Catalog(root=root)
        self.documents: list[RawDocument] = []
        self.unsafe: set[Path] = set()  # links out of the project, FIFOs, devices (safe_files.py)

    def is_unsafe(self, path: Path) -> bool:
        """Whether ``path`` is, or lies below, an entry that may not be read."""
        if not self.unsafe:
            return False
        absolute = Path(os.path.abspath(path))
        return absolute in self.unsafe or any(p in self.unsafe for p in absolute.parents)

    def problem(
        self,
        path: Path,
        line: int,
        column: int,
        code: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(
            Problem(display_path(path), line, column, severity, code, message, hint)
        )

    def read_yaml(
        self, path: Path, schema: str, parsed: Parsed | None = None
    ) -> tuple[Any, SourceMap] | None:
        """Read, parse and check one YAML file (``parsed``: parsed already, by parse_files)."""
        self.catalog.files.append(path)
        if self.is_unsafe(path):
            return None
        if parsed is None:
            parsed = _parse_file(path, schema)
        if isinstance(parsed, YamlLoadError):
            exc = parsed
            self.problem(path, exc.line, exc.column, exc.code, exc.message, exc.hint)
            return None
        data, source, valid = parsed
        self.documents.append(RawDocument(path, data, source))
        return self._checked(path, schema, data, source, valid)

    def _checked(
        self, path: Path, schema: str, data: Any, source: SourceMap, valid: bool = False
    ) -> tuple[Any, SourceMap] | None:
        """Report the document's parse warnings and schema violations (none to look for when
        ``valid``: the schema's validity gate passed it); the data if it is schema-valid."""
        for key, pos, first_line in source.duplicate_keys:
            self.problem(
                path,
                pos.line + source.line_offset,
                pos.column,
                "duplicate-key",
                f"veld '{key}' staat twee keer in dezelfde mapping (eerst op regel "
                f"{first_line + source.line_offset})",
                "houd één van beide; de tweede waarde wordt genegeerd",
            )
        for pos, code, message, hint in source.warnings:
            line = pos.line + source.line_offset
            self.problem(path, line, pos.column, code, message, hint, Severity.WARNING)
        if valid:
            return data, source
        valid = True
        value_hint = self._value_hint if schema == "tool" else None
        for pos, code, message, hint in schema_violations(schema, data, source, value_hint):
            valid = False
            self.problem(path, pos.line, pos.column, code, message, hint)
        return (data, source) if valid else None

    def _value_hint(self, path: tuple[str | int, ...], value: str, data: Any) -> str:
        # The registries are read before the tools, so a badly written id can be matched.
        return hint_for_value(self.catalog, path, value, data)

    def read_registry(self, name: str, build: Callable[[Any, Origin], Any]) -> Any:
        path = self.layout.registry(name)
        if not path.is_file():
            self.problem(
                path,
                1,
                1,
                "file-missing",
                f"bestand content/{name}.yaml ontbreekt",
                "elk project heeft dit register nodig; kopieer het uit de gebundelde editie",
            )
            return None
        loaded = self.read_yaml(path, name)
        if loaded is None:
            return None
        data, source = loaded
        return build(data, Origin(path, source))

    def read_tools(self) -> None:
        records, others = self.layout.tool_entries()
        for path, message, hint in others:
            self.problem(path, 1, 1, "not-a-record", message, hint)
        if len(records) > MAX_TOOLS:
            self.problem(
                self.layout.tools_dir,
                1,
                1,
                "too-many-records",
                f"de map bevat {len(records)} tool-records; de grens is {MAX_TOOLS}",
                f"enkel de eerste {MAX_TOOLS} (op naam) worden gelezen; verwijder records of "
                "verdeel ze over meer toolboxen",
            )
            records = records[:MAX_TOOLS]
        safe = [path for path in records if not self.is_unsafe(path)]
        parsed = dict(zip(safe, parse_files(safe, "tool"), strict=True))
        for path in records:
            loaded = self.read_yaml(path, "tool", parsed.get(path))
            if loaded is None:
                continue
            data, source = loaded
            tool = _tool(path.stem, data, Origin(path, source))
            self.catalog.tools[tool.id] = tool

    def read_pages(self) -> None:
        seen: dict[str, Path] = {}
        for path in self.layout.page_files():
            self.catalog.files.append(path)
            if self.is_unsafe(path):
                continue
            try:
                data, source, body, body_line = load_markdown_file(path)
            except YamlLoadError as exc:
                self.problem(path, exc.line, exc.column, exc.code, exc.message, exc.hint)
                continue
            self.documents.append(RawDocument(path, data, source, body, body_line))
            if self._checked(path, "page", data, source) is None:
                continue
            page = _page(data, body, body_line, Origin(path, source))
            if page.id in seen:
                pos = page.origin.at("id")
                self.problem(
                    path,
                    pos.line,
                    pos.column,
                    "duplicate-id",
                    f"pagina-id '{page.id}' wordt ook gebruikt in {display_path(seen[page.id])}",
                    "geef elke fiche en elk hoofdstuk een eigen id",
                )
                continue
            seen[page.id] = path
            self.catalog.pages[page.id] = page


# A parsed file: its data, its positions and whether the schema's validity gate passed it (then
# the schema has nothing to report); or why it could not be parsed.
Parsed = tuple[Any, SourceMap, bool] | YamlLoadError

# Parsing (libyaml, plus the line and column of every value) is most of a validation's time at
# scale. A large catalogue is parsed, and passed through the schema's validity gate, by one
# worker process per core; below this many records, starting the workers costs more than they
# save.
PARALLEL_FROM = 2_000
CHUNK = 250


def _parse_file(path: Path, schema: str) -> Parsed:
    try:
        data, source = load_yaml_file(path)
    except YamlLoadError as exc:
        return exc
    return data, source, passes_gate(schema, data)


def _parse_chunk(paths: list[Path], schema: str) -> list[Parsed]:
    return [_parse_file(path, schema) for path in paths]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_files(paths: list[Path], schema: str) -> list[Parsed]:
    """Parse many YAML files, in worker processes when there are many and more than one core;
    the result is the same (and in the same order) either way."""
    workers = min(_cores(), 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [_parse_file(path, schema) for path in paths]
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    try:
        with ProcessPoolExecutor(workers) as pool:
            done = pool.map(_parse_chunk, chunks, [schema] * len(chunks))
            return [item for chunk in done for item in chunk]
    except (OSError, BrokenProcessPool):  # no processes allowed here: read them one by one
        return [_parse_file(path, schema) for path in paths]


def read_project(root: Path) -> tuple[Catalog, list[RawDocument], list[Problem]]:
    reader = _Reader(root)
    catalog = reader.catalog
    for entry in unsafe_entries(root):
        reader.problem(entry.path, 1, 1, "unsafe-file", entry.message, entry.hint)
        reader.unsafe.add(Path(os.path.abspath(entry.path)))
    catalog.vocabularies = reader.read_registry("vocabularies", _vocabularies)
    catalog.organisations = reader.read_registry("organisations", _organisations)
    catalog.references = reader.read_registry("references", _references)
    catalog.reading_guide = reader.read_registry("reading-guide", _reading_guide)
    catalog.edition = reader.read_registry("edition", _edition)
    if reader.layout.registry("corrections").is_file():  # the corrections log is optional
        catalog.corrections = reader.read_registry("corrections", _corrections)
    if reader.layout.registry("worksheet").is_file():  # optional: the PDF's reflection sheet
        catalog.worksheet = reader.read_registry("worksheet", _worksheet)
    reader.read_pages()
    reader.read_tools()
    catalog.figures, figure_problems = load_figures(root)
    reader.problems.extend(figure_problems)
    return catalog, reader.documents, reader.problems


# -- building model objects from schema-valid data ---------------------------------------------


def _tool(tool_id: str, d: dict[str, Any], origin: Origin) -> Tool:
    return Tool(
        id=tool_id,
        name=d["name"],
        description=d["description"],
        owner=d["owner"],
        links=[Link(x["url"], x.get("label")) for x in d["links"]],
        formats=d["formats"],
        reader_types=d["reader_types"],
        placements=[
            Placement(p["fiche"], p.get("category"), p["order"], p.get("note"))
            for p in d["placements"]
        ],
        origin=origin,
        references=d.get("references", []),
        steps=d.get("steps", []),
        target_groups=d.get("target_groups", []),
        language=d.get("language", "nl"),
        status=d.get("status", "actief"),
        last_checked=d.get("last_checked"),
    )


def _page(d: dict[str, Any], body: str, body_line: int, origin: Origin) -> Page:
    return Page(
        id=d["id"],
        kind=d["kind"],
        title=d["title"],
        part=d["part"],
        order=d["order"],
        body=body,
        body_line=body_line,
        origin=origin,
        letter=d.get("letter"),
        cluster=d.get("cluster"),
        reader_types=d.get("reader_types", []),
        summary=d.get("summary"),
        read_next=[ReadNext(r["target"], r.get("why")) for r in d.get("read_next", [])],
        categories=[
            Category(c["id"], c["title"], c.get("parent")) for c in d.get("categories", [])
        ],
    )


def _organisations(d: dict[str, Any], origin: Origin) -> dict[str, Organisation]:
    result: dict[str, Organisation] = {}
    for i, o in enumerate(d["organisations"]):
        item_origin = Origin(origin.path, origin.source, ("organisations", i))
        result.setdefault(
            o["id"],
            Organisation(
                o["id"],
                o["name"],
                item_origin,
                o.get("aliases", []),
                o.get("website"),
                o.get("description"),
            ),
        )
    return result


def _references(d: dict[str, Any], origin: Origin) -> dict[str, Reference]:
    result: dict[str, Reference] = {}
    for i, r in enumerate(d["references"]):
        item_origin = Origin(origin.path, origin.source, ("references", i))
        result.setdefault(
            r["key"],
            Reference(
                r["key"],
                r["authors"],
                r["year"],
                r["title"],
                item_origin,
                r.get("container"),
                r.get("url"),
                r.get("accessed"),
            ),
        )
    return result


def _stops(items: list[dict[str, Any]]) -> list[Stop]:
    return [Stop(s["target"], s["why"], s.get("evidence")) for s in items]


def _reading_guide(d: dict[str, Any], origin: Origin) -> ReadingGuide:
    reader_types: dict[str, ReaderType] = {}
    for axis in ("role", "experience"):
        for item in d["axes"][axis]:
            reader_types.setdefault(
                item["id"], ReaderType(item["id"], item["label"], axis, item.get("description"))
            )
    everyone = d.get("everyone")
    return ReadingGuide(
        reconstructed=d["reconstructed"],
        reader_types=reader_types,
        routes=[
            Route(r["reader_type"], _stops(r["stops"]), r.get("evidence")) for r in d["routes"]
        ],
        origin=origin,
        everyone=Route("iedereen", _stops(everyone["stops"]), everyone["why"])
        if everyone
        else None,
        note=d.get("note"),
    )


def _edition(d: dict[str, Any], origin: Origin) -> Edition:
    return Edition(
        d["label"],
        d["date"],
        d["state_of"],
        d["colophon"],
        origin,
        _publisher(d["publisher"]) if "publisher" in d else None,
        _toolbox_words(d.get("toolbox", {})),
    )


def _toolbox_words(d: dict[str, Any]) -> ToolboxWords:
    part_1, part_2 = d.get("part_1", {}), d.get("part_2", {})
    defaults = ToolboxWords()
    return ToolboxWords(
        short_name=d.get("short_name"),
        file_name=d.get("file_name"),
        summary=d.get("summary"),
        setting=d.get("setting"),
        keywords=tuple(d.get("keywords", ())),
        part_1_title=part_1.get("title", defaults.part_1_title),
        part_1_lead=part_1.get("lead"),
        part_2_title=part_2.get("title", defaults.part_2_title),
        part_2_summary=part_2.get("summary"),
    )


def _worksheet(d: dict[str, Any], origin: Origin) -> Worksheet:
    return Worksheet(
        title=d["title"],
        intro=d["intro"],
        done_label=d["columns"]["done"],
        todo_label=d["columns"]["todo"],
        statements=[WorksheetItem(i["id"], i["text"]) for i in d["statements"]],
        questions=[WorksheetItem(i["id"], i["text"], i["kind"]) for i in d["questions"]],
        origin=origin,
    )


def _publisher(d: dict[str, Any]) -> Publisher:
    colours = d.get("colours", {})
    return Publisher(
        name=d["name"],
        url=d.get("url"),
        logo=d.get("logo"),
        primary=colours.get("primary"),
        clusters=dict(colours.get("clusters", {})),
    )


def _corrections(d: dict[str, Any], origin: Origin) -> list[Correction]:
    result: list[Correction] = []
    for i, c in enumerate(d["corrections"]):
        ((record_kind, record_id),) = c["record"].items()
        result.append(
            Correction(
                kind=c["kind"],
                place=c["place"],
                record_kind=record_kind,
                record_id=record_id,
                field=c["field"],
                source_says=c["source_says"],
                data_says=c["data_says"],
                edition=c["edition"],
                why=c["why"],
                origin=Origin(origin.path, origin.source, ("corrections", i)),
                rows=[MergedRow(r["place"], r["references"]) for r in c.get("rows", [])],
            )
        )
    return result


def _vocabularies(d: dict[str, Any], origin: Origin) -> Vocabularies:
    return Vocabularies(
        {name: {i["id"]: i["label"] for i in items} for name, items in d.items()}, origin
    )
