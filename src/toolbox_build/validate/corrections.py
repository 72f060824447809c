"""The corrections log must describe the data exactly: every entry is checked against its record.

An entry names the edition it describes, a record (tool, organisation, reference or page), a field
path such as ``links[0].url`` and the value the data holds there ("data says"). When the record is
gone, the field is missing or holds something else, the log no longer tells the truth: that is an
error.

An entry of a published edition is checked against that edition's snapshot
(``editions/<id>/catalog.json``), not against today's data: correcting a link after 2024 changes
the data, the next edition's changes record it, and the 2024 entry stays true about 2024. An entry
of the edition being prepared (later than every published one) is checked against the data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..catalog.did_you_mean import did_you_mean
from ..catalog.editions import SNAPSHOT_FILE, SnapshotError, editions, read_snapshot
from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Correction
from ..catalog.raw_records import record_data
from ..problems import Problem, problem_at

RECORD_NAMES = {
    "tool": "tool",
    "organisation": "organisatie",
    "reference": "referentie",
    "page": "pagina",
}
EDITIONS_NOTE = "editions/{}/" + SNAPSHOT_FILE
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")
_MISSING = object()


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    if not catalog.corrections:
        return
    raw = {doc.path: doc for doc in documents}
    published = editions(catalog.root)
    snapshots: dict[str, dict[str, Any] | None] = {}
    for entry in catalog.corrections:
        edition = entry.edition
        if edition in published:
            if edition not in snapshots:
                snapshots[edition] = _snapshot_records(catalog, edition)
            records = snapshots[edition]
            if records is None:
                continue  # the snapshot itself is reported (validate/editions.py)
            if not records:
                snapshots[edition] = None  # said once per edition
                yield problem_at(
                    entry.origin.path,
                    entry.origin.at("edition"),
                    "correction-edition",
                    f"de momentopname van editie {edition} ({EDITIONS_NOTE.format(edition)}) bevat"
                    " geen records om het logboek tegen te controleren",
                    "een oudere versie van toolbox maakte ze; maak de laatste editie opnieuw met"
                    f" toolbox release {published[-1]} --force",
                )
                continue
            yield from _entry(entry, *_from_snapshot(records, entry), edition)
        elif not published or edition > published[-1]:
            yield from _entry(entry, *record_data(catalog, raw, entry.record_kind, entry.record_id))
        else:
            yield problem_at(
                entry.origin.path,
                entry.origin.at("edition"),
                "correction-edition",
                f"het logboek noemt editie '{edition}', maar die editie is niet uitgebracht",
                "gebruik een uitgebrachte editie (" + ", ".join(published) + ") of de editie"
                " die je voorbereidt (later dan " + published[-1] + ")",
            )


def _snapshot_records(catalog: Catalog, edition: str) -> dict[str, Any] | None:
    try:
        data = read_snapshot(catalog.root, edition)
    except (OSError, SnapshotError):
        return None
    records = data.get("records")
    return records if isinstance(records, dict) else {}


def _from_snapshot(
    records: dict[str, Any], entry: Correction
) -> tuple[dict[str, Any] | None, list[str]]:
    kind = records.get(entry.record_kind)
    if not isinstance(kind, dict):
        return None, []
    data = kind.get(entry.record_id)
    return (data if isinstance(data, dict) else None), list(kind)


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


def _entry(
    entry: Correction,
    data: dict[str, Any] | None,
    known: list[str],
    snapshot_of: str | None = None,
) -> Iterator[Problem]:
    """Check one entry against ``data`` (the record now, or in the snapshot of ``snapshot_of``)."""
    origin = entry.origin
    noun = RECORD_NAMES[entry.record_kind]
    if data is None:
        where = (
            f" van editie {snapshot_of} ({EDITIONS_NOTE.format(snapshot_of)})"
            if snapshot_of
            else ""
        )
        yield problem_at(
            origin.path,
            origin.at("record", entry.record_kind),
            "correction-record",
            f"het logboek verwijst naar een onbekende {noun} '{entry.record_id}'{where}",
            did_you_mean(entry.record_id, known, noun),
        )
        return
    value = field_value(data, entry.field)
    where = f"{noun} '{entry.record_id}'"
    if snapshot_of:
        where += f" in editie {snapshot_of}"
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
            (
                f"het logboek beschrijft wat editie {snapshot_of} publiceerde; pas het item aan"
                " zodat het zegt wat die editie bevat"
                if snapshot_of
                else "pas de gegevens of het logboek aan, zodat het logboek precies beschrijft"
                " wat de gegevens zeggen"
            ),
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
