"""catalogus.jsonld: the open data described in DCAT-AP Vlaanderen, for a portal to harvest.

One dcat:Catalog with one dcat:Dataset (the tools of this edition) and a dcat:Distribution per
file. DCAT-AP Vlaanderen asks of a dataset at least a title and a description (in Dutch here),
a publisher, a contact point and its access rights, and of a distribution at least an access
address and a licence; format, media type, language, keywords, theme, landing page and the
issue and modification dates are recommended and given too. Controlled values come from the EU
authority tables (file types, languages, data themes, access rights) and the IANA media types.

The context is written inline (no remote context to fetch), and the only date is the edition's,
so the file is the same for the same input. Without site_url the addresses are relative to this
file; JSON-LD resolves them against the address the file is read from.
"""

from __future__ import annotations

from typing import Any

from ..catalog.model import Catalog, in_sentence
from ..settings import ProjectSettings
from ..views.paths import CATALOGUE_PAGE

DATA_FOLDER = "data/"
# The Flemish government's open licence (free reuse, attribution); mkdocs.yml can name another
# with extra.toolbox.data_license (an address).
DEFAULT_LICENSE = "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGES = {"nl": "NLD", "en": "ENG", "fr": "FRA", "de": "DEU"}
KEYWORDS = ["toolbox"]  # when content/edition.yaml gives none (toolbox.keywords)
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# What each published file is: (title, description, EU file type, IANA media type).
FILES = {
    "tools.csv": (
        "Alle tools (CSV)",
        "Eén rij per tool met Nederlandstalige kolomkoppen; UTF-8 met BOM, scheidingsteken ';',"
        " meerdere waarden in één veld gescheiden door ' | '.",
        "CSV",
        "text/csv",
    ),
    "toolbox.json": (
        "Alle tools en organisaties (JSON)",
        "Alle tools met hun eigenaars, de woordenlijsten en de fiches, volgens het "
        "gepubliceerde JSON-schema.",
        "JSON",
        "application/json",
    ),
}


def _nl(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "nl"}


def _iri(address: str) -> dict[str, str]:
    return {"@id": address}


def _date(value: str) -> dict[str, str]:
    return {"@value": value, "@type": "xsd:date"}


def data_license(settings: ProjectSettings) -> str:
    extra = settings.config.get("extra")
    toolbox = extra.get("toolbox") if isinstance(extra, dict) else None
    chosen = toolbox.get("data_license") if isinstance(toolbox, dict) else None
    return chosen if isinstance(chosen, str) and chosen.strip() else DEFAULT_LICENSE


def dcat_document(
    catalog: Catalog, settings: ProjectSettings, files: list[str], schema_file: str
) -> dict[str, Any]:
    site = settings.site_url or ""

    def here(name: str) -> str:
        """The address of a file in data/ (relative to this file without site_url)."""
        return f"{site}{DATA_FOLDER}{name}" if site else name

    edition = catalog.edition
    publisher = edition.publisher if edition else None
    production = edition.colophon.get("production") if edition else None
    publisher_name = (
        publisher.name
        if publisher
        else str(production)
        if isinstance(production, str) and production
        else settings.site_name
    )
    publisher_url = publisher.url if publisher and publisher.url else None
    publisher_id = publisher_url or here("catalogus.jsonld#uitgever")
    license_iri = _iri(data_license(settings))
    language = _iri(EU + "language/" + LANGUAGES.get(settings.language, "NLD"))
    edition_name = edition.label_in_sentence if edition else ""
    dates: dict[str, Any] = (
        {"dct:issued": _date(edition.date), "dct:modified": _date(edition.date)} if edition else {}
    )
    dataset_id = here("catalogus.jsonld#dataset")
    title = f"{settings.site_name}: alle tools" + (f" (editie {edition_name})" if edition else "")
    # What the toolbox offers is site_description in mkdocs.yml, here inside a sentence.
    offers = (
        in_sentence(settings.site_description.rstrip(". ")) if settings.site_description else ""
    )
    description = (
        f"De {len(catalog.tools)} tools van de {settings.site_name}"
        + (f": {offers}," if offers else ",")
        + " met hun eigenaar, links, vorm, doelgroep, de lezers voor wie ze bedoeld zijn en de"
        " fiches waarin ze staan."
    )
    keywords = list(edition.toolbox.keywords) if edition and edition.toolbox.keywords else KEYWORDS
    distributions = []
    for name in files:
        file_title, file_description, file_type, media_type = FILES[name]
        distribution: dict[str, Any] = {
            "@id": here(name),
            "@type": "dcat:Distribution",
            "dct:title": _nl(file_title),
            "dct:description": _nl(file_description),
            "dcat:accessURL": _iri(here(name)),
            "dcat:downloadURL": _iri(here(name)),
            "dct:format": _iri(EU + "file-type/" + file_type),
            "dcat:mediaType": _iri("https://www.iana.org/assignments/media-types/" + media_type),
            "dct:license": license_iri,
            "dct:language": language,
            **dates,
        }
        if name.endswith(".json"):
            distribution["dct:conformsTo"] = _iri(here(schema_file))
        distributions.append(distribution)
    landing = {"dcat:landingPage": _iri(settings.page_url(CATALOGUE_PAGE) or "")} if site else {}
    dataset: dict[str, Any] = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:title": _nl(title),
        "dct:description": _nl(description),
        "dct:identifier": dataset_id,
        "dct:publisher": _iri(publisher_id),
        "dcat:contactPoint": {
            "@id": here("catalogus.jsonld#contact"),
            "@type": "vcard:Organization",
            "vcard:fn": publisher_name,
            **({"vcard:hasURL": _iri(publisher_url)} if publisher_url else {}),
        },
        "dct:accessRights": _iri(EU + "access-right/PUBLIC"),
        "dcat:keyword": [_nl(k) for k in keywords],
        "dcat:theme": _iri(EU + "data-theme/SOCI"),
        "dct:language": language,
        "dct:license": license_iri,
        **dates,
        **landing,
        "dcat:distribution": [_iri(d["@id"]) for d in distributions],
    }
    catalogue: dict[str, Any] = {
        "@id": here("catalogus.jsonld#catalogus"),
        "@type": "dcat:Catalog",
        "dct:title": _nl(f"Open data van de {settings.site_name}"),
        "dct:description": _nl(
            "De gegevens achter de toolbox als open data: CSV voor rekenbladen, JSON met schema."
        ),
        "dct:publisher": _iri(publisher_id),
        "dct:language": language,
        "dct:license": license_iri,
        **({"foaf:homepage": _iri(site)} if site else {}),
        **dates,
        "dcat:dataset": _iri(dataset_id),
    }
    agent: dict[str, Any] = {
        "@id": publisher_id,
        "@type": ["foaf:Agent", "foaf:Organization"],
        "foaf:name": publisher_name,
    }
    return {"@context": CONTEXT, "@graph": [catalogue, dataset, *distributions, agent]}
