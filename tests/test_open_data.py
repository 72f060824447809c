"""Open data (src/toolbox_build/data/): the CSV, the JSON and its schema, the DCAT description,
and the schema.org JSON-LD in the head of tool and organisation pages.

One `toolbox build --no-pdf` of the small fixture project (plus a tool whose text is hostile to
CSV, JSON-LD and HTML) serves the whole module."""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from toolbox_build.cli import main
from toolbox_build.data import write_open_data
from toolbox_build.data.schema import open_data_schema
from toolbox_build.data.table import csv_bytes
from toolbox_build.settings import ProjectSettings
from toolbox_build.validate import validate_project
from toolbox_build.views.citations import short_citation
from toolbox_build.views.paths import page_label

from .conftest import FIXTURES, REPO_ROOT

SITE_URL = "https://toolbox.example.org/zb/"
HOSTILE_ID = "gevaarlijke-tool"
HOSTILE_NAME = '</script><script>alert("x")</script> & <!-- Tool; "met" puntkomma'
HOSTILE_DESCRIPTION = '=HYPERLINK("https://kwaad.example"); eerste regel\ntweede regel </script>'
HOSTILE_ALIAS = "SAAMO </script><img src=x onerror=alert(1)>"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SDO = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
SEPARATOR = " | "
# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

HOSTILE_TOOL = f"""\
name: {json.dumps(HOSTILE_NAME)}
description: {json.dumps(HOSTILE_DESCRIPTION)}
owner: saamo
links:
  - url: https://www.saamo.be/a?b=1&c=2
    label: Eerste
  - url: https://www.saamo.be/tweede
references: [bloemen-2022]
formats: [handleiding, video]
reader_types: [medewerker, startend]
steps: [buurtanalyse, uitrol]
target_groups: [ouderen]
last_checked: "2024-01-15"
placements:
  - fiche: buurtanalyse
    category: algemene-tools
    order: 2
  - fiche: a-visievorming
    order: 3
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The fixture project with a hostile tool and alias, built once with a site_url."""
    root = tmp_path_factory.mktemp("open-data") / "project"
    shutil.copytree(FIXTURES / "project", root)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "overrides", root / "overrides")
    (root / "tools_catalog" / f"{HOSTILE_ID}.yaml").write_text(HOSTILE_TOOL, encoding="utf-8")
    orgs = root / "content" / "organisations.yaml"
    text = orgs.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: saamo\n    name: SAAMO\n",
        f"  - id: saamo\n    name: SAAMO\n    aliases: [{json.dumps(HOSTILE_ALIAS)}]\n",
    )
    orgs.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOOLBOX_SITE_URL", SITE_URL)
        patch.chdir(root)
        assert main(["build", "--no-pdf"]) == 0
        result = validate_project(root)
    assert result.ok, [p.format_text() for p in result.problems]
    assert result.catalog.settings.site_url == SITE_URL
    return root / "site", result.catalog


def _unguarded(value: str) -> str:
    """A cell as written, without the apostrophe that keeps a spreadsheet from running it."""
    return (
        value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value
    )


def _labels(catalog, name: str, values: list[str]) -> str:
    return SEPARATOR.join(catalog.vocabularies.ids(name)[v] for v in values)


def test_csv_round_trips_to_the_records(built):
    site, catalog = built
    raw = (site / "data" / "tools.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == [
        "id", "naam", "omschrijving", "eigenaar", "eigenaar-id", "links", "referenties",
        "vormen", "lezerstypes", "stappen", "doelgroepen", "taal", "status", "fiches", "pagina",
        "laatst gecontroleerd",
    ]  # fmt: skip
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert len(rows) - 1 == len(catalog.tools) == len(by_id)
    guide = catalog.reading_guide
    for tool in catalog.tools.values():
        row = {key: _unguarded(value) for key, value in by_id[tool.id].items()}
        places = []
        for placement in tool.placements:
            page = catalog.pages[placement.fiche]
            titles = {c.id: c.title for c in page.categories}
            category = titles.get(placement.category or "")
            places.append(page_label(page) + (f" — {category}" if category else ""))
        assert row == {
            "id": tool.id,
            "naam": tool.name,
            "omschrijving": tool.description,
            "eigenaar": catalog.organisations[tool.owner].name,
            "eigenaar-id": tool.owner,
            "links": SEPARATOR.join(link.url for link in tool.links),
            "referenties": SEPARATOR.join(
                short_citation(catalog.references[k]) for k in tool.references
            ),
            "vormen": _labels(catalog, "formats", tool.formats),
            "lezerstypes": SEPARATOR.join(guide.reader_types[r].label for r in tool.reader_types),
            "stappen": _labels(catalog, "steps", tool.steps),
            "doelgroepen": _labels(catalog, "target_groups", tool.target_groups),
            "taal": catalog.vocabularies.ids("languages")[tool.language],
            "status": catalog.vocabularies.ids("statuses")[tool.status],
            "fiches": SEPARATOR.join(places),
            "pagina": f"{SITE_URL}tools/{tool.id}/",
            "laatst gecontroleerd": tool.last_checked or "",
        }, tool.id
    # The hostile row: a formula is shown as text, the line break and ";" stay inside the cell.
    assert by_id[HOSTILE_ID]["omschrijving"] == "'" + HOSTILE_DESCRIPTION
    assert text.count("\r\n") == len(rows)  # every row ends in CRLF; the cell keeps its LF
    assert "\n" in by_id[HOSTILE_ID]["omschrijving"]
    assert by_id[HOSTILE_ID]["fiches"].count(" — ") == 1


