"""The suite's own layout: the markers that split off the fast part, the guard that fails a test
which renders a PDF or launches Chromium without its marker, and the workflow that runs it all."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from .conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
CODE_PATHS = {
    "src/**",
    "tests/**",
    "bench/**",
    "overrides/**",
    "scripts/**",
    "pyproject.toml",
    "mkdocs.yml",
    "README.md",  # tests/test_docs.py checks its length and links
    "docs/**",
    ".github/workflows/**",
}


def _workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _commands(script: str) -> list[list[str]]:
    """Shell lines split into commands at `&&`, `||` and `;`."""
    commands = []
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        command: list[str] = []
        for word in [*words, ";"]:
            if word in {"&&", "||", ";"}:
                if command:
                    commands.append(command)
                command = []
            else:
                command.append(word)
    return commands


def _test_packages() -> set[str]:
    """The Debian packages `scripts/system-packages.sh test` installs when they are missing."""
    script = (REPO_ROOT / "scripts" / "system-packages.sh").read_text(encoding="utf-8")
    packages = {p for group in re.findall(r"need\+=\(([^)]*)\)", script) for p in group.split()}
    assert {"chromium", "poppler-utils"} <= packages  # the parse found the test-only ones too
    return packages


# -- the workflow --------------------------------------------------------------------------------


def test_tests_workflow_runs_on_code_changes_only_and_pull_requests_from_forks():
    data = _workflow("tests.yml")
    events = data[True] if True in data else data["on"]  # YAML 1.1 reads `on` as true
    assert set(events) == {"pull_request", "push"}
    assert set(events["pull_request"]["paths"]) == CODE_PATHS
    assert set(events["push"]["paths"]) == CODE_PATHS
    assert events["push"]["branches"] == ["main"]
    # A change to data only keeps the quick check of pull-request.yml.
    data_only = _workflow("pull-request.yml")
    assert "paths" not in (data_only[True] if True in data_only else data_only["on"])
    assert not {p for p in CODE_PATHS if p.startswith(("tools_catalog", "content"))}


def test_tests_workflow_cancels_superseded_runs_and_keeps_no_credentials():
    data = _workflow("tests.yml")
    assert data["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in data["concurrency"]["group"]
    assert data["permissions"] == {"contents": "read"}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    checkout = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [s["with"]["persist-credentials"] for s in checkout] == [False]


def test_tests_workflow_uses_the_actions_pinned_for_pull_requests():
    pinned = {
        step["uses"]
        for job in _workflow("pull-request.yml")["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    }
    (job,) = _workflow("tests.yml")["jobs"].values()
    used = {step["uses"] for step in job["steps"] if "uses" in step}
    assert used
    assert used <= pinned
    text = (WORKFLOWS / "tests.yml").read_text(encoding="utf-8")
    for line in (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8").splitlines():
        action = line.strip().removeprefix("- ").removeprefix("uses: ")
        if action.split(" #")[0] in used:
            assert line.strip() in text  # the same tag comment too


def test_tests_workflow_installs_the_test_packages_with_sudo_then_runs_test_sh():
    (job,) = _workflow("tests.yml")["jobs"].values()
    commands = [c for step in job["steps"] for c in _commands(step.get("run", ""))]
    installed = {
        word
        for c in commands
        if c[:3] == ["sudo", "apt-get", "install"]
        for word in c[3:]
        if not word.startswith("-")
    }
    assert installed == _test_packages()
    suite = commands.index(["bash", "scripts/test.sh"])
    last_install = max(i for i, c in enumerate(commands) if c[:2] == ["sudo", "apt-get"])
    assert last_install < suite


def test_test_sh_lints_and_checks_the_format_of_src_tests_and_bench_before_pytest():
    script = (REPO_ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    commands = _commands(script)
    check = commands.index([".venv/bin/ruff", "check", "src", "tests", "bench"])
    form = commands.index([".venv/bin/ruff", "format", "--check", "src", "tests", "bench"])
    pytest_at = next(
        i for i, c in enumerate(commands) if c[:3] == [".venv/bin/python", "-m", "pytest"]
    )
    assert check < pytest_at
    assert form < pytest_at


# -- the markers ---------------------------------------------------------------------------------


def test_markers_are_registered_and_strict(pytestconfig):
    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert {"browser", "pdf", "slow"} <= registered
    assert "--strict-markers" in pytestconfig.getini("addopts")


@pytest.mark.slow
def test_every_test_under_tests_browser_is_marked_browser(pytester):
    browser = REPO_ROOT / "tests" / "browser"
    result = pytester.runpytest_subprocess(
        "--collect-only",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--rootdir={REPO_ROOT}",
        "-m",
        "not browser",
        str(browser),
    )
    out = result.stdout.str()
    deselected = re.search(r"^no tests collected \((\d+) deselected\)", out, re.M)
    assert deselected, out  # nothing is left once `browser` is excluded
    tests = len([p for p in browser.glob("test_*.py") if "def test_" in p.read_text("utf-8")])
    assert int(deselected.group(1)) >= tests > 0


# -- the guard -----------------------------------------------------------------------------------

INNER_TESTS = """
import pytest
import weasyprint
from playwright.sync_api import Error, sync_playwright

