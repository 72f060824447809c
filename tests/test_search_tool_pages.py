"""The tool pages file of the search index: the catalogue's word filter maps Pagefind's results
to its records with it (see docs/decisions/search.md)."""

from __future__ import annotations

import json


def _page(title: str, kind: str) -> str:
    return (
        f'<html lang="nl"><body><main data-pagefind-body data-pagefind-meta="type:{kind}" '
        f'data-pagefind-filter="type:{kind}"><h1>{title}</h1><p>Buurtwerkers ontmoeten.</p>'
        "</main></body></html>"
    )


def test_every_tool_page_and_no_other_is_listed_by_its_pagefind_id(tmp_path):
    from toolbox_build.site.search import build_search_index

    for path, title, kind in [
        ("tools/een-tool/index.html", "Een tool", "Tool"),
        ("tools/nog-een/index.html", "Nog een", "Tool"),
        ("fiches/a-fiche/index.html", "Een fiche", "Fiche"),
    ]:
        (tmp_path / path).parent.mkdir(parents=True)
        (tmp_path / path).write_text(_page(title, kind), encoding="utf-8")
    folder = build_search_index(tmp_path)
    pages = json.loads((folder / "toolpaginas.json").read_text(encoding="utf-8"))["pages"]
    fragments = {p.name.removesuffix(".pf_fragment") for p in (folder / "fragment").iterdir()}
    assert set(pages) < fragments  # Pagefind's ids: the fragments' names
    assert sorted(pages.values()) == ["tools/een-tool/", "tools/nog-een/"]  # site-relative
    assert len(fragments - set(pages)) == 1  # the fiche
