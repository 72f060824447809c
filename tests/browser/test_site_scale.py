"""A catalogue too large to send whole: the server sends its first rows, the script draws the rest
from records.json. Built once from a generated catalogue of 600 tools (bench_validate.py's
generator), served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from ..conftest import REPO_ROOT
from .conftest import pytestmark  # noqa: F401 - skip the module without chromium

TOOLS = 600  # above the 500 tools a catalogue page sends whole
FICHE = "k-vrijwilligers"


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory):
    sys.path.insert(0, str(REPO_ROOT / "bench"))
    try:
        from bench_validate import generate_catalogue
    finally:
        sys.path.pop(0)
    from toolbox_build.site.build import build_site
    from toolbox_build.validate import validate_project

    project = tmp_path_factory.mktemp("large")
    generate_catalogue(project, TOOLS)
    shutil.copytree(REPO_ROOT / "overrides", project / "overrides")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    result = validate_project(project)
    assert result.ok
    return build_site(result.catalog, project, project / "site")


@pytest.fixture(scope="module")
def large_url(large_site) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(large_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_large_catalogue_sends_its_first_rows_and_draws_the_rest(browser, large_site, large_url):
    records = json.loads((large_site / "records.json").read_text(encoding="utf-8"))
    assert len(records["tools"]) == TOOLS
    html = (large_site / "tools" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="zb-tool-row"') == 60
    expected = [t for t in records["tools"] if FICHE in t["fiche"]]
    assert 0 < len(expected) <= 60
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(urljoin(large_url, f"tools/?fiche={FICHE}"), wait_until="networkidle")
    expect(page.locator("#zb-result-count")).to_have_text(f"{len(expected)} tools van {TOOLS}")
    expect(page.locator("#zb-partial")).to_be_hidden()
    rows = page.locator("#zb-catalogue tbody tr")
    assert [rows.nth(i).get_attribute("data-id") for i in range(rows.count())] == [
        t["id"] for t in expected
    ]
    # A row drawn by the script looks like a row from the server: name, owner and fiche links.
    last = rows.last
    tool = expected[-1]
    expect(last.locator("td[data-label='Tool'] a")).to_have_text(tool["name"])
    assert last.locator("td[data-label='Tool'] a").get_attribute("href") == urljoin(
        large_url, tool["url"]
    )
    expect(last.locator("td[data-label='Eigenaar'] a")).to_have_text(tool["owner"])
    expect(last.locator("td[data-label='Fiches'] a").first).to_have_attribute(
        "aria-label", "K. Vrijwilligers"
    )
    # Unfiltered: one page of 60 rows in the document, "Toon meer tools" adds the next.
    page.goto(urljoin(large_url, "tools/"), wait_until="networkidle")
    expect(rows).to_have_count(60)
    more = page.locator("#zb-more")
    expect(more).to_have_text(f"Toon meer tools (nog {TOOLS - 60})")
    more.click()
    expect(rows).to_have_count(120)
    expect(rows.nth(60).locator("a").first).to_be_focused()
    assert errors == []
    context.close()