def test_csv_has_no_page_address_without_site_url(built):
    _, catalog = built
    text = csv_bytes(catalog, ProjectSettings()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    column = rows[0].index("pagina")
    assert [row[column] for row in rows[1:]] == [""] * len(catalog.tools)


def test_json_validates_against_its_published_schema(built):
    site, catalog = built
    document = json.loads((site / "data" / "toolbox.json").read_text(encoding="utf-8"))
    published = json.loads((site / "data" / "toolbox.schema.json").read_text(encoding="utf-8"))
    assert published == open_data_schema(catalog.settings)
    assert published["title"] == "Toolbox Zorgzame buurten: open data"
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(published)
    validator = jsonschema.Draft202012Validator(published)
    assert list(validator.iter_errors(document)) == []
    assert {t["id"] for t in document["tools"]} == set(catalog.tools)
    assert {o["id"] for o in document["organisations"]} == set(catalog.organisations)
    hostile = next(t for t in document["tools"] if t["id"] == HOSTILE_ID)
    assert hostile["name"] == HOSTILE_NAME and hostile["description"] == HOSTILE_DESCRIPTION
    assert hostile["url"] == f"{SITE_URL}tools/{HOSTILE_ID}/"
    # The schema refuses what it should: a tool without a name, an unknown field.
    broken = json.loads(json.dumps(document))
    del broken["tools"][0]["name"]
    broken["organisations"][0]["extra"] = 1
    assert len(list(validator.iter_errors(broken))) == 2


def test_json_and_dcat_are_the_same_bytes_for_the_same_input(built, tmp_path):
    site, _ = built
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOOLBOX_SITE_URL", SITE_URL)
        again = validate_project(site.parent)  # read afresh, as a second build does
    assert again.ok
    written = {p.name: p for p in write_open_data(again.catalog, again.catalog.settings, tmp_path)}
    for name in ("toolbox.json", "catalogus.jsonld", "toolbox.schema.json", "tools.csv"):
        assert written[name].read_bytes() == (site / "data" / name).read_bytes(), name


class _Scripts(HTMLParser):
    """The JSON-LD scripts of a page as a browser splits them, and where they are."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.current: list[str] | None = None
        self.found: list[tuple[bool, str]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        if tag == "script":
            self.scripts += 1
            if dict(attrs).get("type") == "application/ld+json":
                self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.current is not None:
            self.found.append((self.in_head, "".join(self.current)))
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)


def _page_jsonld(site: Path, page: str) -> tuple[dict, _Scripts]:
    parser = _Scripts()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    assert len(parser.found) == 1, page
    in_head, text = parser.found[0]
    assert in_head, f"{page}: the JSON-LD is not in the head"
    return json.loads(text), parser


def _graph(data: dict, page_url: str) -> Graph:
    """Parsed as RDF. schema.org's remote context is replaced by its vocabulary (no network)."""
    assert data["@context"] == "https://schema.org"
    local = {**data, "@context": {"@vocab": str(SDO)}}
    return Graph().parse(data=json.dumps(local), format="json-ld", publicID=page_url)


def test_tool_page_carries_schema_org_json_ld(built):
    site, catalog = built
    tool = catalog.tools["methodieken-groepsgesprekken"]
    data, _ = _page_jsonld(site, f"tools/{tool.id}")
    graph = _graph(data, f"{SITE_URL}tools/{tool.id}/")
    (node,) = graph.subjects(RDF.type, SDO.LearningResource)
    assert graph.value(node, SDO.name) == Literal(tool.name)
    assert graph.value(node, SDO.description) == Literal(tool.description)
    assert graph.value(node, SDO.url) == Literal(f"{SITE_URL}tools/{tool.id}/")
    assert graph.value(node, SDO.inLanguage) == Literal(tool.language)
    formats = catalog.vocabularies.ids("formats")
    assert set(graph.objects(node, SDO.learningResourceType)) == {
        Literal(formats[f]) for f in tool.formats
    }
    publisher = graph.value(node, SDO.publisher)
    assert (publisher, RDF.type, SDO.Organization) in graph
    assert graph.value(publisher, SDO.name) == Literal(catalog.organisations[tool.owner].name)
    assert publisher == URIRef(f"{SITE_URL}organisaties/{tool.owner}/")
    assert {str(a) for a in graph.objects(node, SDO.sameAs)} == {link.url for link in tool.links}


def test_organisation_page_carries_schema_org_json_ld(built):
    site, catalog = built
    org = catalog.organisations["departement-zorg"]
    data, _ = _page_jsonld(site, f"organisaties/{org.id}")
    graph = _graph(data, f"{SITE_URL}organisaties/{org.id}/")
    node = URIRef(f"{SITE_URL}organisaties/{org.id}/")
    assert (node, RDF.type, SDO.Organization) in graph
    assert graph.value(node, SDO.name) == Literal(org.name)
    assert graph.value(node, SDO.url) == Literal(org.website)
    assert {str(a) for a in graph.objects(node, SDO.alternateName)} == set(org.aliases)
    assert org.aliases


def test_hostile_text_cannot_leave_the_json_ld_script(built):
    site, _ = built
    for page, field, expected in [
        (f"tools/{HOSTILE_ID}", "name", HOSTILE_NAME),
        ("organisaties/saamo", "alternateName", [HOSTILE_ALIAS]),
    ]:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        data, parser = _page_jsonld(site, page)
        assert data[field] == expected, page
        assert "<script>alert" not in html and "<img src=x" not in html, page
        head = html.split("</head>", 1)[0]
        script = head.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
        assert "<" not in script and ">" not in script and "&" not in script, page
        clean_html = (site / "organisaties" / "departement-zorg" / "index.html").read_text(
            encoding="utf-8"
        )
        clean = _Scripts()
        clean.feed(clean_html)
        assert parser.scripts == clean.scripts, f"{page}: the hostile text added a script element"


def test_dcat_description_parses_and_describes_each_file(built):
    site, catalog = built
    address = f"{SITE_URL}data/catalogus.jsonld"
    graph = Graph().parse(site / "data" / "catalogus.jsonld", format="json-ld", publicID=address)
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    (dataset,) = graph.subjects(RDF.type, DCAT.Dataset)
    assert (catalogue, DCAT.dataset, dataset) in graph
    edition_date = Literal(catalog.edition.date, datatype=XSD_DATE)
    for subject in (catalogue, dataset):
        for prop in (DCT.title, DCT.description):
            value = graph.value(subject, prop)
            assert isinstance(value, Literal) and value.language == "nl" and str(value)
        assert graph.value(subject, DCT.publisher) is not None
        assert graph.value(subject, DCT.license) is not None
        assert graph.value(subject, DCT.modified) == edition_date
    publisher = graph.value(dataset, DCT.publisher)
    # The edition's publisher; this fixture names none, so the colophon's producer.
    expected = catalog.edition.publisher or catalog.edition.colophon["production"]
    assert str(graph.value(publisher, FOAF.name)) == getattr(expected, "name", expected)
    assert graph.value(graph.value(dataset, DCAT.contactPoint), VCARD.fn) is not None
    assert graph.value(dataset, DCT.accessRights) is not None
    assert graph.value(dataset, DCT.issued) == edition_date
    assert graph.value(dataset, DCT.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/NLD"
    )
    assert graph.value(dataset, DCAT.landingPage) == URIRef(f"{SITE_URL}tools/")
    assert len(set(graph.objects(dataset, DCAT.keyword))) >= 3
    distributions = set(graph.objects(dataset, DCAT.distribution))
    assert {str(d) for d in distributions} == {
        f"{SITE_URL}data/tools.csv",
        f"{SITE_URL}data/toolbox.json",
    }
    media = {"tools.csv": "text/csv", "toolbox.json": "application/json"}
    for distribution in distributions:
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        name = str(distribution).rsplit("/", 1)[1]
        assert (site / "data" / name).is_file()
        assert graph.value(distribution, DCAT.downloadURL) == distribution
        assert graph.value(distribution, DCAT.accessURL) == distribution
        assert str(graph.value(distribution, DCAT.mediaType)).endswith("/" + media[name])
        assert graph.value(distribution, DCT["format"]) is not None
        assert graph.value(distribution, DCT.license) is not None
        assert graph.value(distribution, DCT.issued) == edition_date
        assert graph.value(distribution, DCT.title).language == "nl"
    json_file = URIRef(f"{SITE_URL}data/toolbox.json")
    assert graph.value(json_file, DCT.conformsTo) == URIRef(f"{SITE_URL}data/toolbox.schema.json")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.buttons: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"] or "")
        if tag == "button":
            self.buttons.append(dict(attrs))


@pytest.mark.parametrize("page", ["tools", "editie"])
def test_catalogue_and_edition_pages_link_every_open_data_file(built, page):
    site, _ = built
    links = _Links()
    links.feed((site / page / "index.html").read_text(encoding="utf-8"))
    base = f"http://host/{page}/"
    targets = {urljoin(base, h) for h in links.hrefs}
    for name in ("tools.csv", "toolbox.json", "toolbox.schema.json", "catalogus.jsonld"):
        assert f"http://host/data/{name}" in targets, (page, name)
        assert (site / "data" / name).is_file()
    if page == "tools":
        (button,) = [b for b in links.buttons if b.get("id") == "zb-download"]
        assert button["type"] == "button"
        assert urljoin(base, button["data-csv"] or "") == "http://host/data/tools.csv"
