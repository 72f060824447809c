"""tools.csv: one row per tool, Dutch headers, for a spreadsheet.

Excel and the separator: Excel opens a double-clicked .csv with the list separator of the
computer's regional settings. In a Belgian or Dutch locale (nl-BE, fr-BE, nl-NL) that is ";",
because the comma is the decimal separator there: with "," every row would land in column A.
So the file uses ";" (LibreOffice and Python's csv module read it when told the separator).
The file starts with a UTF-8 byte order mark: without it Excel reads the bytes in the Windows
code page and "é" shows as "Ã©". There is no "sep=;" first line: with it Excel ignores the
mark, and other readers take the line for a row. Lines end in CRLF (RFC 4180); a value with
";", a quote or a line break is quoted.

A field with several values (links, formats, fiches, ...) joins them with SEPARATOR. A value
that starts with "=", "+", "-", "@", a tab or a carriage return gets a leading apostrophe, so a
spreadsheet shows it as text and never runs it as a formula (contributed text is data).

The catalogue's "Download selectie (CSV)" button copies this file's header and the rows of the
selected tools, so a selection has exactly these columns and this encoding.
"""

from __future__ import annotations

import csv
import io

from ..catalog.model import Catalog, Tool
from ..settings import ProjectSettings
from ..views.citations import short_citation
from ..views.paths import page_label, tool_path

HEADERS = [
    "id",
    "naam",
    "omschrijving",
    "eigenaar",
    "eigenaar-id",
    "links",
    "referenties",
    "vormen",
    "lezerstypes",
    "stappen",
    "doelgroepen",
    "taal",
    "status",
    "fiches",
    "pagina",
    "laatst gecontroleerd",
]
SEPARATOR = " | "  # between the values of one field
CATEGORY_MARK = " — "  # between a fiche and the heading the tool stands under on it
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def tools_in_order(catalog: Catalog) -> list[Tool]:
    """Tools by name, as the catalogue lists them (the id breaks ties: a stable order)."""
    return sorted(catalog.tools.values(), key=lambda t: (t.name.casefold(), t.id))


def vocabulary_label(catalog: Catalog, name: str, value: str) -> str:
    labels = catalog.vocabularies.ids(name) if catalog.vocabularies else {}
    return labels.get(value, value)


def reader_type_label(catalog: Catalog, reader_type: str) -> str:
    guide = catalog.reading_guide
    if guide and reader_type in guide.reader_types:
        return guide.reader_types[reader_type].label
    return reader_type


def organisation_name(catalog: Catalog, org_id: str) -> str:
    org = (catalog.organisations or {}).get(org_id)
    return org.name if org else org_id


def fiche_places(catalog: Catalog, tool: Tool) -> list[str]:
    """'B. Buurtanalyse — Algemene tools' for each place of the tool in the toolbox."""
    places = []
    for placement in tool.placements:
        page = catalog.pages.get(placement.fiche)
        if page is None:
            places.append(placement.fiche)
            continue
        titles = {c.id: c.title for c in page.categories}
        category = titles.get(placement.category or "")
        places.append(page_label(page) + (CATEGORY_MARK + category if category else ""))
    return places


def reference_citations(catalog: Catalog, tool: Tool) -> list[str]:
    references = catalog.references or {}
    return [short_citation(references[k]) if k in references else k for k in tool.references]


def tool_row(catalog: Catalog, settings: ProjectSettings, tool: Tool) -> list[str]:
    """The row of one tool, in the order of HEADERS, before the formula guard."""

    def labels(name: str, values: list[str]) -> str:
        return SEPARATOR.join(vocabulary_label(catalog, name, v) for v in values)

    return [
        tool.id,
        tool.name,
        tool.description,
        organisation_name(catalog, tool.owner),
        tool.owner,
        SEPARATOR.join(link.url for link in tool.links),
        SEPARATOR.join(reference_citations(catalog, tool)),
        labels("formats", tool.formats),
        SEPARATOR.join(reader_type_label(catalog, r) for r in tool.reader_types),
        labels("steps", tool.steps),
        labels("target_groups", tool.target_groups),
        vocabulary_label(catalog, "languages", tool.language),
        vocabulary_label(catalog, "statuses", tool.status),
        SEPARATOR.join(fiche_places(catalog, tool)),
        settings.page_url(tool_path(tool.id)) or "",
        tool.last_checked or "",
    ]


def as_text_cell(value: str) -> str:
    """A value a spreadsheet must not read as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(catalog: Catalog, settings: ProjectSettings) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for tool in tools_in_order(catalog):
        writer.writerow([as_text_cell(v) for v in tool_row(catalog, settings, tool)])
    return buffer.getvalue().encode("utf-8-sig")
