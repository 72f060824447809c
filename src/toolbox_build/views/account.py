"""The account of an edition ("Verantwoording"), defined once for the site and the PDF.

The corrections log (content/corrections.yaml) is shown grouped by edition, then by kind: each kind
has a Dutch heading and an introduction, each entry says where, what the source said, what the
edition says and why. Both the site's account page and the PDF's chapter read these definitions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog.model import Correction
from .citations import short_citation
from .paths import page_label

if TYPE_CHECKING:
    from .catalogue import CatalogueView


@dataclass(frozen=True)
class CorrectionKind:
    id: str
    heading: str
    intro: str


# The kinds of the corrections log, in the order the account shows them.
CORRECTION_KINDS = [
    CorrectionKind(
        "owner-spelling",
        "Schrijfwijze van eigenaars",
        "De toolbox schrijft dezelfde organisatie soms op verschillende manieren. Elke tool"
        " verwijst nu naar één organisatie; de andere schrijfwijzen blijven bewaard, zodat je"
        " elke rij van 2024 terugvindt.",
    ),
    CorrectionKind(
        "address",
        "Adressen",
        "Links die in 2024 niet werkten, ontbraken of verschillend geschreven waren.",
    ),
    CorrectionKind(
        "merged-duplicate",
        "Samengevoegde rijen",
        "Tools die in meer dan één tabel staan, hebben hier één pagina met een plaats in elke"
        " tabel. Het record citeert alles wat de afzonderlijke rijen citeren.",
    ),
    CorrectionKind(
        "title",
        "Titels en namen",
        "Namen van tools, tussentitels en verwijzingen naar fiches die anders geschreven stonden"
        " dan elders in de toolbox.",
    ),
    CorrectionKind(
        "citation",
        "Bronvermeldingen",
        "Citaties die niet overeenkwamen met de bibliografie.",
    ),
    CorrectionKind("language", "Taal", "Tikfouten en letters uit een ander alfabet."),
    CorrectionKind(
        "addition",
        "Toevoegingen",
        "Gegevens die niet in de tekst van 2024 staan, met de reden waarom ze er nu bij staan.",
    ),
    CorrectionKind(
        "other",
        "Andere keuzes",
        "Beslissingen waar de tekst van 2024 dubbelzinnig is of zichzelf tegenspreekt, en wat"
        " ongewijzigd bleef ondanks een twijfel.",
    ),
]

# How the account names the field of a corrections-log entry.
FIELD_LABELS = {
    "aliases": "andere schrijfwijzen:",
    "owner": "eigenaar",
    "links": "link",
    "references": "bronnen:",
    "name": "naam",
    "title": "titel",
    "url": "adres",
    "website": "website",
    "status": "status",
    "categories": "tussentitel",
    "read_next": "lees verder:",
    "placements": "plaats:",
    "body": "tekst:",
}

# The labels of an entry's fields (the edition's label follows "In editie").
PLACE_LABEL = "Waar"
SOURCE_LABEL = "In de bron"
EDITION_LABEL = "In editie"
WHY_LABEL = "Waarom"


def corrections_by_edition(view: CatalogueView) -> list[tuple[str, list[Correction]]]:
    """The corrections log by the edition each entry describes, newest edition first."""
    grouped: dict[str, list[Correction]] = defaultdict(list)
    for entry in view.catalog.corrections or ():
        grouped[entry.edition].append(entry)
    return sorted(grouped.items(), reverse=True)


def by_kind(entries: list[Correction]) -> list[tuple[CorrectionKind, list[Correction]]]:
    """The entries of one edition under their kind, in the account's order; empty kinds left out."""
    groups = []
    for kind in CORRECTION_KINDS:
        of_kind = [e for e in entries if e.kind == kind.id]
        if of_kind:
            groups.append((kind, of_kind))
    return groups


def correction_record(view: CatalogueView, entry: Correction) -> str:
    """The name of the record an entry is about, as a reader knows it."""
    catalog = view.catalog
    if entry.record_kind == "tool" and entry.record_id in catalog.tools:
        return catalog.tools[entry.record_id].name
    if entry.record_kind == "organisation" and entry.record_id in view.orgs:
        return view.orgs[entry.record_id].name
    if entry.record_kind == "page" and entry.record_id in catalog.pages:
        return page_label(catalog.pages[entry.record_id])
    if entry.record_id in view.references:
        return short_citation(view.references[entry.record_id])
    return entry.record_id


def correction_value(view: CatalogueView, entry: Correction) -> str:
    """'Data says' as a reader reads it: a field name in Dutch and the value."""
    catalog = view.catalog
    value = entry.data_says
    field = entry.field.split("[")[0].split(".")[0]
    if field == "references" and isinstance(value, list):
        value = [short_citation(view.references[k]) if k in view.references else k for k in value]
    elif field == "owner" and isinstance(value, str) and value in view.orgs:
        value = view.orgs[value].name
    elif field == "read_next" and isinstance(value, str) and value in catalog.pages:
        value = page_label(catalog.pages[value])
    if value is None or value == []:
        shown = "(leeg)"
    elif isinstance(value, list):
        shown = "; ".join(
            v if isinstance(v, str) else ", ".join(f"{k}: {x}" for k, x in v.items()) for v in value
        )
    elif isinstance(value, dict):
        shown = ", ".join(f"{k}: {x}" for k, x in value.items())
    else:
        shown = str(value)
    return f"{FIELD_LABELS.get(field, entry.field)} {shown}"
