"""The proposal forms' fields and the prefilled links to them, defined once.

The GitHub issue forms ("Nieuwe tool voorstellen", "Fout melden in een tool"), the site's links
that open them prefilled, and the e-mail to the editors all use the fields, labels and choices
defined here; contribute/issue_forms.py writes the forms' files and reads submitted ones back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from ..catalog.model import Catalog, Page, Tool, in_sentence

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
NEW_TOOL_FORM = "nieuwe-tool.yml"
REPORT_FORM = "fout-melden.yml"
CONFIG_FILE = "config.yml"
NEW_TOOL_LABEL = "nieuwe-tool"
REPORT_LABEL = "fout-in-tool"
APPROVED_LABEL = "goedgekeurd"
OTHER_OWNER = "Andere organisatie (vul hieronder de naam in)"
NO_RESPONSE = "_No response_"
HEADER = (
    "# Generated from the catalogue by `toolbox issue-forms`; do not edit by hand.\n"
    "# A test fails when this file differs from a fresh generation.\n"
)

MAX_BODY = 65_536  # GitHub's own limit for an issue body
LIMITS = {"naam": 150, "omschrijving": 1500, "link": 2000, "link_label": 200}
LIMITS |= {"nieuwe_eigenaar": 150, "website_eigenaar": 2000}


@dataclass(frozen=True)
class Field:
    id: str
    label: str


NAME = Field("naam", "Naam van de tool")
DESCRIPTION = Field("omschrijving", "Korte omschrijving in je eigen woorden")
LINK = Field("link", "Link naar de tool")
LINK_LABEL = Field("link_label", "Label van de link")
FICHE = Field("fiche", "Fiche")
CATEGORY = Field("categorie", "Tussentitel in de fiche")
OWNER = Field("eigenaar", "Eigenaar")
NEW_OWNER = Field("nieuwe_eigenaar", "Naam van de nieuwe organisatie")
NEW_OWNER_SITE = Field("website_eigenaar", "Website van de nieuwe organisatie")
READERS = Field("lezers", "Voor wie is de tool?")
FORMATS = Field("vormen", "Vorm")
NOTE = Field("toelichting", "Toelichting voor de redactie")
TOOL = Field("tool", "Over welke tool gaat het?")
KIND = Field("soort", "Wat klopt er niet?")
WHAT = Field("beschrijving", "Wat is er fout, en wat zou het moeten zijn?")

NEW_TOOL_FIELDS = (
    NAME,
    DESCRIPTION,
    LINK,
    LINK_LABEL,
    FICHE,
    CATEGORY,
    OWNER,
    NEW_OWNER,
    NEW_OWNER_SITE,
    READERS,
    FORMATS,
    NOTE,
)
REPORT_KINDS = (
    "De link werkt niet of leidt naar een andere pagina",
    "De omschrijving klopt niet",
    "De eigenaar klopt niet",
    "De tool staat in de verkeerde fiche of onder de verkeerde tussentitel",
    "De tool bestaat niet meer",
    "De tekst van de fiche kan beter",
    "Iets anders",
)


# --- choices ---------------------------------------------------------------------------------


def fiche_option(page: Page) -> str:
    """The text of a fiche in the forms' dropdowns (also used in prefilled URLs)."""
    return f"{page.letter}. {page.title}" if page.letter else page.title


def category_option(page: Page, category_title: str) -> str:
    return f"{fiche_option(page)} › {category_title}"


def tool_option(tool: Tool) -> str:
    """How a tool is named in "Fout melden in een tool": its name and, for certainty, its id."""
    return f"{tool.name} ({tool.id})"


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Option text -> value; a text that occurs twice gets the value's id appended."""
    counts: dict[str, int] = {}
    for text, _ in pairs:
        counts[text] = counts.get(text, 0) + 1
    out: dict[str, Any] = {}
    for text, value in pairs:
        key = " ".join(text.split())
        if counts[text] > 1:
            key = f"{key} ({value if isinstance(value, str) else '/'.join(value)})"
        out[key] = value
    return out


@dataclass(frozen=True)
class Choices:
    fiches: dict[str, str]  # option -> page id
    categories: dict[str, tuple[str, str]]  # option -> (page id, category id)
    reader_types: dict[str, str]
    formats: dict[str, str]
    owners: dict[str, str]


def choices(catalog: Catalog) -> Choices:
    pages = catalog.fiches()
    fiches = _unique([(fiche_option(p), p.id) for p in pages])
    fiche_text = {page_id: text for text, page_id in fiches.items()}
    categories = _unique(
        [(f"{fiche_text[p.id]} › {c.title}", (p.id, c.id)) for p in pages for c in p.categories]
    )
    guide = catalog.reading_guide
    reader_types = _unique(
        [(rt.label, rt.id) for rt in guide.reader_types.values()] if guide else []
    )
    vocabularies = catalog.vocabularies
    format_ids = vocabularies.ids("formats") if vocabularies else {}
    formats = _unique([(label, fid) for fid, label in format_ids.items()])
    organisations = sorted(
        (catalog.organisations or {}).values(), key=lambda o: (o.name.casefold(), o.id)
    )
    owners = _unique([(o.name, o.id) for o in organisations])
    return Choices(fiches, categories, reader_types, formats, owners)


