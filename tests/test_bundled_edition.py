"""The bundled February 2024 edition: complete, and clean under every rule."""

from __future__ import annotations

from collections import Counter

import pytest

from toolbox_build.validate import validate_project

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
