"""The corrections log must describe the data exactly: every entry is checked against its record.

An entry names the edition it describes, a record (tool, organisation, reference or page), a field
path such as ``links[0].url`` and the value the data holds there ("data says"). When the record is
gone, the field is missing or holds something else, the log no longer tells the truth: that is an
error.

An entry of a published edition is checked against that edition's snapshot
(``editions/<id>/catalog.json``), not against today's data: correcting a link after 2024 changes
the data, the next edition's changes record it, and the 2024 entry stays true about 2024. An entry
of the edition being prepared (later than every published one) is checked against the data.

An entry's ``place`` must name what exists (``correction-place``). The place is read in parts
separated by ';'. In each part:

- ``Fiche X`` (also ``Fiches X, Y en Z``, ``fiche X en Y``) names fiches by letter: each letter is a
  fiche. A title in double quotes right after a single letter (``Fiche C "Het bereiken van
  buurtbewoners"``) is that fiche's title: the whole title, or its short form (the part before
  ``: `` or `` (``, or after ``: ``). An entry of kind ``title`` may name the fiche as the source
  titled it: a title that ``source_says`` contains.
- ``hoofdstuk "…"`` names a chapter of Part 1 (or the introduction) by its title, read the same way.
- ``rij ‘…’`` or ``rij "…"`` (``rijen "…", "…" en "…"``) names rows of the table of the pages named
  in the same part: each row is the name of a tool placed on one of those pages, or a spelling the
  source used there, which the log records in the ``source_says`` of an entry about a tool on one
  of those pages. Rows are not checked for an entry about an unknown tool: ``correction-record``
  says what is wrong.

Names are compared without case, accents or punctuation. Pages and tools are looked up in the data
and, for an entry of a published edition, in that edition's snapshot as well. Other places
(``Referentielijst``, ``Inleiding``, ``Register van organisaties``) are not checked.

A general statement in an entry's ``why`` must hold for the whole catalogue as it is now, since the
site and the PDF show it as true (``correction-statement``). One form is checked: "Alle links naar
<host> gebruiken https" holds when every link to that host (and its subdomains) in tools,
organisations, references and prose starts with https://.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..catalog.did_you_mean import closest, did_you_mean, normalise_name
from ..catalog.editions import SNAPSHOT_FILE, SnapshotError, editions, read_snapshot
from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Correction
from ..catalog.raw_records import record_data
from ..problems import Problem, problem_at
from .links import catalog_urls

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
    yield from _statements(catalog)
    raw = {doc.path: doc for doc in documents}
    published = editions(catalog.root)
    snapshots: dict[str, dict[str, Any] | None] = {}
    places: dict[str, _Places] = {}
    for entry in catalog.corrections:
        edition = entry.edition
        if edition in published and edition not in snapshots:
            snapshots[edition] = _snapshot_records(catalog, edition)
        if edition not in places:
            places[edition] = _Places(catalog, snapshots.get(edition))
        yield from _place(entry, places[edition])
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


_ALL_HTTPS = re.compile(r"\bAlle links naar (?P<host>[\w-]+(?:\.[\w-]+)+) gebruiken https\b")


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""  # a malformed address is reported by the link rules
    return host.lower().removeprefix("www.")


def _statements(catalog: Catalog) -> Iterator[Problem]:
    """Every "Alle links naar <host> gebruiken https" in the log, checked against every link."""
    uses = None
    said: set[str] = set()
    for entry in catalog.corrections or []:
        for match in _ALL_HTTPS.finditer(entry.why or ""):
            host = match.group("host").lower().removeprefix("www.")
            if host in said:
                continue  # one report per statement, at its first entry
            said.add(host)
            uses = uses if uses is not None else catalog_urls(catalog)
            plain = [
                use
                for use in uses
                if (_host(use.url) == host or _host(use.url).endswith("." + host))
                and not use.url.lower().startswith("https://")
            ]
            if not plain:
                continue
            shown = ", ".join(
                f"{use.path.name}:{use.pos.line} ({use.url})" for use in plain[:5]
            ) + (f" en nog {len(plain) - 5}" if len(plain) > 5 else "")
            yield problem_at(
                entry.origin.path,
                entry.origin.at("why"),
                "correction-statement",
                f"het logboek zegt ‘{match.group(0)}’, maar "
                + (
                    f"1 link naar {host} gebruikt"
                    if len(plain) == 1
                    else f"{len(plain)} links naar {host} gebruiken"
                )
                + f" geen https: {shown}",
                "schrijf https:// in die links, of pas de zin in het logboek aan",
            )


_FICHES = re.compile(
    r"\b[Ff]iches?\s+(?P<letters>[A-Z](?:(?:\s*,\s*|\s+en\s+)[A-Z])*)(?![\w’'])"
    r'(?:\s+"(?P<title>[^"]+)")?'
)
_LETTER = re.compile(r"[A-Z]")
_CHAPTER = re.compile(r'\bhoofdstuk\s+"(?P<title>[^"]+)"')
_ROWS = re.compile(r"\brij(?:en)?\s+(?P<names>(?:(?:,\s*|\s+en\s+)?(?:‘[^’]+’|\"[^\"]+\"))+)")
_ROW_NAME = re.compile(r"‘([^’]+)’|\"([^\"]+)\"")


def _title_forms(title: str) -> set[str]:
    """A page's title and its short forms: before ': ' or ' (', and after ': '."""
    forms = {title, title.split(" (")[0]}
    if ": " in title:
        head, tail = title.split(": ", 1)
        forms.update({head, tail})
    return {normalise_name(f) for f in forms if normalise_name(f)}


class _Places:
    """What a place may name, from the data and an edition's snapshot: pages by letter and title,
    and per page the names of its tools and the source's spellings the log records for them."""

    def __init__(self, catalog: Catalog, records: dict[str, Any] | None):
        pages: list[dict[str, Any]] = [
            {"id": p.id, "kind": p.kind, "letter": p.letter, "title": p.title}
            for p in catalog.pages.values()
        ]
        if records and isinstance(records.get("page"), dict):
            pages += [p for p in records["page"].values() if isinstance(p, dict)]
        self.pages = pages
        self.fiches: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for page in pages:
            if page.get("kind") == "fiche" and page.get("letter"):
                self.fiches[page["letter"]].append(page)
        self.chapters = [p for p in pages if p.get("kind") in ("chapter", "intro")]
        self.tools: set[str] = set(catalog.tools)
        tools_on: dict[str, set[str]] = defaultdict(set)
        self.names_on: dict[str, set[str]] = defaultdict(set)
        for tool in catalog.tools.values():
            for placement in tool.placements:
                tools_on[placement.fiche].add(tool.id)
                self.names_on[placement.fiche].add(normalise_name(tool.name))
        snapshot_tools = records.get("tool") if records else None
        for tool_id, tool in (snapshot_tools or {}).items():
            if not isinstance(tool, dict):
                continue
            self.tools.add(tool_id)
            for placement in tool.get("placements") or ():
                if isinstance(placement, dict) and isinstance(tool.get("name"), str):
                    tools_on[placement.get("fiche")].add(tool_id)
                    self.names_on[placement.get("fiche")].add(normalise_name(tool["name"]))
        said: dict[str, list[str]] = defaultdict(list)
        for entry in catalog.corrections or ():
            if entry.record_kind == "tool":
                said[entry.record_id].append(normalise_name(entry.source_says))
        self.spellings_on = {
            page: [text for tool_id in ids for text in said.get(tool_id, ())]
            for page, ids in tools_on.items()
        }

    def label(self, page_id: str) -> str:
        page = next(p for p in self.pages if p["id"] == page_id)
        return f"fiche {page['letter']}" if page.get("letter") else f'hoofdstuk "{page["title"]}"'

    def nearest_fiche(self, letter: str, title: str | None) -> str | None:
        """The existing fiche a wrong letter most likely meant: by its title when the place
        gives one, else the nearest letter."""
        if not self.fiches:
            return None
        by_title = {normalise_name(p["title"]): p for ps in self.fiches.values() for p in ps}
        near = closest(normalise_name(title), by_title) if title else None
        if near:
            page = by_title[near]
        else:
            nearest = min(self.fiches, key=lambda other: (abs(ord(other) - ord(letter)), other))
            page = self.fiches[nearest][0]
        return f'Fiche {page["letter"]} "{page["title"]}"'


def _place(entry: Correction, places: _Places) -> Iterator[Problem]:
    """Check that the fiches, chapters and rows the entry's place names exist."""
    source = normalise_name(entry.source_says)

    def named_as_in_source(title: str) -> bool:
        return entry.kind == "title" and normalise_name(title) in source

    def problem(what: str, near: str | None, hint: str, pronoun: str = "die") -> Problem:
        return problem_at(
            entry.origin.path,
            entry.origin.at("place"),
            "correction-place",
            f"de plaats '{entry.place}' noemt {what}, maar {pronoun} bestaat niet",
            (f"{near}; " if near else "") + hint,
        )

    for part in entry.place.split(";"):
        named: set[str] = set()
        for match in _FICHES.finditer(part):
            letters = _LETTER.findall(match.group("letters"))
            title = match.group("title")
            for letter in letters:
                if letter not in places.fiches:
                    near = places.nearest_fiche(letter, title)
                    yield problem(
                        f"fiche {letter}",
                        f"de dichtstbijzijnde fiche is {near}" if near else None,
                        "noem een fiche met haar letter en titel zoals in de gegevens",
                    )
                    continue
                named.update(p["id"] for p in places.fiches[letter])
            if title and len(letters) == 1 and letters[0] in places.fiches:
                versions = places.fiches[letters[0]]
                forms = set().union(*(_title_forms(p["title"]) for p in versions))
                if normalise_name(title) not in forms and not named_as_in_source(title):
                    yield problem(
                        f'fiche {letters[0]} "{title}"',
                        f'fiche {letters[0]} heet "{versions[0]["title"]}"',
                        "schrijf de titel zoals in de gegevens (of, voor een item van soort"
                        " 'title', zoals de bron hem schreef)",
                    )
        for match in _CHAPTER.finditer(part):
            title = match.group("title")
            wanted = normalise_name(title)
            found = [p for p in places.chapters if wanted in _title_forms(p["title"])]
            if found:
                named.update(p["id"] for p in found)
            elif not named_as_in_source(title):
                near = closest(title, sorted({p["title"] for p in places.chapters}))
                yield problem(
                    f'hoofdstuk "{title}"',
                    f'het dichtstbijzijnde hoofdstuk is "{near}"' if near else None,
                    "noem een hoofdstuk van deel 1 met zijn titel zoals in de gegevens",
                    pronoun="dat",
                )
        if not named or (entry.record_kind == "tool" and entry.record_id not in places.tools):
            continue  # an unknown tool is reported as such (correction-record), not per row
        known = set().union(*(places.names_on.get(p, set()) for p in named))
        spellings = [text for p in named for text in places.spellings_on.get(p, ())]
        for match in _ROWS.finditer(part):
            for single, double in _ROW_NAME.findall(match.group("names")):
                row = single or double
                wanted = normalise_name(row)
                if wanted in known or (wanted and any(wanted in said for said in spellings)):
                    continue
                where = " of ".join(dict.fromkeys(places.label(p) for p in sorted(named)))
                yield problem(
                    f"rij ‘{row}’ in {where}",
                    None,
                    "een rij is de naam van een tool in die tabel, of een schrijfwijze van de"
                    " bron die het logboek bij een tool van die tabel in 'source_says' bewaart",
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
