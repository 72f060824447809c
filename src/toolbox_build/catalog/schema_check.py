"""Check a document against its JSON Schema and describe each violation in Dutch.

The schemas under ``schemas/`` are the contract; the ``jsonschema`` library does the checking.
This module only turns its errors into messages a contributor can act on.

Nearly every record is valid, and at 15,000 records jsonschema's checks alone took some 9 s of a
validation. So a schema whose keywords fastjsonschema implements alike (see ``GATE_KEYWORDS``) is
also compiled by fastjsonschema into a plain Python function, about fifteen times faster. That
function only answers "valid?": a document it passes has no violations; for any other document
jsonschema finds and words every violation, exactly as without the gate. A property test
(tests/test_schema_gate.py) checks on mutated records that the gate never passes what
jsonschema refuses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema
from jsonschema import Draft202012Validator

from .did_you_mean import closest
from .yaml_source import JsonPath, Position, SourceMap

SCHEMA_NAMES = (
    "tool",
    "organisations",
    "page",
    "reading-guide",
    "references",
    "edition",
    "vocabularies",
    "corrections",
    "worksheet",
)

_TYPE_NAMES = {
    "object": "een mapping (veld: waarde)",
    "array": "een lijst",
    "string": "een tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "null": "niets",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


# Keywords that mean the same to fastjsonschema (its draft 2019-09 generator) as to jsonschema
# (draft 2020-12). No "$ref" (no reference resolution, so nothing is ever fetched), no
# "prefixItems" or "unevaluated*" (2020-12 only); annotations are ignored by both.
GATE_KEYWORDS = frozenset(
    {
        "$schema", "$id", "title", "description", "examples", "default", "$comment",
        "type", "enum", "const", "required", "properties", "additionalProperties",
        "minProperties", "maxProperties", "items", "minItems", "maxItems", "uniqueItems",
        "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "if", "then", "else",
    }
)  # fmt: skip


def schema_keywords(schema: Any) -> set[str]:
    """Every keyword used anywhere in a schema (not the names of its properties)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key == "properties" and isinstance(value, dict):
                for sub in value.values():
                    found |= schema_keywords(sub)
            elif key not in {"enum", "const", "required", "examples", "default"}:
                found |= schema_keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= schema_keywords(item)
    return found


@cache
def validity_gate(name: str) -> Callable[[Any], Any] | None:
    """fastjsonschema's compiled check for schema ``name``, or None when the schema uses a keyword
    outside GATE_KEYWORDS. Formats are checked with jsonschema's own format functions."""
    schema = load_schema(name)
    if not schema_keywords(schema) <= GATE_KEYWORDS:
        return None
    checker = Draft202012Validator.FORMAT_CHECKER
    formats = {
        fmt: (lambda value, fmt=fmt: checker.conforms(value, fmt)) for fmt in checker.checkers
    }
    try:
        gate = fastjsonschema.compile(schema, formats=formats, use_default=False)
    except Exception:  # a schema it cannot compile is simply not gated
        return None
    return gate  # type: ignore[no-any-return]


def passes_gate(name: str, data: Any) -> bool:
    gate = validity_gate(name)
    if gate is None:
        return False
    try:
        gate(data)
    except Exception:  # any doubt (a violation, an odd value): ask jsonschema
        return False
    return True


# For an id of the wrong form: the hint that names the value meant (or the allowed values).
ValueHint = Callable[[JsonPath, str, Any], str]


def schema_violations(
    name: str, data: Any, source: SourceMap, value_hint: ValueHint | None = None
) -> Iterator[tuple[Position, str, str, str]]:
    """Yield (position, code, message, hint) for every violation of schema ``name``."""
    if passes_gate(name, data):
        return
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(map(str, e.path)))
    for error in errors:
        if error.validator in {"if", "then", "allOf", "anyOf", "oneOf"} and error.context:
            # Report the concrete sub-errors (e.g. a required field under "then").
            for sub in error.context:
                yield _describe(sub, source, data, value_hint)
        else:
            yield _describe(error, source, data, value_hint)


