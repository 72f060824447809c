"""Shared fixtures: a small valid project copied to a temporary folder, a CLI runner, and the
guard that fails a test which renders a PDF or launches Chromium without its marker."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from toolbox_build.cli import main
from toolbox_build.validate import validate_project

# pytester: tests/test_suite_layout.py runs small suites of its own to test the guard below.
pytest_plugins = ["pytester"]

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class CliResult:
    exit_code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/fixtures/project (valid, two tools) as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    def run(*args: str) -> CliResult:
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def add_record(project: Path) -> Callable[[str], str]:
    """Copy tests/fixtures/records/<name>.yaml into the project; returns its relative path."""

    def add(name: str) -> str:
        # Saved under a valid id (hyphens), so only the fixture's own problem is reported.
        record_id = name.replace("_", "-")
        target = project / "tools_catalog" / f"{record_id}.yaml"
        shutil.copyfile(FIXTURES / "records" / f"{name}.yaml", target)
        return f"tools_catalog/{record_id}.yaml"

    return add


@pytest.fixture
def site_project(project: Path) -> Path:
    """The small project plus the repository's theme settings, ready for `toolbox build`."""
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "overrides", project / "overrides")
    return project


# -- Built once per run -------------------------------------------------------------------------
# `scripts/test.sh` runs the suite in two processes (pytest-xdist). A session fixture runs once in
# each of them; what is expensive to make is made in a folder both share, under a lock: the
# first process makes it, the other waits and reads it.


def shared_folder(tmp_path_factory: pytest.TempPathFactory, config: pytest.Config) -> Path:
    """A folder of this run only, the same in every worker process of it."""
    base = tmp_path_factory.getbasetemp()
    # A worker's basetemp is <the run's basetemp>/popen-gwN.
    return base.parent if hasattr(config, "workerinput") else base