# --- the forms -------------------------------------------------------------------------------


def _input(field: Field, description: str, *, required: bool = False, **extra: Any) -> dict:
    attributes = {"label": field.label, "description": description, **extra}
    item: dict[str, Any] = {"type": "input", "id": field.id, "attributes": attributes}
    item["validations"] = {"required": required}
    return item


def _textarea(field: Field, description: str, *, required: bool = False) -> dict:
    attributes = {"label": field.label, "description": description}
    return {
        "type": "textarea",
        "id": field.id,
        "attributes": attributes,
        "validations": {"required": required},
    }


def _dropdown(
    field: Field, description: str, options: list[str], *, multiple=False, required=False
) -> dict:
    attributes: dict[str, Any] = {"label": field.label, "description": description}
    if multiple:
        attributes["multiple"] = True
    attributes["options"] = options
    return {
        "type": "dropdown",
        "id": field.id,
        "attributes": attributes,
        "validations": {"required": required},
    }


NEW_TOOL_FORM_NAME = "Nieuwe tool voorstellen"


def new_tool_form(catalog: Catalog) -> dict[str, Any]:
    found = choices(catalog)
    return {
        "name": NEW_TOOL_FORM_NAME,
        "description": "Stel een methodiek, handleiding, video, vorming of organisatie voor "
        "die in de toolbox thuishoort. Je hebt geen git of YAML nodig.",
        "title": "Nieuwe tool: ",
        "labels": [NEW_TOOL_LABEL],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": "Bedankt om mee te bouwen aan de toolbox. Vul in wat je weet; de "
                    "redactie kijkt je voorstel na. Na goedkeuring maakt een automatische "
                    "stap er een wijziging van, en als er nog iets ontbreekt, lees je dat "
                    "hier als reactie."
                },
            },
            _input(NAME, "Zoals de tool zelf heet, zonder aanhalingstekens.", required=True),
            _textarea(
                DESCRIPTION,
                "Twee of drie zinnen: wat is het en wat heb je eraan? Schrijf het zelf, "
                "kopieer geen tekst van een website.",
                required=True,
            ),
            _input(
                LINK,
                "Het volledige webadres. Nog geen link? Laat dit leeg.",
                placeholder="https://",
            ),
            _input(LINK_LABEL, "Wat de lezer vindt achter de link, bv. 'Handleiding (pdf)'."),
            _dropdown(
                FICHE,
                "In welke fiche of welk hoofdstuk hoort de tool?",
                list(found.fiches),
                required=True,
            ),
            _dropdown(
                CATEGORY,
                "Alleen voor fiches met tussentitels: kies de tussentitel van de gekozen fiche.",
                list(found.categories),
            ),
            _dropdown(
                OWNER,
                "De organisatie die de tool maakt of aanbiedt.",
                [*found.owners, OTHER_OWNER],
                required=True,
            ),
            _input(NEW_OWNER, f"Alleen als je '{OTHER_OWNER}' koos."),
            _input(NEW_OWNER_SITE, "Alleen voor een nieuwe organisatie.", placeholder="https://"),
            _dropdown(
                READERS,
                "Voor welke lezers is de tool vooral nuttig? Meer keuzes mogen.",
                list(found.reader_types),
                multiple=True,
                required=True,
            ),
            _dropdown(
                FORMATS,
                "Wat voor tool is het? Meer keuzes mogen.",
                list(found.formats),
                multiple=True,
                required=True,
            ),
            _textarea(NOTE, "Wil je de redactie nog iets laten weten? (wordt niet gepubliceerd)"),
        ],
    }


def report_form(catalog: Catalog) -> dict[str, Any]:
    found = choices(catalog)
    return {
        "name": "Fout melden in een tool",
        "description": "Een link die niet werkt, een omschrijving die niet klopt, een tool "
        "die in de verkeerde fiche staat, een fiche die beter kan: laat het ons weten.",
        "title": "Fout in tool: ",
        "labels": [REPORT_LABEL],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": "Dank je om dit te melden. Vanaf een pagina van de toolbox is de "
                    "tool al ingevuld; anders geef je de naam van de tool."
                },
            },
            _input(
                TOOL,
                "De naam van de tool zoals op de website. Gaat het over een fiche zelf, laat "
                "dit dan leeg en kies hieronder de fiche.",
            ),
            _dropdown(FICHE, "Over welke fiche gaat het?", list(found.fiches)),
            _dropdown(KIND, "Kies wat het best past.", list(REPORT_KINDS), required=True),
            _textarea(
                WHAT,
                "Beschrijf wat er niet klopt en, als je het weet, wat het moet zijn "
                "(bv. de nieuwe link).",
                required=True,
            ),
        ],
    }


