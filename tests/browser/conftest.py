"""Browser tests: the bundled edition built once, served on 127.0.0.1, driven by Playwright in
Debian's Chromium (headless, no sandbox, no background networking)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolbox_build.data import write_open_data
from toolbox_build.site.build import build_site
from toolbox_build.validate import validate_project

from ..conftest import REPO_ROOT, run_lock, shared_folder

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO_ROOT / "test-artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives Chromium: marked `browser`, before `-m` selects."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """The bundled edition's site, built once per run (shared by the workers of xdist)."""
    folder = shared_folder(tmp_path_factory, pytestconfig) / "bundled-site"
    with run_lock(folder.parent, "bundled-site"):
        built = folder / "site"
        if not (folder / "built").is_file():
            result = validate_project(REPO_ROOT)
            assert result.ok
            catalog = result.catalog
            built = build_site(
                catalog,
                REPO_ROOT,
                built,
                extra_docs=lambda docs: write_open_data(catalog, catalog.settings, docs / "data"),
            )
            (folder / "built").write_text(str(built), encoding="utf-8")
        return Path((folder / "built").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
