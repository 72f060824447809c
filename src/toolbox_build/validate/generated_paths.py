"""Ids that become file names: each generated page must have a path of its own.

A tool's id is its file name and becomes ``tools/<id>.md``; organisations, fiches and chapters
likewise. An id that is not in the id pattern, an id that collides with a page the build makes
itself (``index``), or a second introduction would silently drop or replace a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..catalog.slugs import slug
from ..catalog.yaml_source import Position
from ..problems import Problem, problem_at
from .text_hygiene import plain_strings, strings_in

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Names the build gives its own pages inside the folders of tools, organisations and pages.
RESERVED_IDS = frozenset({"index", "records", "schemas", "downloads", "assets", "search"})
# Control characters (C0 except tab and newline, DEL, C1): invisible, and in a terminal or a
# file name they can do harm. Newlines are refused too in one-line fields.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ONE_LINE_FIELDS = {"name", "title", "label", "id", "key", "url"}


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for tool in catalog.tools.values():
        path = tool.origin.path
        if not ID_PATTERN.fullmatch(tool.id):
            yield problem_at(
                path,
                Position(1, 1),
                "bad-file-name",
                f"bestandsnaam '{path.name}' is geen geldige id: enkel kleine letters, cijfers en "
                "koppeltekens",
                f"hernoem het naar tools_catalog/{slug(tool.id) or 'naam-van-de-tool'}.yaml",
            )
        elif tool.id in RESERVED_IDS:
            yield problem_at(
                path,
                Position(1, 1),
                "reserved-id",
                f"id '{tool.id}' is voorbehouden voor een pagina van de site",
                f"hernoem het bestand, bv. naar tools_catalog/{tool.id}-tool.yaml",
            )
    for org in (catalog.organisations or {}).values():
        if org.id in RESERVED_IDS:
            yield problem_at(
                org.origin.path,
                org.origin.at("id"),
                "reserved-id",
                f"organisatie-id '{org.id}' is voorbehouden voor een pagina van de site",
                f"kies een ander id, bv. '{org.id}-organisatie'",
            )
    intros = [p for p in catalog.pages.values() if p.kind == "intro"]
    for page in catalog.pages.values():
        if page.id in RESERVED_IDS:
            yield problem_at(
                page.origin.path,
                page.origin.at("id"),
                "reserved-id",
                f"pagina-id '{page.id}' is voorbehouden voor een pagina van de site",
                f"kies een ander id, bv. '{page.id}-pagina'",
            )
    for extra in sorted(intros, key=lambda p: str(p.origin.path))[1:]:
        yield problem_at(
            extra.origin.path,
            extra.origin.at("kind"),
            "second-intro",
            f"er is al een inleiding ({intros[0].origin.path.name}); een project heeft er één",
            "maak van deze pagina een hoofdstuk (kind: chapter) of voeg de tekst bij de inleiding",
        )
    for doc in documents:
        yield from _control_characters(doc)


def _control_characters(doc: RawDocument) -> Iterator[Problem]:
    texts = plain_strings(doc.data)
    if not _CONTROL.search("".join(texts)) and not any("\n" in text for text in texts):
        return  # nearly every document
    for path, value in strings_in(doc.data):
        bad = _CONTROL.search(value)
        if bad is None and "\n" not in value:
            continue  # nearly every string
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        if bad is None and field in ONE_LINE_FIELDS:
            bad = re.search("\n", value.strip("\n"))
        if bad:
            yield problem_at(
                doc.path,
                doc.source.value(path),
                "control-character",
                f"veld '{field}' bevat het onzichtbare stuurteken U+{ord(bad.group()):04X}",
                "typ de tekst opnieuw (of plak hem als platte tekst) zonder stuurtekens",
            )