def _describe(
    error: jsonschema.ValidationError,
    source: SourceMap,
    data: Any = None,
    value_hint: ValueHint | None = None,
) -> tuple[Position, str, str, str]:
    path: JsonPath = tuple(error.absolute_path)
    where = _field_name(path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        field = extras[0] if extras else "?"
        suggestion = closest(field, allowed)
        hint = (
            f"bedoelde je '{suggestion}'?"
            if suggestion
            else f"toegelaten velden: {', '.join(allowed)}"
        )
        return (
            source.key((*path, field)),
            "unknown-field",
            f"onbekend veld '{_join(path, field)}'",
            hint,
        )
    if kind == "required":
        missing = (
            error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        )
        return (
            source.value(path),
            "missing-field",
            f"verplicht veld '{_join(path, missing)}' ontbreekt",
            f"voeg '{missing}:' toe{_described(schema, missing)}",
        )
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " of ".join(_TYPE_NAMES.get(n, n) for n in names)
        got = _TYPE_NAMES.get(_json_type(error.instance), _json_type(error.instance))
        hint = "zet elk item op een eigen regel die begint met '- '" if "array" in names else ""
        if not path:
            hint = "het bestand moet bestaan uit velden 'naam: waarde', niet uit een lijst of tekst"
        return source.value(path), "wrong-type", f"{where} moet {wanted} zijn, niet {got}", hint
    if kind == "enum":
        options = ", ".join(map(str, error.validator_value))
        return (
            source.value(path),
            "not-allowed",
            f"{where} heeft waarde '{error.instance}'",
            f"kies uit: {options}",
        )
    if kind == "const":
        return source.value(path), "not-allowed", f"{where} moet '{error.validator_value}' zijn", ""
    if kind == "pattern":
        hint = ""
        if value_hint is not None and isinstance(error.instance, str):
            hint = value_hint(path, error.instance, data)
        return (
            source.value(path),
            "bad-format",
            f"{where} '{error.instance}' heeft niet de verwachte vorm",
            hint or _pattern_hint(str(error.validator_value)),
        )
    if kind == "format":
        return (
            source.value(path),
            "bad-format",
            f"{where} '{error.instance}' is geen geldige {error.validator_value}",
            "schrijf een datum als JJJJ-MM-DD, bv. 2024-02-29",
        )
    if kind == "minLength":
        return source.value(path), "empty-text", f"{where} is leeg", "vul een tekst in"
    if kind == "maxLength":
        return (
            source.value(path),
            "too-long",
            f"{where} is {len(error.instance)} tekens lang; de grens is "
            f"{error.validator_value} tekens",
            f"kort de tekst in tot hoogstens {error.validator_value} tekens",
        )
    if kind == "maxItems":
        return (
            source.value(path),
            "too-many",
            f"{where} bevat {len(error.instance)} items; de grens is {error.validator_value}",
            "houd enkel de belangrijkste over of splits het record",
        )
    if kind == "minItems":
        return (
            source.value(path),
            "empty-list",
            f"{where} moet minstens {error.validator_value} item(s) bevatten",
            "voeg een item toe op een regel die begint met '- '",
        )
    if kind == "uniqueItems":
        return (
            source.value(path),
            "duplicate-item",
            f"{where} bevat een waarde twee keer",
            "verwijder de herhaling",
        )
    if kind in {"minimum", "maximum"}:
        bound = "minstens" if kind == "minimum" else "hoogstens"
        message = f"{where} is {error.instance}; verwacht {bound} {error.validator_value}"
        return source.value(path), "out-of-range", message, ""
    return source.value(path), "schema", f"{where}: {error.message}", ""


def _pattern_hint(pattern: str) -> str:
    if pattern.startswith("^[a-z0-9]+(-"):
        return "gebruik kleine letters, cijfers en koppeltekens, bv. 'departement-zorg'"
    if pattern == "^#[0-9a-fA-F]{6}$":
        return "geef een kleur als # met zes hexadecimale cijfers, bv. '#00584d'"
    return f"verwacht patroon {pattern}"


def _described(schema: dict[str, Any], field: str) -> str:
    description = schema.get("properties", {}).get(field, {}).get("description")
    return f" ({description})" if description else ""


def _join(path: JsonPath, field: str) -> str:
    return ".".join([*(_segment(p) for p in path), field]).replace(".[", "[")


def _field_name(path: JsonPath) -> str:
    if not path:
        return "het bestand"
    return "veld '" + ".".join(_segment(p) for p in path).replace(".[", "[") + "'"


def _segment(part: str | int) -> str:
    return f"[{part}]" if isinstance(part, int) else str(part)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
