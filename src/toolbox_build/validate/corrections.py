"""The corrections log must describe the data exactly: every entry is checked against its record.

An entry names a record (tool, organisation, reference or page), a field path such as
``links[0].url`` and the value the data holds there ("data says"). When the record is gone, the
field is missing or holds something else, the log no longer tells the truth: that is an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Correction
from ..catalog.suggest import did_you_mean
from ..problems import Problem
from .report import problem_at

RECORD_NAMES = {
    "tool": "tool",
    "organisation": "organisatie",
    "reference": "referentie",
    "page": "pagina",
}
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")
_MISSING = object()


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    if not catalog.corrections:
        return
    raw = {doc.path: doc for doc in documents}
    for entry in catalog.corrections:
        yield from _entry(catalog, raw, entry)


def record_data(
    catalog: Catalog, raw: dict[Any, RawDocument], kind: str, record_id: str
) -> tuple[dict[str, Any] | None, list[str]]:
    """The record's fields as read from its file (None when it is unknown), and the known ids."""
    if kind == "tool":
        tool = catalog.tools.get(record_id)
        doc = raw.get(tool.origin.path) if tool else None
        return (doc.data if doc else None), list(catalog.tools)
    if kind == "page":
        page = catalog.pages.get(record_id)
        doc = raw.get(page.origin.path) if page else None
        data = dict(doc.data, body=doc.body) if doc else None
        return data, list(catalog.pages)
    registry = catalog.organisations if kind == "organisation" else catalog.references
    if registry is None:
        return None, []
    item = registry.get(record_id)
    if item is None:
        return None, list(registry)
    doc = raw.get(item.origin.path)
    if doc is None:
        return None, list(registry)
    list_name, index = item.origin.base
    return doc.data[list_name][index], list(registry)


def field_value(data: Any, field: str) -> Any:
    """The value at a path like ``placements[1].category``, or a sentinel when it is absent."""
    value = data
    for name, index in _SEGMENT.findall(field):
        if not isinstance(value, dict) or name not in value:
            return _MISSING
        value = value[name]
        if index:
            if not isinstance(value, list) or int(index) >= len(value):
                return _MISSING
            value = value[int(index)]
    return value


def shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def _entry(catalog: Catalog, raw: dict[Any, RawDocument], entry: Correction) -> Iterator[Problem]:
    origin = entry.origin
    noun = RECORD_NAMES[entry.record_kind]
    data, known = record_data(catalog, raw, entry.record_kind, entry.record_id)
    if data is None:
        yield problem_at(
            origin.path,
            origin.at("record", entry.record_kind),
            "correction-record",
            f"het logboek verwijst naar een onbekende {noun} '{entry.record_id}'",
            did_you_mean(entry.record_id, known, noun),
        )
        return
    value = field_value(data, entry.field)
    where = f"{noun} '{entry.record_id}'"
    if value is _MISSING and entry.data_says is None:
        return  # "data says nothing": the field is absent, as the log claims
    if value is _MISSING:
        yield problem_at(
            origin.path,
            origin.at("field"),
            "correction-field",
            f"{where} heeft geen veld '{entry.field}'",
            "het logboek moet een veld noemen dat in het record staat; pas het record of het"
            " logboek aan",
        )
        return
    if entry.record_kind == "page" and entry.field == "body":
        said = entry.data_says
        if not isinstance(said, str) or said not in value:
            yield problem_at(
                origin.path,
                origin.at("data_says"),
                "correction-mismatch",
                f"de tekst van {where} bevat {shown(said)} niet",
                "pas de tekst of het logboek aan; 'data_says' moet letterlijk in de tekst staan",
            )
        return
    if value != entry.data_says:
        yield problem_at(
            origin.path,
            origin.at("data_says"),
            "correction-mismatch",
            f"het logboek zegt dat '{entry.field}' van {where} {shown(entry.data_says)} bevat,"
            f" maar het bevat {shown(value)}",
            "pas de gegevens of het logboek aan, zodat het logboek precies beschrijft wat de"
            " gegevens zeggen",
        )


def settled(
    catalog: Catalog,
    record_kind: str,
    record_id: str,
    field: str | None = None,
    kind: str | None = None,
) -> bool:
    """True when the corrections log explains this record (and field): the finding is accounted for.

    Rules that find something a careful editor may keep on purpose (two tools in one publication,
    a link on a publisher's site) stay silent once the log says why.
    """
    return any(
        c.record_kind == record_kind
        and c.record_id == record_id
        and (field is None or c.field == field)
        and (kind is None or c.kind == kind)
        for c in catalog.corrections or ()
    )
