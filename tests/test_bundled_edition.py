"""The bundled February 2024 edition: complete, and clean under every rule."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from toolbox_build.catalog.load import read_project
from toolbox_build.catalog.raw_records import record_data
from toolbox_build.site.pages import SiteRenderer
from toolbox_build.validate import validate_project
from toolbox_build.validate.corrections import _MISSING, field_value

from .conftest import REPO_ROOT


@pytest.fixture(scope="module")
def bundled():
    return validate_project(REPO_ROOT)


def test_bundled_edition_has_no_errors_and_no_warnings(bundled):
    assert [p.format_text() for p in bundled.problems] == []


def test_every_fiche_and_both_part1_tool_chapters_list_tools(bundled):
    catalog = bundled.catalog
    used = Counter(p.fiche for tool in catalog.tools.values() for p in tool.placements)
    fiches = [page.id for page in catalog.pages.values() if page.kind == "fiche"]
    assert sorted(page.letter for page in catalog.pages.values() if page.kind == "fiche") == list(
        "ABCDEFGHIJKLMN"
    )
    for fiche_id in [*fiches, "buurtanalyse", "reflectie"]:
        assert used[fiche_id] > 0, fiche_id


def test_table_rows_are_numbered_one_to_n_in_every_fiche(bundled):
    orders: dict[str, list[int]] = {}
    for tool in bundled.catalog.tools.values():
        for placement in tool.placements:
            orders.setdefault(placement.fiche, []).append(placement.order)
    for fiche, numbers in orders.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), fiche


def test_every_tool_file_declares_its_schema_for_editors():
    line = "# yaml-language-server: $schema=../src/toolbox_build/catalog/schemas/tool.schema.json"
    for path in sorted((REPO_ROOT / "tools_catalog").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == line, path.name


def test_reading_guide_is_marked_reconstructed_and_routes_reach_pages(bundled):
    guide = bundled.catalog.reading_guide
    assert guide is not None and guide.reconstructed
    axes = {rt.axis for rt in guide.reader_types.values()}
    assert axes == {"role", "experience"}
    assert {r.reader_type for r in guide.routes} == set(guide.reader_types)
    for route in guide.routes:
        for stop in route.stops:
            assert stop.target in bundled.catalog.pages


# -- the corrections log and the editorial state of the data -----------------------------------

PRODUCTION_TRACES = [
    re.compile(r"\(?\b00[24]:\d+"),  # coordinates in extraction files, e.g. (004:612)
    re.compile(r"\bregels? \d+\s*[–-]\s*\d+"),  # "regels 1879–1934"
    re.compile(r"\blines? \d+\s*[–-]\s*\d+"),
    re.compile(r"\b(?:another helper|the brief|see report|seed files?|extraction)\b", re.I),
    re.compile(r"\bseeds?/"),
    re.compile(r"\bEVIDENCE\b"),
]


def _traces(text: str) -> list[str]:
    return [m.group(0) for pattern in PRODUCTION_TRACES for m in pattern.finditer(text)]


def test_no_text_under_content_speaks_of_how_it_was_made():
    found = {}
    for path in sorted((REPO_ROOT / "content").rglob("*")):
        if path.is_file() and path.suffix in {".md", ".yaml", ".yml"}:
            traces = _traces(path.read_text(encoding="utf-8"))
            if traces:
                found[path.name] = traces
    assert found == {}


def test_no_generated_page_speaks_of_how_it_was_made(bundled):
    files = SiteRenderer(bundled.catalog, REPO_ROOT).render_all()
    assert len(files) > 200
    found = {f.path: _traces(f.text) for f in files if _traces(f.text)}
    assert found == {}


def test_trace_patterns_catch_what_they_are_for():
    assert _traces("zie (004:612) en regels 1879–1934") == ["(004:612", "regels 1879–1934"]
    assert _traces("Onderzoeksrapport, bijlage 8, tabel 6") == []


def test_every_log_entry_says_exactly_what_the_data_holds(bundled):
    catalog = bundled.catalog
    raw = {doc.path: doc for doc in read_project(REPO_ROOT)[1]}
    assert catalog.corrections and len(catalog.corrections) > 100
    for entry in catalog.corrections:
        data, _ = record_data(catalog, raw, entry.record_kind, entry.record_id)
        assert data is not None, entry.record_id
        value = field_value(data, entry.field)
        if entry.record_kind == "page" and entry.field == "body":
            assert entry.data_says in value, entry.record_id
        elif entry.data_says is None:
            assert value in (None, [], _MISSING), (entry.record_id, entry.field)
        else:
            assert value == entry.data_says, (entry.record_id, entry.field)


def test_log_claims_the_issue_found_wrong_are_now_true(bundled):
    tools = bundled.catalog.tools
    epub = tools["bouwen-aan-een-organisatiestructuur"].links[0].url
    assert epub.endswith("/2022_SALI001_e-pub_zorgzame-buurten.pdf")
    assert tools["praktijkkader-versterken-van-mensen-in-maatschappelijk"].owner == "sam"
    zzb = [
        link.url
        for tool in tools.values()
        for link in tool.links
        if "zorgzamebuurten.be" in link.url
    ]
    assert zzb and all(url.startswith("https://") for url in zzb)
    assert {"de-outreach-cirkel-youtube-nd", "visie-op-outreachend-werken-nd"} <= set(
        tools["filmpjesreeks-outreachend-werken"].references
    )
    assert "zorgzame-buurten-impactgericht-handelen-nd" in (
        tools["webinar-impactgedreven-werken-met-theory-of-change"].references
    )


def test_every_owner_spelling_in_the_log_is_a_name_or_alias(bundled):
    organisations = bundled.catalog.organisations
    entries = [c for c in bundled.catalog.corrections if c.kind == "owner-spelling"]
    assert len(entries) >= 10
    for entry in entries:
        spellings = re.findall(r'"([^"]+)"', entry.source_says)
        org = organisations[entry.record_id]
        assert spellings and set(spellings) <= {org.name, *org.aliases}, entry.record_id


def test_every_merged_record_is_logged_with_its_rows(bundled):
    merged = {c.record_id: c for c in bundled.catalog.corrections if c.kind == "merged-duplicate"}
    for tool in bundled.catalog.tools.values():
        if len(tool.placements) > 1:
            assert tool.id in merged, tool.id
            assert len(merged[tool.id].rows) == len(tool.placements), tool.id
            for row in merged[tool.id].rows:
                assert set(row.references) <= set(tool.references), tool.id


def test_part1_chapters_are_for_every_reader_type(bundled):
    every = set(bundled.catalog.reading_guide.reader_types)
    chapters = [p for p in bundled.catalog.pages.values() if p.kind == "chapter"]
    assert chapters
    for page in chapters:
        assert set(page.reader_types) == every, page.id


def test_account_page_groups_the_log_by_edition_then_kind_and_is_in_the_nav(bundled):
    renderer = SiteRenderer(bundled.catalog, REPO_ROOT)
    page = next(f for f in renderer.render_all() if f.path == "verantwoording.md")
    assert {"Verantwoording": "verantwoording.md"} in renderer.nav()
    editions = re.findall(r"^## (.+?) \((\d+)\)", page.text, re.M)
    # The edition being prepared first (its label is stamped at release), then the published one.
    per_edition = Counter(c.edition for c in bundled.catalog.corrections)
    assert editions == [
        ("Editie februari 2025", str(per_edition["2025-02"])),
        ("Editie februari 2024", str(per_edition["2024-02"])),
    ]
    headings = re.findall(r"^### (.+?) \((\d+)\)", page.text, re.M)
    order = ["owner-spelling", "address", "merged-duplicate", "title", "citation", "language"]
    order += ["addition", "other"]
    expected = []
    for edition in ("2025-02", "2024-02"):
        counts = Counter(c.kind for c in bundled.catalog.corrections if c.edition == edition)
        expected += [counts[k] for k in order if counts[k]]
    assert [int(n) for _, n in headings] == expected
    first_2024 = len({c.kind for c in bundled.catalog.corrections if c.edition == "2025-02"})
    assert headings[first_2024][0] == "Schrijfwijze van eigenaars"
    assert "Kenniscлип" not in page.text