def config_form(catalog: Catalog) -> dict[str, Any]:
    links = []
    site_url = catalog.settings.site_url
    if site_url:
        links.append(
            {
                "name": "De toolbox lezen",
                "url": site_url,
                "about": "De website met alle fiches en tools.",
            }
        )
    config: dict[str, Any] = {"blank_issues_enabled": True}
    if links:
        config["contact_links"] = links
    return config


# --- links from the site ---------------------------------------------------------------------


def issue_url(repo_url: str | None, template: str, **fields: str) -> str | None:
    """The address of a form with fields prefilled (URL parameters named after field ids).

    None without a repository address: then the site shows no such link.
    """
    if not repo_url or not repo_url.startswith("https://"):
        return None
    query = urlencode({"template": template, **{k: v for k, v in fields.items() if v}})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


@dataclass(frozen=True)
class FormField:
    """A field of a generated form, in the form's order: what a proposal by e-mail repeats."""

    id: str
    label: str
    type: str  # input, textarea or dropdown


def form_fields(form: dict[str, Any]) -> list[FormField]:
    return [
        FormField(item["id"], item["attributes"]["label"], item["type"])
        for item in form["body"]
        if "id" in item
    ]


def mail_intro(toolbox_name: str) -> tuple[str, ...]:
    """The lines before the fields; the toolbox is named as site_name in mkdocs.yml names it."""
    return (
        "Beste redactie,",
        "",
        f"Ik stel deze tool voor voor de {in_sentence(toolbox_name)}.",
        "(Vul na elke veldnaam in wat je weet en laat de rest leeg. Verander de veldnamen niet.)",
        "",
    )


def _mail_line(label: str, value: str) -> str:
    # "Voor wie is de tool? …" reads better than "…?: …"; the reader accepts both.
    separator = " " if label.endswith("?") else ": "
    return f"{label}{separator}{value}"


def mail_body(fields: list[FormField], values: dict[str, str], toolbox_name: str) -> str:
    """The plain-text body of a proposal by e-mail: the form's fields as "Label: value" lines."""
    lines = [
        *mail_intro(toolbox_name),
        *(_mail_line(f.label, values.get(f.id, "")) for f in fields),
    ]
    return "\r\n".join(lines) + "\r\n"


def mail_url(address: str | None, subject: str, body: str) -> str | None:
    """A ``mailto:`` address with subject and body, percent-encoded as RFC 6068 asks (UTF-8,
    CRLF line breaks); None without an address."""
    if not address:
        return None
    fields = "&".join(
        f"{key}={quote(value, safe='')}" for key, value in (("subject", subject), ("body", body))
    )
    return f"mailto:{quote(address, safe='@')}?{fields}"


class SuggestionLinks:
    """Addresses of the prefilled forms for the site's "Stel een wijziging voor" and "Stel een
    tool voor" links; every method returns None when mkdocs.yml has no ``repo_url`` (the forms)
    or no ``extra.toolbox.proposal_email`` (the e-mail to the editors)."""

    def __init__(self, catalog: Catalog, repo_url: str | None):
        self.repo_url = repo_url
        self.email = catalog.settings.proposal_email
        self.fiche_text = {page_id: text for text, page_id in choices(catalog).fiches.items()}
        self.pages = catalog.pages
        self.mail_fields = form_fields(new_tool_form(catalog)) if self.email else []
        self.toolbox_name = catalog.settings.site_name

    def change_tool(self, tool: Tool) -> str | None:
        fiche = self.fiche_text.get(tool.placements[0].fiche, "") if tool.placements else ""
        return issue_url(
            self.repo_url,
            REPORT_FORM,
            title=f"Fout in tool: {tool.name}",
            tool=tool_option(tool),
            fiche=fiche,
        )

    def change_page(self, page: Page) -> str | None:
        return issue_url(
            self.repo_url,
            REPORT_FORM,
            title=f"Wijziging in {fiche_option(page)}",
            fiche=self.fiche_text.get(page.id, ""),
            soort="De tekst van de fiche kan beter",
        )

    def propose_tool(self, page: Page) -> str | None:
        return issue_url(self.repo_url, NEW_TOOL_FORM, fiche=self.fiche_text.get(page.id, ""))

    def propose_tool_mail(self, page: Page) -> str | None:
        """A mail to the editors with the form's fields, the page's fiche filled in."""
        if not self.email:
            return None
        fiche = self.fiche_text.get(page.id, "")
        subject = f"{NEW_TOOL_FORM_NAME}: {fiche}" if fiche else NEW_TOOL_FORM_NAME
        return mail_url(
            self.email, subject, mail_body(self.mail_fields, {FICHE.id: fiche}, self.toolbox_name)
        )
