"""The JSON Schema (2020-12) of toolbox.json, published next to it as toolbox.schema.json.

Kept as Python so it ships with the package without package-data rules; the tests validate a
built toolbox.json against it with jsonschema.
"""

from __future__ import annotations

from typing import Any

from ..settings import ProjectSettings

_ID = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
_TEXT = {"type": "string", "minLength": 1}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_URL = {"type": "string", "format": "uri", "minLength": 1}
_IDS = {"type": "array", "items": _ID}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }


_LABELLED = _object({"id": _ID, "label": _TEXT})

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Toolbox: open data",  # open_data_schema puts the toolbox's name in
    "description": (
        "Alle tools van de toolbox met hun eigenaars, de woordenlijsten en de fiches. "
        "Velden 'url' staan er alleen als de site een webadres heeft."
    ),
    "$defs": {
        "tool": _object(
            {
                "id": _ID,
                "name": _TEXT,
                "description": _TEXT,
                "owner": _ID,
                "links": {
                    "type": "array",
                    "items": _object({"url": _URL, "label": _TEXT}, optional=("label",)),
                },
                "references": {"type": "array", "items": _TEXT},
                "formats": _IDS,
                "reader_types": _IDS,
                "steps": _IDS,
                "target_groups": _IDS,
                "language": _ID,
                "status": _ID,
                "placements": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        {
                            "fiche": _ID,
                            "category": {"type": ["string", "null"]},
                            "order": {"type": "integer"},
                            "note": _TEXT,
                        },
                        optional=("note",),
                    ),
                },
                "last_checked": {"type": ["string", "null"], "format": "date"},
                "url": _URL,
            },
            optional=("url",),
        ),
        "organisation": _object(
            {
                "id": _ID,
                "name": _TEXT,
                "aliases": {"type": "array", "items": _TEXT},
                "website": {"type": ["string", "null"], "format": "uri"},
                "description": _OPTIONAL_TEXT,
                "url": _URL,
            },
            optional=("url",),
        ),
    },
    **_object(
        {
            "format_version": {"const": "1.0"},
            "title": _TEXT,
            "edition": {
                "oneOf": [
                    {"type": "null"},
                    _object({"label": _TEXT, "date": {"type": "string", "format": "date"}}),
                ]
            },
            "publisher": {
                "oneOf": [{"type": "null"}, _object({"name": _TEXT, "url": _OPTIONAL_TEXT})]
            },
            "vocabularies": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _LABELLED},
            },
            "reader_types": {
                "type": "array",
                "items": _object(
                    {"id": _ID, "label": _TEXT, "axis": {"enum": ["role", "experience"]}}
                ),
            },
            "fiches": {
                "type": "array",
                "items": _object(
                    {
                        "id": _ID,
                        "kind": {"enum": ["chapter", "fiche"]},
                        "letter": _OPTIONAL_TEXT,
                        "title": _TEXT,
                        "categories": {
                            "type": "array",
                            "items": _object({"id": _ID, "title": _TEXT, "parent": _OPTIONAL_TEXT}),
                        },
                        "url": _URL,
                    },
                    optional=("url",),
                ),
            },
            "references": {
                "type": "array",
                "items": _object(
                    {
                        "key": _TEXT,
                        "authors": {"type": "array", "items": _TEXT},
                        "year": _TEXT,
                        "title": _TEXT,
                        "container": _OPTIONAL_TEXT,
                        "url": _OPTIONAL_TEXT,
                    }
                ),
            },
            "organisations": {"type": "array", "items": {"$ref": "#/$defs/organisation"}},
            "tools": {"type": "array", "items": {"$ref": "#/$defs/tool"}},
        }
    ),
}


def open_data_schema(settings: ProjectSettings) -> dict[str, Any]:
    """The schema as published: titled with the toolbox's name (site_name in mkdocs.yml)."""
    return {**SCHEMA, "title": f"{settings.site_name}: open data"}
