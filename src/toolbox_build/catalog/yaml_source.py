"""Read one YAML document safely and remember where every value was written.

PyYAML's composer gives nodes with start marks; we turn nodes into plain Python values ourselves so
that we can (1) record the line and column of every value and key, (2) refuse duplicate keys, which
PyYAML would silently overwrite, and (3) refuse aliases, so an "alias bomb" cannot expand.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

MAX_FILE_BYTES = 1024 * 1024
# Records are a few levels deep (field, list, item, field); a deeper document is a mistake or an
# attack on the recursion that builds the values.
MAX_NESTING = 20
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
STR_TAG = "tag:yaml.org,2002:str"

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document was written.

    Positions are kept as (line, column) pairs while parsing, which is several times cheaper
    than a Position object per value; the lookups below return Positions.
    """

    values: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0  # for YAML front matter inside a Markdown file
    # (key, position of the repeated key, line of the first one): reported, first value kept
    duplicate_keys: list[tuple[str, Position, int]] = field(default_factory=list)
    # (position, code, message, hint) of values that parse but probably do not say what was meant
    warnings: list[tuple[Position, str, str, str]] = field(default_factory=list)

    def value(self, path: JsonPath) -> Position:
        """The closest recorded position for path: the value itself or its nearest parent."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found:
                return self._shift(found)
        return self._shift((1, 1))

    def key(self, path: JsonPath) -> Position:
        found = self.keys.get(path)
        return self._shift(found) if found else self.value(path)

    def _shift(self, pos: tuple[int, int]) -> Position:
        return Position(pos[0] + self.line_offset, pos[1])


class YamlLoadError(Exception):
    """A file that cannot be read as a YAML document; carries a Dutch message and a hint."""

    def __init__(self, code: str, message: str, hint: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[Any, tuple[str, str, str, int, int]]:
        # Survives pickling (files parsed in worker processes come back as values).
        return (YamlLoadError, (self.code, self.message, self.hint, self.line, self.column))


# libyaml's parser (C) when PyYAML was built with it; the pure-Python parser otherwise.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, refusing files that are too large or not UTF-8."""
    try:
        info = path.stat()
    except OSError as exc:
        raise YamlLoadError("io", f"bestand kan niet gelezen worden ({exc.strerror})", "") from exc
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would block the reader forever, a device such as /dev/zero never ends.
        raise YamlLoadError(
            "unsafe-file", "geen gewoon bestand (FIFO, apparaat of map)", "verwijder het"
        )
    size = info.st_size
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
    loader = _Loader(text)
    source = SourceMap()
    try:
        builder = _EventBuilder(loader, source, text)
        value, found = builder.document()
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text) from exc
    except yaml.YAMLError as exc:
        raise YamlLoadError("yaml-syntax", f"YAML-syntaxfout: {exc}", "") from exc
    finally:
        loader.dispose()
    if not found and not empty_allowed:
        raise YamlLoadError(
            "empty-file",
            "bestand is leeg",
            "vul het bestand in of verwijder het; kopieer een bestaand record als voorbeeld",
        )
    return value, source


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