@contextmanager
def run_lock(folder: Path, name: str) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def shared_pdf(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Callable[..., Path]:
    """``shared_pdf(html, root)``: the PDF of ``html`` rendered once per run, whichever test
    file or worker asks first. Rendered by write_pdf, so the ``.inputs.sha256`` stamp next to it
    lets a build that is handed a copy of both reuse it. Only for tests marked ``pdf``."""
    folder = shared_folder(tmp_path_factory, pytestconfig) / "shared-pdf"

    def make(html: str, root: Path | None = None) -> Path:
        from toolbox_build.pdf.render import write_pdf

        key = hashlib.sha256(f"{root}\n{html}".encode()).hexdigest()[:16]
        with run_lock(folder, key):
            return write_pdf(html, folder / key / "edition.pdf", root=root).path

    return make


@pytest.fixture(scope="module")
def bundled() -> Any:
    """The bundled edition's catalogue, read once per test module (it must be valid)."""
    return validated_catalog(REPO_ROOT)


BOOKLET_SITE_URL = "https://example.org/"  # booklets are rendered as published: with web addresses


@pytest.fixture(scope="session")
def booklet_pdf(shared_pdf: Callable[..., Path]) -> Callable[[str], Path]:
    """``booklet_pdf('role/experience')``: that reader's booklet of the bundled edition, rendered
    once per run whichever test asks first. Only for tests marked ``pdf``."""
    catalogs: list[Any] = []

    def make(route_key: str) -> Path:
        from toolbox_build.pdf.document import render_print_html

        if not catalogs:
            catalogs.append(validated_catalog(REPO_ROOT))
        html = render_print_html(
            catalogs[0], REPO_ROOT, reader=route_key, site_url=BOOKLET_SITE_URL
        )
        return shared_pdf(html, REPO_ROOT)

    return make


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With xdist (`--dist loadfile`, scripts/test.sh) the files that render PDFs, then the
    browser files, are handed out first, so that the many short files fill the end."""
    if not hasattr(config, "workerinput"):
        return
    browser = REPO_ROOT / "tests" / "browser"
    rank: dict[Path, int] = {}
    for item in items:
        cost = 0 if item.get_closest_marker("pdf") else 1 if browser in item.path.parents else 2
        rank[item.path] = min(rank.get(item.path, 2), cost)
    items.sort(key=lambda item: rank[item.path])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current renderer instead of comparing",
    )


# -- Markers: what a test costs ----------------------------------------------------------------
# `pdf` (renders with WeasyPrint), `browser` (launches Chromium; every test under tests/browser/)
# and `slow` are registered in pyproject.toml; `-m "not browser and not pdf"` is the fast part.
# A test that renders or launches without its marker fails, in every run: WeasyPrint's layout
# (HTML.render, which HTML.write_pdf calls) and Playwright's launch are wrapped for the whole
# session. A fixture that rendered is remembered, so a test that only reuses its cached value
# is caught as well.

GUARDED = {
    "pdf": "renders a PDF with WeasyPrint",
    "browser": "launches Chromium with Playwright",
}


class MissingMarkerError(RuntimeError):
    """A test did something expensive that its markers do not declare."""


@dataclass
class _MarkerGuard:
    item: pytest.Item | None = None
    setting_up: list[Any] = field(default_factory=list)
    # Fixture definitions whose value needed a render or a launch, per marker.
    fixtures: dict[str, set[Any]] = field(
        default_factory=lambda: {marker: set() for marker in GUARDED}
    )
    # Messages of the current test, reported even when the test swallowed the exception.
    missing: list[str] = field(default_factory=list)

    def check(self, marker: str) -> None:
        self.fixtures[marker].update(self.setting_up)
        item = self.item
        if item is None or item.get_closest_marker(marker) is not None:
            return
        message = f"{item.nodeid} {GUARDED[marker]} but is not marked @pytest.mark.{marker}"
        self.missing.append(message)
        raise MissingMarkerError(message)

    def unmarked_uses(self, item: pytest.Item) -> list[str]:
        """Fixtures this test uses that rendered or launched (for an earlier test)."""
        found = []
        for marker, fixtures in self.fixtures.items():
            if item.get_closest_marker(marker) is not None:
                continue
            for name in item.fixturenames:
                definitions = item._fixtureinfo.name2fixturedefs.get(name) or ()
                if definitions and definitions[-1] in fixtures:
                    found.append(
                        f"{item.nodeid} uses fixture '{name}', which {GUARDED[marker]}, "
                        f"but is not marked @pytest.mark.{marker}"
                    )
        return found


_GUARD = _MarkerGuard()


def _guarded(marker: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _GUARD.check(marker)
        return function(*args, **kwargs)

    return wrapper


def pytest_configure(config: pytest.Config) -> None:
    import weasyprint
    from playwright.sync_api import BrowserType

    patches = [
        (weasyprint.HTML, "render", "pdf"),
        (BrowserType, "launch", "browser"),
        (BrowserType, "launch_persistent_context", "browser"),
    ]
    for owner, name, marker in patches:
        original = getattr(owner, name)
        setattr(owner, name, _guarded(marker, original))
        config.add_cleanup(functools.partial(setattr, owner, name, original))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    _GUARD.item = item
    try:
        return (yield)
    finally:
        _GUARD.item = None


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: pytest.FixtureRequest) -> Any:
    _GUARD.setting_up.append(fixturedef)
    try:
        return (yield)
    finally:
        _GUARD.setting_up.pop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report = yield
    missing, _GUARD.missing = _GUARD.missing, []
    if call.when == "setup":
        missing += _GUARD.unmarked_uses(item)
    if missing:
        report.outcome = "failed"
        report.longrepr = "\n".join(dict.fromkeys(missing))
    return report


def run_git(root: Path, *args: str) -> str:
    """git in ``root`` with a fixed author (tests commit in temporary clones); its output."""
    return subprocess.run(
        ["git", "-c", "user.name=Redactie", "-c", "user.email=redactie@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def validated_catalog(root: Path) -> Any:
    """The catalogue of a test project that must be valid (the problems shown when it is not)."""
    result = validate_project(root)
    assert result.ok, [str(p) for p in result.problems]
    return result.catalog
