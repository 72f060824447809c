"""Two things that should be one: repeated ids, aliases claimed twice, one tool in two files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..catalog.did_you_mean import normalise_name
from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Tool
from ..problems import Problem, Severity, problem_at
from .corrections import settled
from .links import normalise_url

# (registry file stem, list field, id field) for lists whose ids must be unique within the file.
_ID_LISTS = (
    ("organisations", ("organisations",), "id"),
    ("references", ("references",), "key"),
    ("reading-guide", ("axes", "role"), "id"),
    ("reading-guide", ("axes", "experience"), "id"),
    ("reading-guide", ("routes",), "reader_type"),
    ("vocabularies", ("formats",), "id"),
    ("vocabularies", ("steps",), "id"),
    ("vocabularies", ("target_groups",), "id"),
    ("vocabularies", ("languages",), "id"),
    ("vocabularies", ("statuses",), "id"),
)


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for doc in documents:
        for stem, list_path, id_field in _ID_LISTS:
            if doc.path.stem == stem and doc.path.parent.name == "content":
                yield from _repeated_ids(doc, list_path, id_field)
        if doc.path.suffix == ".md":
            yield from _repeated_ids(doc, ("categories",), "id")
    yield from _reader_type_across_axes(documents)
    yield from _organisation_aliases(catalog)
    yield from _same_tool_twice(catalog)
    yield from _same_address_twice(catalog)
    yield from _same_slot_twice(catalog)
    yield from _same_website_twice(catalog)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _repeated_ids(doc: RawDocument, list_path: tuple[str, ...], id_field: str) -> Iterator[Problem]:
    items = _get(doc.data, list_path)
    if not isinstance(items, list):
        return
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get(id_field), str):
            continue
        value = item[id_field]
        if value in first:
            earlier = doc.source.value((*list_path, first[value], id_field)).line
            yield problem_at(
                doc.path,
                doc.source.value((*list_path, index, id_field)),
                "duplicate-id",
                f"{id_field} '{value}' komt twee keer voor (eerst op regel {earlier})",
                "geef elk item een eigen id of voeg de twee items samen",
            )
        else:
            first[value] = index


def _reader_type_across_axes(documents: list[RawDocument]) -> Iterator[Problem]:
    """An id on both axes (role and experience) would make a reader type ambiguous."""
    for doc in documents:
        if doc.path.name != "reading-guide.yaml":
            continue
        roles = {i.get("id") for i in _get(doc.data, ("axes", "role")) or [] if isinstance(i, dict)}
        for index, item in enumerate(_get(doc.data, ("axes", "experience")) or []):
            if isinstance(item, dict) and item.get("id") in roles:
                yield problem_at(
                    doc.path,
                    doc.source.value(("axes", "experience", index, "id")),
                    "duplicate-id",
                    f"lezerstype '{item['id']}' staat op beide assen (rol en ervaring)",
                    "gebruik een andere id voor het ervaringsniveau",
                )


def _organisation_aliases(catalog: Catalog) -> Iterator[Problem]:
    if not catalog.organisations:
        return
    claimed: dict[str, str] = {}
    for org in catalog.organisations.values():
        for i, name in enumerate([org.name, *org.aliases]):
            key = normalise_name(name)
            owner = claimed.get(key)
            if owner is not None and owner != org.id:
                field = ("name",) if i == 0 else ("aliases", i - 1)
                yield problem_at(
                    org.origin.path,
                    org.origin.at(*field),
                    "duplicate-alias",
                    f"naam '{name}' hoort ook bij organisatie '{owner}'",
                    "voeg de twee organisaties samen of verwijder de naam bij één van beide",
                )
            else:
                claimed[key] = org.id


def _same_tool_twice(catalog: Catalog) -> Iterator[Problem]:
    """One tool in two files: the same name once punctuation, accents and case are ignored."""
    by_name: dict[str, list[Tool]] = defaultdict(list)
    for tool in sorted(catalog.tools.values(), key=lambda t: t.id):
        by_name[normalise_name(tool.name)].append(tool)
    for group in by_name.values():
        for tool in group if len(group) > 1 else ():
            others = ", ".join(t.origin.path.name for t in group if t is not tool)
            yield problem_at(
                tool.origin.path,
                tool.origin.at("name"),
                "duplicate-tool",
                f"tool '{tool.name}' staat ook in {others}",
                "houd één bestand per tool en voeg de plaatsingen (placements) samen",
            )


def _same_address_twice(catalog: Catalog) -> Iterator[Problem]:
    """One tool in two files: both link to the same page of a tool.

    Home pages and one-level listing pages (zorgzamebuurten.be, st-alexander.nl/publicaties) host
    many tools, so only an address with a deeper path, a query or a file name counts.
    """
    by_address: dict[str, list[Tool]] = defaultdict(list)
    for tool in sorted(catalog.tools.values(), key=lambda t: t.id):
        for address in dict.fromkeys(_tool_address(link.url) for link in tool.links):
            if address:
                by_address[address].append(tool)
    for address, group in by_address.items():
        for tool in group if len(group) > 1 else ():
            index = next(
                i for i, link in enumerate(tool.links) if _tool_address(link.url) == address
            )
            if settled(catalog, "tool", tool.id, f"links[{index}].url"):
                continue  # the corrections log explains why these tools share a link
            others = ", ".join(t.origin.path.name for t in group if t is not tool)
            yield problem_at(
                tool.origin.path,
                tool.origin.at("links", index, "url"),
                "duplicate-tool",
                f"dezelfde link staat ook in {others}",
                "gaat het om dezelfde tool, voeg de records samen; zo niet, link naar de eigen "
                "pagina van elke tool",
            )


def _tool_address(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 and not parts.query and "." not in (segments[-1] if segments else ""):
        return None
    return normalise_url(url)


def _same_website_twice(catalog: Catalog) -> Iterator[Problem]:
    """A second organisation with the website of an earlier one is most likely the same one."""
    first: dict[str, str] = {}
    for org in (catalog.organisations or {}).values():
        if not org.website:
            continue
        address = normalise_url(org.website)
        earlier = first.setdefault(address, org.id)
        if earlier == org.id or settled(catalog, "organisation", org.id, "website"):
            continue
        yield problem_at(
            org.origin.path,
            org.origin.at("website"),
            "duplicate-website",
            f"organisatie '{org.id}' heeft dezelfde website als '{earlier}' ({org.website})",
            f"is het dezelfde organisatie, gebruik dan '{earlier}' en zet '{org.name}' bij haar "
            "aliases; is het een afdeling zonder eigen website, leg dat dan uit in "
            "content/corrections.yaml",
            Severity.WARNING,
        )


def _same_slot_twice(catalog: Catalog) -> Iterator[Problem]:
    """Two placements claiming the same row (fiche, order) make the table order ambiguous.

    Every claimant is reported, each naming the others: a copied record then also marks the
    record it was copied from, where the contributor may want to renumber instead.
    """
    claims: dict[tuple[str, int], list[tuple[Tool, int]]] = {}
    for tool in sorted(catalog.tools.values(), key=lambda t: t.id):
        for i, placement in enumerate(tool.placements):
            claims.setdefault((placement.fiche, placement.order), []).append((tool, i))
    for (fiche, order), claimants in claims.items():
        if len(claimants) < 2:
            continue
        for tool, i in claimants:
            others = [t.id for t, j in claimants if t.id != tool.id]
            if not others and not _twice_in_tool(tool, i):
                continue  # the first of two placements of one tool: reported on the second
            yield problem_at(
                tool.origin.path,
                tool.origin.at("placements", i, "order"),
                "duplicate-order",
                f"plaats {order} in fiche '{fiche}' is ook ingenomen door "
                + ", ".join(f"'{other}'" for other in dict.fromkeys(others or [tool.id])),
                "geef elke rij van een fiche een eigen volgnummer (order); "
                + _next_free_row(catalog, fiche, tool.placements[i].category),
            )


def _next_free_row(catalog: Catalog, fiche: str, category: str | None) -> str:
    """The row after the last one of the category (of the fiche, without one), and whether the
    rows from there must move down first."""
    rows = [
        (p.order, p.category)
        for t in catalog.tools.values()
        for p in t.placements
        if p.fiche == fiche
    ]
    taken = {order for order, _ in rows}
    if category is None:
        return f"het eerstvolgende vrije nummer in fiche '{fiche}' is {max(taken) + 1}"
    after = max(order for order, c in rows if c == category) + 1
    if after not in taken:
        return f"het eerstvolgende vrije nummer van tussentitel '{category}' is {after}"
    return (
        f"na de laatste rij van tussentitel '{category}' komt {after}; dat nummer is bezet, "
        f"verhoog dus eerst het order van elke rij vanaf {after} in fiche '{fiche}' met één"
    )


def _twice_in_tool(tool: Tool, index: int) -> bool:
    current = tool.placements[index]
    return any(
        (p.fiche, p.order) == (current.fiche, current.order) for p in tool.placements[:index]
    )
