"""The catalogue's "Download selectie (CSV)": the filtered tools, as the full tools.csv has them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urljoin

from .conftest import pytestmark  # noqa: F401 - skip the module without chromium

BOM = b"\xef\xbb\xbf"


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_download_selection_holds_exactly_the_filtered_tools(page, base_url, built_site):
    records = json.loads((built_site / "records.json").read_text(encoding="utf-8"))
    expected = [
        t["id"]
        for t in records["tools"]
        if "c-bereiken-buurtbewoners" in t["fiche"] and "medewerker" in t["lezer"]
    ]
    assert 0 < len(expected) < len(records["tools"])
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if r.url.startswith("http") and not r.url.startswith(base_url)
            else None
        ),
    )
    page.goto(urljoin(base_url, "tools/"))
    page.locator("#zb-f-fiche-c-bereiken-buurtbewoners").check()
    page.locator("#zb-f-lezer-medewerker").check()
    button = page.get_by_role("button", name="Download selectie (CSV)")
    button.focus()  # by keyboard: focus, then Enter
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(BOM) and raw.endswith(b"\r\n")

    full = _rows((built_site / "data" / "tools.csv").read_bytes())
    rows = _rows(raw)
    assert rows[0] == full[0]
    by_id = {row[0]: row for row in full[1:]}
    assert [row[0] for row in rows[1:]] == expected
    assert rows[1:] == [by_id[tool_id] for tool_id in expected]
    status = page.locator("#zb-download-status")
    assert status.inner_text().startswith(f"{len(expected)} tool")
    assert outside == []


def test_download_without_filters_is_the_full_file(page, base_url, built_site):
    page.goto(urljoin(base_url, "tools/"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download selectie (CSV)").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw == (built_site / "data" / "tools.csv").read_bytes()
