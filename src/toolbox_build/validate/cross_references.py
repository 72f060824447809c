"""Every id a record mentions must exist: owners, fiches, categories, reader types, references."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..catalog.citation_syntax import CITATION
from ..catalog.did_you_mean import (
    VOCABULARIES,
    closed_list_hint,
    closest,
    fiche_hint,
    same_organisation,
)
from ..catalog.load import RawDocument
from ..catalog.model import Catalog, Origin, Page, Tool
from ..catalog.yaml_source import Position
from ..problems import Problem, Severity, problem_at

NEUTER_NOUNS = {"lezerstype"}  # "het lezerstype": Dutch drops the -e after "onbekend"


def _unknown_choice(
    origin: Origin,
    field: tuple[str | int, ...],
    value: str,
    options: Mapping[str, str],
    kind: str,
    code: str,
    where: str | None = None,
) -> Problem:
    """An id that is not in a closed list: suggest the one meant, or list the allowed ones."""
    adjective = "onbekend" if kind in NEUTER_NOUNS else "onbekende"
    return problem_at(
        origin.path,
        origin.at(*field),
        code,
        f"{adjective} {kind} '{value}'",
        closed_list_hint(value, options, where=where),
    )


def _unknown_fiche(
    catalog: Catalog, origin: Origin, field: tuple[str | int, ...], value: str, code: str
) -> Problem:
    """A fiche that does not exist: the one meant, or every fiche and Part 1 chapter."""
    return problem_at(
        origin.path,
        origin.at(*field),
        code,
        f"onbekende fiche '{value}'",
        fiche_hint(value, catalog),
    )


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    for tool in catalog.tools.values():
        yield from _tool(catalog, tool)
    for page in catalog.pages.values():
        yield from _page(catalog, page)
    yield from _reading_guide(catalog)
    yield from _fiches_without_tools(catalog)
    yield from _interrupted_categories(catalog)
    if catalog.edition and catalog.references is not None:
        key = catalog.edition.colophon.get("report_reference")
        if isinstance(key, str) and key not in catalog.references:
            yield _unknown(
                catalog.edition.origin,
                ("colophon", "report_reference"),
                key,
                catalog.references,
                "referentie",
                "unknown-reference",
            )
    yield from _publisher_logo(catalog)
    yield from _cluster_colours(catalog)


def _publisher_logo(catalog: Catalog) -> Iterator[Problem]:
    publisher = catalog.edition.publisher if catalog.edition else None
    if publisher and publisher.logo and not (catalog.root / publisher.logo).is_file():
        origin = catalog.edition.origin  # type: ignore[union-attr]
        yield problem_at(
            origin.path,
            origin.at("publisher", "logo"),
            "missing-logo",
            f"logobestand '{publisher.logo}' bestaat niet",
            "geef het pad van een SVG- of PNG-bestand in het project, bv. content/assets/logo.svg",
        )


def _unknown(
    origin: Origin,
    field: tuple[str | int, ...],
    value: str,
    known: Iterable[str],
    kind: str,
    code: str,
    where: str = "content/references.yaml",
) -> Problem:
    suggestion = closest(value, known)
    hint = f"bedoelde je '{suggestion}'?" if suggestion else f"voeg '{value}' toe aan {where}"
    adjective = "onbekend" if kind in NEUTER_NOUNS else "onbekende"
    return problem_at(origin.path, origin.at(*field), code, f"{adjective} {kind} '{value}'", hint)


def _tool(catalog: Catalog, tool: Tool) -> Iterator[Problem]:
    o = tool.origin
    if catalog.organisations is not None and tool.owner not in catalog.organisations:
        meant = same_organisation(tool.owner, catalog.organisations)
        yield problem_at(
            o.path,
            o.at("owner"),
            "unknown-owner",
            f"onbekende organisatie '{tool.owner}'",
            f"bedoelde je '{meant.id}'?"
            if meant
            else "gebruik het id van een organisatie uit content/organisations.yaml; is ze nieuw, "
            "voeg ze daar dan toe (met id, name en website) in dezelfde pull request",
        )
    if catalog.references is not None:
        for i, key in enumerate(tool.references):
            if key not in catalog.references:
                yield _unknown(
                    o, ("references", i), key, catalog.references, "referentie", "unknown-reference"
                )
    if catalog.reading_guide is not None:
        reader_types = {k: v.label for k, v in catalog.reading_guide.reader_types.items()}
        for i, rt in enumerate(tool.reader_types):
            if rt not in reader_types:
                yield _unknown_choice(
                    o, ("reader_types", i), rt, reader_types, "lezerstype", "unknown-reader-type"
                )
    if catalog.vocabularies is not None:
        for field, vocab, kind in (
            ("formats", "formats", "vorm"),
            ("steps", "steps", "stap"),
            ("target_groups", "target_groups", "doelgroep"),
        ):
            known = catalog.vocabularies.ids(vocab)
            for i, value in enumerate(getattr(tool, field)):
                if value not in known:
                    yield _unknown_choice(
                        o,
                        (field, i),
                        value,
                        known,
                        kind,
                        f"unknown-{vocab}",
                        f"{VOCABULARIES} onder '{vocab}'",
                    )
        for field, vocab, kind in (
            ("language", "languages", "taal"),
            ("status", "statuses", "status"),
        ):
            value = getattr(tool, field)
            known = catalog.vocabularies.ids(vocab)
            if value not in known:
                yield _unknown_choice(
                    o,
                    (field,),
                    value,
                    known,
                    kind,
                    f"unknown-{vocab}",
                    f"{VOCABULARIES} onder '{vocab}'",
                )
    if not tool.links and tool.status == "actief":
        yield problem_at(
            o.path,
            o.at("links"),
            "missing-link",
            "tool heeft geen link",
            "voeg een url toe, of zet 'status: link-volgt' (link komt later) of "
            "'status: enkel-referentie' (enkel een bronvermelding)",
        )
    yield from _placements(catalog, tool)


def _placements(catalog: Catalog, tool: Tool) -> Iterator[Problem]:
    o = tool.origin
    for i, placement in enumerate(tool.placements):
        page = catalog.pages.get(placement.fiche)
        if page is None:
            yield _unknown_fiche(
                catalog, o, ("placements", i, "fiche"), placement.fiche, "unknown-fiche"
            )
            continue
        categories = {c.id: c.title for c in page.categories}
        if placement.category is None:
            if categories:
                yield problem_at(
                    o.path,
                    o.at("placements", i),
                    "missing-category",
                    f"plaatsing in fiche '{page.id}' heeft geen categorie",
                    f"voeg 'category:' toe; kies uit: {', '.join(sorted(categories))}",
                )
        elif placement.category not in categories:
            if categories:
                hint = closed_list_hint(placement.category, categories)
            else:
                hint = "deze fiche heeft geen categorieën; laat 'category' weg"
            yield problem_at(
                o.path,
                o.at("placements", i, "category"),
                "unknown-category",
                f"fiche '{page.id}' heeft geen categorie '{placement.category}'",
                hint,
            )


def _page(catalog: Catalog, page: Page) -> Iterator[Problem]:
    o = page.origin
    for i, item in enumerate(page.read_next):
        if item.target not in catalog.pages:
            yield _unknown_fiche(
                catalog, o, ("read_next", i, "target"), item.target, "unknown-read-next"
            )
        elif item.target == page.id:
            yield problem_at(
                o.path,
                o.at("read_next", i, "target"),
                "read-next-self",
                "'Lees verder' verwijst naar de fiche zelf",
                "verwijs naar een andere fiche",
            )
    if catalog.reading_guide is not None:
        reader_types = {k: v.label for k, v in catalog.reading_guide.reader_types.items()}
        for i, rt in enumerate(page.reader_types):
            if rt not in reader_types:
                yield _unknown_choice(
                    o, ("reader_types", i), rt, reader_types, "lezerstype", "unknown-reader-type"
                )
    clusters = catalog.vocabularies.ids("clusters") if catalog.vocabularies else {}
    if page.cluster and catalog.vocabularies is not None and page.cluster not in clusters:
        yield _unknown_choice(
            o,
            ("cluster",),
            page.cluster,
            clusters,
            "cluster",
            "unknown-cluster",
            f"{VOCABULARIES} onder 'clusters'",
        )
    ids = {c.id: c.title for c in page.categories}
    for i, category in enumerate(page.categories):
        if category.parent is not None and category.parent not in ids:
            yield _unknown_choice(
                o,
                ("categories", i, "parent"),
                category.parent,
                ids,
                "categorie",
                "unknown-category",
            )
    if catalog.references is not None:
        yield from _citations(catalog, page)


def _citations(catalog: Catalog, page: Page) -> Iterator[Problem]:
    assert catalog.references is not None
    for offset, line in enumerate(page.body.splitlines()):
        for match in CITATION.finditer(line):
            key = match.group(1)
            if key not in catalog.references:
                suggestion = closest(key, catalog.references)
                yield problem_at(
                    page.origin.path,
                    Position(page.body_line + offset, match.start() + 1),
                    "unknown-reference",
                    f"onbekende referentie '{key}'",
                    f"bedoelde je '{suggestion}'?"
                    if suggestion
                    else f"voeg '{key}' toe aan content/references.yaml",
                )


def _reading_guide(catalog: Catalog) -> Iterator[Problem]:
    guide = catalog.reading_guide
    if guide is None:
        return
    o = guide.origin
    reader_types = {k: v.label for k, v in guide.reader_types.items()}
    for r, route in enumerate(guide.routes):
        if route.reader_type not in reader_types:
            yield _unknown_choice(
                o,
                ("routes", r, "reader_type"),
                route.reader_type,
                reader_types,
                "lezerstype",
                "unknown-reader-type",
            )
        for s, stop in enumerate(route.stops):
            if stop.target not in catalog.pages:
                yield _unknown_fiche(
                    catalog, o, ("routes", r, "stops", s, "target"), stop.target, "unknown-fiche"
                )
    if guide.everyone:
        for s, stop in enumerate(guide.everyone.stops):
            if stop.target not in catalog.pages:
                yield _unknown_fiche(
                    catalog, o, ("everyone", "stops", s, "target"), stop.target, "unknown-fiche"
                )


def _fiches_without_tools(catalog: Catalog) -> Iterator[Problem]:
    used = {p.fiche for t in catalog.tools.values() for p in t.placements}
    for page in catalog.pages.values():
        if page.kind == "fiche" and page.id not in used:
            yield problem_at(
                page.origin.path,
                page.origin.at("id"),
                "fiche-without-tools",
                f"fiche '{page.id}' heeft geen tools",
                "plaats minstens één tool in deze fiche",
                Severity.WARNING,
            )


def _interrupted_categories(catalog: Catalog) -> Iterator[Problem]:
    """A category's rows must follow each other, or its header appears twice in the table."""
    rows: dict[str, list[tuple[int, str, Tool, int]]] = {}
    for tool in catalog.tools.values():
        for i, placement in enumerate(tool.placements):
            if placement.category is not None:
                rows.setdefault(placement.fiche, []).append(
                    (placement.order, placement.category, tool, i)
                )
    for fiche, items in rows.items():
        items.sort(key=lambda item: (item[0], item[2].id))
        last_row: dict[str, int] = {}
        previous: tuple[int, str, Tool, int] | None = None
        for order, category, tool, i in items:
            if (
                previous is not None
                and previous[1] != category
                and category in last_row
                and last_row[category] < previous[0]
            ):
                yield problem_at(
                    tool.origin.path,
                    tool.origin.at("placements", i, "order"),
                    "category-interrupted",
                    f"categorie '{category}' van fiche '{fiche}' wordt onderbroken: rij {order} "
                    f"hoort bij '{category}', maar rij {previous[0]} ervoor bij "
                    f"'{previous[1]}' ({previous[2].origin.path.name})",
                    f"geef de rijen van '{category}' opeenvolgende volgnummers (order), zodat de "
                    "tussentitel maar één keer in de tabel staat; de rijen erna schuiven op",
                )
            last_row[category] = order
            previous = (order, category, tool, i)


def _cluster_colours(catalog: Catalog) -> Iterator[Problem]:
    """A colour for a cluster the vocabulary does not have is never used: say so."""
    edition, vocabularies = catalog.edition, catalog.vocabularies
    if edition is None or edition.publisher is None or vocabularies is None:
        return
    clusters = vocabularies.ids("clusters")
    for cluster in edition.publisher.clusters:
        if cluster not in clusters:
            yield _unknown_choice(
                edition.origin,
                ("publisher", "colours", "clusters", cluster),
                cluster,
                clusters,
                "cluster",
                "unknown-cluster",
            )
