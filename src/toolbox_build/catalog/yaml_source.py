"""Read one YAML document safely and remember where every value was written.

PyYAML's composer gives nodes with start marks; we turn nodes into plain Python values ourselves so
that we can (1) record the line and column of every value and key, (2) refuse duplicate keys, which
PyYAML would silently overwrite, and (3) refuse aliases, so an "alias bomb" cannot expand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 1024 * 1024

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document was written."""

    values: dict[JsonPath, Position] = field(default_factory=dict)
    keys: dict[JsonPath, Position] = field(default_factory=dict)
    line_offset: int = 0  # for YAML front matter inside a Markdown file
    # (key, position of the repeated key, line of the first one): reported, first value kept
    duplicate_keys: list[tuple[str, Position, int]] = field(default_factory=list)

    def value(self, path: JsonPath) -> Position:
        """The closest recorded position for path: the value itself or its nearest parent."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return self._shift(found)
        return self._shift(Position(1, 1))

    def key(self, path: JsonPath) -> Position:
        found = self.keys.get(path)
        return self._shift(found) if found else self.value(path)

    def _shift(self, pos: Position) -> Position:
        return Position(pos.line + self.line_offset, pos.column)


class YamlLoadError(Exception):
    """A file that cannot be read as a YAML document; carries a Dutch message and a hint."""

    def __init__(self, code: str, message: str, hint: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            mark = event.start_mark
            raise YamlLoadError(
                "yaml-alias",
                f"YAML-alias '*{event.anchor}' wordt niet aanvaard",
                "schrijf de waarde voluit; ankers (&) en aliassen (*) zijn niet toegestaan",
                mark.line + 1,
                mark.column + 1,
            )
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, refusing files that are too large or not UTF-8."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlLoadError("io", f"bestand kan niet gelezen worden ({exc.strerror})", "") from exc
    if size > MAX_FILE_BYTES:
        raise YamlLoadError(
            "file-too-large",
            f"bestand is {size} bytes; de grens is {MAX_FILE_BYTES} bytes (1 MiB)",
            "splits de inhoud over meerdere bestanden",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlLoadError(
            "encoding",
            f"bestand is geen geldige UTF-8 (byte 0x{raw[exc.start]:02x})",
            "sla het bestand op als UTF-8 in je editor",
            line,
            column,
        ) from exc
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, *, empty_allowed: bool = False) -> tuple[Any, SourceMap]:
    """Parse one YAML document into plain values plus a SourceMap."""
    _refuse_tab_indentation(text)
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
    except YamlLoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "onleesbare YAML"
        raise YamlLoadError(
            "yaml-syntax",
            f"YAML-syntaxfout: {problem}",
            "controleer inspringing, dubbele punten en aanhalingstekens op deze regel "
            "of de regel erboven",
            (mark.line + 1) if mark else 1,
            (mark.column + 1) if mark else 1,
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlLoadError("yaml-syntax", f"YAML-syntaxfout: {exc}", "") from exc
    finally:
        loader.dispose()
    source = SourceMap()
    if node is None:
        if empty_allowed:
            return None, source
        raise YamlLoadError(
            "empty-file",
            "bestand is leeg",
            "vul het bestand in of verwijder het; kopieer een bestaand record als voorbeeld",
        )
    builder = _ValueBuilder(loader, source)
    return builder.build(node, ()), source


def load_yaml_file(path: Path) -> tuple[Any, SourceMap]:
    return parse_yaml(read_text(path))


def _refuse_tab_indentation(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise YamlLoadError(
                "yaml-tab",
                "regel springt in met een tab",
                "YAML aanvaardt enkel spaties om in te springen; vervang de tab door spaties",
                number,
                len(line) - len(stripped) + 1,
            )


class _ValueBuilder:
    def __init__(self, loader: yaml.SafeLoader, source: SourceMap):
        self._loader = loader
        self._source = source

    def build(self, node: Node, path: JsonPath) -> Any:
        self._source.values[path] = _position(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        value = self._loader.construct_object(node, deep=True)
        if isinstance(value, dt.datetime | dt.date):
            # Dates stay strings so the schema's "format: date" and the model treat them alike.
            return node.value
        return value

    def _mapping(self, node: MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                pos = _position(key_node)
                raise YamlLoadError(
                    "yaml-key",
                    "een sleutel moet een gewone tekst zijn",
                    "schrijf de veldnaam als 'naam: waarde'",
                    pos.line,
                    pos.column,
                )
            key = str(key_node.value)
            if key in result:
                first = self._source.keys[(*path, key)]
                self._source.duplicate_keys.append((key, _position(key_node), first.line))
                continue
            self._source.keys[(*path, key)] = _position(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


FRONT_MATTER_FENCE = "---"


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split a Markdown file into (front matter YAML, body, line number where the body starts).

    Raises YamlLoadError when the file does not open with a '---' fenced block.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise YamlLoadError(
            "front-matter-missing",
            "Markdown-bestand begint niet met front matter",
            "zet bovenaan een blok tussen twee regels '---' met minstens id, kind en title",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise YamlLoadError(
        "front-matter-unclosed",
        "front matter wordt niet afgesloten",
        "sluit het blok bovenaan af met een regel '---'",
    )


def load_markdown_file(path: Path) -> tuple[Any, SourceMap, str, int]:
    """Front matter values, their SourceMap (lines as in the file), the body and its first line."""
    front, body, body_line = split_front_matter(read_text(path))
    try:
        data, source = parse_yaml(front)
    except YamlLoadError as exc:
        exc.line += 1  # the opening fence
        raise
    source.line_offset = 1
    return data, source, body, body_line