from tests.conftest import MissingMarkerError
from toolbox_build.pdf.render import render_pdf_bytes

HTML = "<p>Zorgzame buurten</p>"


def render():
    return weasyprint.HTML(string=HTML).write_pdf()


@pytest.fixture(scope="module")
def rendered():
    return render()


@pytest.mark.pdf
def test_marked_render_is_allowed():
    assert render().startswith(b"%PDF")


def test_unmarked_render():
    render()


def test_unmarked_render_of_the_project():
    render_pdf_bytes(HTML)


def test_unmarked_render_whose_error_is_swallowed():
    try:
        render()
    except Exception:
        pass


@pytest.mark.pdf
def test_marked_fixture_user(rendered):
    assert rendered.startswith(b"%PDF")


def test_unmarked_user_of_a_fixture_rendered_before(rendered):
    assert rendered.startswith(b"%PDF")


def test_unmarked_launch():
    with sync_playwright() as p:
        p.chromium.launch(executable_path="/nonexistent/chromium")


@pytest.mark.browser
def test_marked_launch_reaches_playwright():
    with sync_playwright() as p, pytest.raises(Error) as error:
        p.chromium.launch(executable_path="/nonexistent/chromium")
    assert not isinstance(error.value, MissingMarkerError)
"""


@pytest.mark.slow
def test_guard_fails_every_render_or_launch_without_its_marker(pytester, pytestconfig):
    markers = "".join(f"\n    {line}" for line in pytestconfig.getini("markers"))
    pytester.makeini(
        f"[pytest]\naddopts = --strict-markers -p no:cacheprovider\nmarkers ={markers}\n"
    )
    pytester.makeconftest(
        f"import sys\nsys.path.insert(0, {str(REPO_ROOT)!r})\npytest_plugins = ['tests.conftest']\n"
    )
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_subprocess("-rA")
    out = result.stdout.str()
    assert re.search(r"PASSED test_inner\.py::test_marked_render_is_allowed$", out, re.M), out
    assert re.search(r"PASSED test_inner\.py::test_marked_fixture_user$", out, re.M), out
    assert re.search(r"PASSED test_inner\.py::test_marked_launch_reaches_playwright$", out, re.M)
    for test in (
        "test_unmarked_render",
        "test_unmarked_render_of_the_project",
        "test_unmarked_render_whose_error_is_swallowed",
    ):
        assert (
            f"test_inner.py::{test} renders a PDF with WeasyPrint "
            "but is not marked @pytest.mark.pdf" in out
        )
    assert (
        "test_inner.py::test_unmarked_user_of_a_fixture_rendered_before uses fixture 'rendered', "
        "which renders a PDF with WeasyPrint, but is not marked @pytest.mark.pdf"
    ) in out
    assert (
        "test_inner.py::test_unmarked_launch launches Chromium with Playwright but is not marked "
        "@pytest.mark.browser"
    ) in out
    result.assert_outcomes(passed=3, failed=4, errors=1)


@pytest.mark.slow
def test_guard_stops_an_unmarked_render_in_the_fast_part(pytester, pytestconfig):
    """With `-m "not pdf"`, a fixture rendered by a marked test no longer hides the render."""
    markers = "".join(f"\n    {line}" for line in pytestconfig.getini("markers"))
    pytester.makeini(
        f"[pytest]\naddopts = --strict-markers -p no:cacheprovider\nmarkers ={markers}\n"
    )
    pytester.makeconftest(
        f"import sys\nsys.path.insert(0, {str(REPO_ROOT)!r})\npytest_plugins = ['tests.conftest']\n"
    )
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_subprocess("-rA", "-m", "not pdf and not browser")
    out = result.stdout.str()
    assert (
        "test_inner.py::test_unmarked_user_of_a_fixture_rendered_before renders a PDF with "
        "WeasyPrint but is not marked @pytest.mark.pdf"
    ) in out
    result.assert_outcomes(failed=4, errors=1, deselected=3)


def test_guard_is_installed_in_this_session():
    import weasyprint
    from playwright.sync_api import BrowserType

    conftest = Path(__file__).with_name("conftest.py")
    for function in (weasyprint.HTML.render, BrowserType.launch):
        assert Path(function.__code__.co_filename) == conftest, function
        assert function.__wrapped__.__code__.co_filename != str(conftest)