class _EventBuilder:
    """Turns the parser's event stream into plain values, recording positions on the way.

    Composing from events ourselves (instead of PyYAML's composer) lets us refuse aliases before
    they expand, keep the first of two duplicate keys while reporting the second, and still use
    libyaml's fast parser.
    """

    def __init__(self, loader: Any, source: SourceMap, text: str = ""):
        self._lines = text.splitlines()
        self._loader = loader
        self._source = source

    def document(self) -> tuple[Any, bool]:
        loader = self._loader
        loader.get_event()  # StreamStartEvent
        if loader.check_event(StreamEndEvent):
            return None, False
        loader.get_event()  # DocumentStartEvent
        value = self._value(loader.get_event(), ())
        loader.get_event()  # DocumentEndEvent
        if not loader.check_event(StreamEndEvent):
            mark = loader.peek_event().start_mark
            raise YamlLoadError(
                "yaml-documents",
                "bestand bevat meer dan één YAML-document",
                "verwijder de regel '---' halverwege het bestand; één record per bestand",
                mark.line + 1,
                mark.column + 1,
            )
        return value, True

    # The methods below run once per value of every record (15,000 records are some 400,000
    # values), so they compare event classes with `is` and keep positions as plain pairs.

    def _value(self, event: Any, path: JsonPath) -> Any:
        mark = event.start_mark
        self._source.values[path] = (mark.line + 1, mark.column + 1)
        kind = event.__class__
        if kind is ScalarEvent:
            return self._scalar(event)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            if len(path) >= MAX_NESTING:
                raise YamlLoadError(
                    "yaml-nesting",
                    f"gegevens zijn te diep genest (meer dan {MAX_NESTING} niveaus)",
                    "een record heeft maar een paar niveaus (veld, lijst, item); "
                    "controleer de inspringing en de haakjes [ ] en { }",
                    mark.line + 1,
                    mark.column + 1,
                )
            if kind is MappingStartEvent:
                return self._mapping(path)
            get_event = self._loader.get_event
            items: list[Any] = []
            item = get_event()
            while item.__class__ is not SequenceEndEvent:
                items.append(self._value(item, (*path, len(items))))
                item = get_event()
            return items
        if kind is AliasEvent:
            raise YamlLoadError(
                "yaml-alias",
                f"YAML-alias '*{event.anchor}' wordt niet aanvaard",
                "schrijf de waarde voluit; ankers (&) en aliassen (*) zijn niet toegestaan",
                mark.line + 1,
                mark.column + 1,
            )
        raise YamlLoadError(
            "yaml-syntax", "onverwachte YAML-structuur", "", mark.line + 1, mark.column + 1
        )

    def _scalar(self, event: ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                # Quoted, a block, or the non-specific tag '!': always text (the resolver's
                # answer too, without asking it).
                return event.value
            tag = self._loader.resolve(ScalarNode, event.value, event.implicit)
            if tag == STR_TAG:  # plain text, the common case: no constructor needed
                self._check_plain_text(event, event.value)
                return event.value
        if tag == TIMESTAMP_TAG:
            # Dates stay strings so the schema's "format: date" and the model treat them alike
            # (and an impossible date such as 2024-02-30 is the schema's to report).
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self._loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise  # reported with its own mark by parse_yaml
        except Exception as exc:  # a constructor that fails on a tagged value (!!int x, !!bool y)
            pos = _position(event.start_mark)
            raise YamlLoadError(
                "yaml-value",
                f"waarde met type '{tag.rsplit(':', 1)[-1]}' kan niet gelezen worden",
                "schrijf de waarde als gewone tekst tussen aanhalingstekens",
                pos.line,
                pos.column,
            ) from exc
        if isinstance(value, dt.datetime | dt.date):
            return event.value
        if not event.style and isinstance(value, str):  # plain: neither quoted nor a block
            self._check_plain_text(event, value)
        return value

    def _check_plain_text(self, event: ScalarEvent, value: str) -> None:
        """Warn about a value cut short by ' #' and about Word's curly quotes around a value."""
        start, end = event.start_mark, event.end_mark
        if value[:1] in CURLY_OPENING and value[-1:] in CURLY_CLOSING:
            self._source.warnings.append(
                (
                    _position(start),
                    "curly-quotes",
                    f"waarde staat tussen gekrulde aanhalingstekens ({value[0]} {value[-1]}), "
                    "die horen bij de tekst zelf",
                    'vervang ze door gewone aanhalingstekens ("), of laat ze weg',
                )
            )
        if end.line < len(self._lines):
            rest = self._lines[end.line][end.column :]
            if rest and COMMENT_AFTER_VALUE.match(rest):
                self._source.warnings.append(
                    (
                        _position(start),
                        "comment-in-value",
                        f"alles vanaf ' #' wordt genegeerd: de waarde is enkel '{value}'",
                        "hoort '#' bij de tekst, zet dan de hele waarde tussen aanhalingstekens, "
                        f'bv. "{value} {rest.strip()}"',
                    )
                )

    def _mapping(self, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        get_event = self._loader.get_event
        keys = self._source.keys
        key_event = get_event()
        while key_event.__class__ is not MappingEndEvent:
            mark = key_event.start_mark
            key_pos = (mark.line + 1, mark.column + 1)
            if key_event.__class__ is not ScalarEvent:
                raise YamlLoadError(
                    "yaml-key",
                    "een sleutel moet een gewone tekst zijn",
                    "schrijf de veldnaam als 'naam: waarde'",
                    *key_pos,
                )
            key = intern(str(key_event.value))  # one object per field name: smaller pickles
            if key in result:
                first = keys[(*path, key)]
                self._source.duplicate_keys.append((key, Position(*key_pos), first[0]))
                # parse and drop the second value
                self._value(get_event(), ("<duplicate>", *path, key))
            else:
                keys[(*path, key)] = key_pos
                result[key] = self._value(get_event(), (*path, key))
            key_event = get_event()
        return result


CURLY_OPENING = frozenset("“‘„‚«")
CURLY_CLOSING = frozenset("”’“‘»")
CURLY_QUOTES = CURLY_OPENING | CURLY_CLOSING
COMMENT_AFTER_VALUE = re.compile(r"\s+#")

# What PyYAML's parser says (libyaml's wording first, the pure-Python one second), and what it
# usually means for someone editing a record: (words in the problem, message, hint).
_SYNTAX_HINTS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("mapping values are not allowed",),
        "dubbele punt (:) midden in een waarde",
        'zet de hele waarde tussen gewone aanhalingstekens, bv. name: "Buurtwerk: een gids"; '
        "of, als dit een veld is, laat de regel even ver inspringen als het veld erboven",
    ),
    (
        ("could not find expected ':'",),
        "regel zonder dubbele punt na de veldnaam",
        "schrijf 'veld: waarde' met een spatie na de dubbele punt; loopt de waarde van de regel "
        "erboven door, zet die waarde dan tussen aanhalingstekens",
    ),
    (
        ("did not find expected '-' indicator",),
        "een lijstitem of veld springt niet even ver in als de regels erboven",
        "laat elk item van een lijst ('- ') in dezelfde kolom beginnen, en de velden van één "
        "item onder elkaar",
    ),
    (
        ("did not find expected ',' or ']'",),
        "lijst tussen [ ] wordt niet afgesloten",
        "sluit de lijst op dezelfde regel af met ] en scheid de items met komma's",
    ),
    (
        ("did not find expected ',' or '}'",),
        "mapping tussen { } wordt niet afgesloten",
        "sluit af met } op dezelfde regel en scheid de velden met komma's",
    ),
    (
        ("found unknown directive name", "expected alphabetic or numeric character"),
        "regel begint met '%', dat in YAML een speciale betekenis heeft",
        "zet de waarde tussen aanhalingstekens",
    ),
)


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlLoadError:
    """PyYAML's error as a Dutch message with the likely cause and fix, at the right line."""
    problem = exc.problem or exc.context or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1) if mark else 1
    column = (mark.column + 1) if mark else 1
    lines = text.splitlines()

    def at(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    def error(message: str, hint: str, where: Any = None) -> YamlLoadError:
        if where is not None:
            return YamlLoadError("yaml-syntax", message, hint, where.line + 1, where.column + 1)
        return YamlLoadError("yaml-syntax", message, hint, line, column)

    if "quoted scalar" in context and exc.context_mark is not None:
        return error(
            "aanhalingsteken wordt niet gesloten",
            "sluit de waarde af met hetzelfde teken (\" of ') waarmee ze begint; staat dat teken "
            "ook in de tekst zelf, zet de waarde dan tussen het andere soort aanhalingstekens",
            exc.context_mark,
        )
    if "cannot start any token" in problem:
        char = at(line)[column - 1 : column] or " "
        if char == "\t":
            return error(
                "tab op deze regel",
                "YAML aanvaardt geen tabs om in te springen of te scheiden; vervang de tab door "
                "spaties",
            )
        return error(
            f"een waarde kan niet beginnen met '{char}'",
            f'zet de hele waarde tussen gewone aanhalingstekens, bv. "{char}…"',
        )
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        mark = exc.context_mark
        line, column = mark.line + 1, mark.column + 1
    if any(q in at(line) for q in CURLY_QUOTES) and "mapping values" in problem:
        return error(
            "dubbele punt (:) in een waarde tussen gekrulde aanhalingstekens",
            'vervang “ ” (uit Word) door gewone aanhalingstekens ("): enkel die houden de '
            "waarde bij elkaar",
        )
    if "did not find expected key" in problem:
        before = at(line)[: column - 1]
        if before.strip():
            return error(
                "tekst na een afsluitend aanhalingsteken",
                "zet de hele waarde tussen aanhalingstekens; staat er een aanhalingsteken in de "
                "tekst zelf, gebruik dan de andere soort rond de waarde (' of \")",
            )
        if at(line).lstrip().startswith("-"):
            return error(
                "lijstitem springt niet even ver in als de items erboven",
                "laat elk item van een lijst ('- ') in dezelfde kolom beginnen",
            )
        return error(
            "deze regel springt anders in dan de velden erboven",
            "velden van hetzelfde niveau beginnen in dezelfde kolom; gebruik spaties, geen tabs",
        )
    for words, message, hint in _SYNTAX_HINTS:
        if any(w in problem for w in words):
            return error(message, hint)
    if "end of stream" in problem:
        return error(
            "het bestand stopt midden in een waarde",
            "controleer of elk aanhalingsteken en elke [ of { ook gesloten wordt",
        )
    return error(
        f"YAML-syntaxfout: {problem or 'onleesbare YAML'}",
        "controleer inspringing, dubbele punten en aanhalingstekens op deze regel of de regel "
        "erboven",
    )


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


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
