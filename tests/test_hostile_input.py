"""Hostile input, generated: whatever a contributor writes, the tools answer with problems that
name a file and a line, or succeed. Never a traceback, never a hang, never unbounded memory.

Hypothesis generates YAML-like text, arbitrary bytes, Markdown mixed with HTML and mutated copies
of the bundled records. Each input runs under a hard time limit (an alarm) and a memory bound (a
cap on the address space), besides Hypothesis' own deadline. The runs are derandomised so CI sees
the same inputs every time.
"""

from __future__ import annotations

import resource
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toolbox_build.catalog.prose_policy import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from toolbox_build.catalog.yaml_source import YamlLoadError, parse_yaml
from toolbox_build.pdf.markdown import MarkdownConverter
from toolbox_build.settings import load_settings, resolved
from toolbox_build.site.pages import SiteRenderer
from toolbox_build.site.prose_sanitiser import ProseSanitiserExtension, wrap_prose
from toolbox_build.validate import validate_project

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[1]
# The bundled records, and the small project's own: mutating those (in place) keeps most of the
# catalogue valid, so the accepted ones also reach the page templates.
RECORDS = sorted((REPO_ROOT / "tools_catalog").glob("*.yaml"))
OWN_RECORDS = sorted((FIXTURES / "project" / "tools_catalog").glob("*.yaml"))

SECONDS_PER_INPUT = 10  # hard limit; Hypothesis' deadline below is the softer, per-example one
EXTRA_BYTES_PER_INPUT = 512 * 1024 * 1024

HOSTILE = settings(
    max_examples=40,
    deadline=3000,  # milliseconds; a machine shared with other jobs needs the slack
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class Hang(Exception):
    """An input ran longer than SECONDS_PER_INPUT."""


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


@contextmanager
def bounded() -> Iterator[None]:
    """Fail the example when it runs too long (an alarm) or grows the process' address space by
    more than EXTRA_BYTES_PER_INPUT (a hard limit: allocation beyond it raises MemoryError)."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"langer dan {SECONDS_PER_INPUT} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    limits = resource.getrlimit(resource.RLIMIT_AS)
    if limits[0] == resource.RLIM_INFINITY and _address_space():
        resource.setrlimit(
            resource.RLIMIT_AS, (_address_space() + EXTRA_BYTES_PER_INPUT, limits[1])
        )
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_INPUT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_AS, limits)
        signal.signal(signal.SIGALRM, previous)


# -- strategies ---------------------------------------------------------------------------------

YAML_TOKENS = [
    "name: ", "description: ", "owner: saamo", "links:", "placements:", "- ", "  ", "    ",
    "\n", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "? ", "| ", "> ", "'", '"', "# ", "---\n",
    "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "!!python/object/apply:os.system ['id']",
    "!!binary aGFsbG8=", "!!set ", "!!omap ", "!ENV HOME", "<<: ", "~", "null", "yes", "1e999",
    "0x1F", "2024-02-30", "\t", "\x00", "\ufeff", "\u202e", "\u200b", "\r", "\x1b[31m",
    "url: javascript:alert(1)", "url: https://127.0.0.1/", "order: -1", "order: 99999999999",
    "fiche: a-visievorming", "- fiche: buurtanalyse\n    order: 1",
]  # fmt: skip
yaml_like = st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=8)), max_size=60).map(
    "".join
)

MARKDOWN_TOKENS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<style>body{}</style>",
    "<iframe src=https://x.invalid></iframe>", "<svg onload=alert(1)>", "<object data=x>",
    '<a href="javascript:alert(1)">x</a>', "[x](javascript:alert(1))", "[x](data:text/html,x)",
    '<a href="jav&#x09;ascript:alert(1)">x</a>', "[x](vbscript:msgbox(1))",
    '<link rel="attachment" href=".git/config">', "![x](file:///etc/passwd)",
    '{: onclick="alert(1)" }', "{: style=\"color:red\" }", '<div markdown="1">', "</div>",
    "<details>", "</details>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#x3C;script&#x3E;",
    "*", "**", "_", "`", "```\n", "|", " | ", "---\n", "\n", "\n\n", "    ", "# ", "> ", "- ",
    "1. ", "[@bloemen-2022]", "[@onbekend-1999]", "{{ 7*7 }}", "{% raw %}", ":smile:", "@{x}",
    "\u202e", "\u200d", "<", ">", '"', "'", "=", "x", "tekst",
]  # fmt: skip
markdown_with_html = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_TOKENS), st.text(max_size=6)), max_size=40
).map("".join)


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text): a record with a few edits (characters cut, inserted or replaced, lines
    swapped). The small project's own records keep their file name, so they replace the original."""
    source = draw(st.sampled_from(RECORDS + OWN_RECORDS))
    name = source.name if source in OWN_RECORDS else "onderzocht.yaml"
    text = source.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "insert", "swap-lines", "replace-value"]))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            piece = draw(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=10)))
            text = text[:at] + piece + text[at:]
        elif kind == "swap-lines":
            lines = text.splitlines(keepends=True)
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        else:
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(YAML_TOKENS + MARKDOWN_TOKENS))}\n"
            text = "".join(lines)
    return name, text


# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project; each example overwrites one record or page in it."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(FIXTURES / "project", root)
    return root


def assert_problems_have_places(root: Path, written: Path, text_lines: int) -> None:
    """Validate the project: every problem names a file of the project and a line in it."""
    result = validate_project(root)
    for problem in result.problems:
        assert problem.path, problem
        assert (root / problem.path).exists(), problem
        assert problem.line >= 1 and problem.column >= 1, problem
        if Path(problem.path) == written.relative_to(root):
            assert problem.line <= text_lines + 1, problem
    if result.ok:
        # A record the validator accepts must also render: the templates see it as data.
        SiteRenderer(result.catalog, root).render_all()


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def line_count(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") + 1


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every element in a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_within_policy(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES.get("*", set()) | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            assert name in allowed, (tag, name, html)
            if name == "href" and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in URL_SCHEMES or not scheme, (value, html)


# -- the properties -----------------------------------------------------------------------------


@settings(HOSTILE, max_examples=200)
@given(text=yaml_like)
def test_yaml_loader_parses_or_names_a_line(text: str) -> None:
    with bounded():
        try:
            parse_yaml(text)
        except YamlLoadError as exc:
            assert exc.message and exc.code
            assert 1 <= exc.line <= line_count(text.encode("utf-8", "surrogatepass")) + 1
            assert exc.column >= 1


@HOSTILE
@given(
    data=st.one_of(st.binary(max_size=400), yaml_like.map(lambda t: t.encode("utf-8", "replace")))
)
# Found by this test: an impossible date and a badly tagged value raised inside PyYAML.
@example(data=b"0000-00-00")
@example(data=b"last_checked: 2024-02-30\nname: !!bool misschien\n")
@example(data=b"steps: " + b"[" * 5000)
def test_arbitrary_bytes_as_a_record_give_problems_with_a_place(sandbox: Path, data: bytes) -> None:
    record = sandbox / "tools_catalog" / "onderzocht.yaml"
    record.write_bytes(data)
    try:
        with bounded():
            assert_problems_have_places(sandbox, record, line_count(data))
    finally:
        record.unlink()


@HOSTILE
@given(mutated=mutated_record())
def test_mutated_real_record_gives_problems_with_a_place(
    sandbox: Path, mutated: tuple[str, str]
) -> None:
    name, text = mutated
    record = sandbox / "tools_catalog" / name
    original = record.read_bytes() if record.exists() else None
    data = _utf8(text)
    record.write_bytes(data)
    try:
        with bounded():
            assert_problems_have_places(sandbox, record, line_count(data))
    finally:
        if original is None:
            record.unlink()
        else:
            record.write_bytes(original)


@HOSTILE
@given(front=yaml_like, body=markdown_with_html)
def test_page_with_hostile_front_matter_and_body_gives_problems_with_a_place(
    sandbox: Path, front: str, body: str
) -> None:
    page = sandbox / "content" / "fiches" / "onderzocht.md"
    data = f"---\nid: onderzocht\nkind: fiche\n{front}\n---\n{body}\n".encode(
        "utf-8", "surrogatepass"
    )
    page.write_bytes(data)
    try:
        with bounded():
            assert_problems_have_places(sandbox, page, line_count(data))
    finally:
        page.unlink()


@settings(HOSTILE, max_examples=100)
@given(text=markdown_with_html)
def test_print_markdown_keeps_only_the_allowed_html(text: str) -> None:
    converter = MarkdownConverter(load_settings(REPO_ROOT))
    with bounded():
        html = converter.convert(text, id_prefix="fiche", shift_headings=1)
    assert_within_policy(html)


@settings(HOSTILE, max_examples=100)
@given(text=markdown_with_html)
def test_site_prose_keeps_only_the_allowed_html(text: str) -> None:
    project = load_settings(REPO_ROOT)
    with bounded():
        html = markdown.markdown(
            wrap_prose(text),
            extensions=[*project.markdown_extensions, ProseSanitiserExtension()],
            extension_configs={
                name: resolved(options) for name, options in project.extension_configs.items()
            },
        )
    assert_within_policy(html)
