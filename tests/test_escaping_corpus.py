"""An escaping corpus in every text field reaches the site and the PDF as inert text.

The corpus (script tags, attribute breakers, template syntax, Markdown and link syntax, CDATA
ends, bidi and zero-width characters, a front-matter fence, emoji shortcodes) goes into every text
field of a tool record, an organisation, a reference and a page's front matter. The small project
is then built, site and PDF, and the test reads what came out: no element or attribute made from
the corpus, the corpus present as text.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolbox_build.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[1]

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% raw %}",
    "[x](javascript:alert(1))",
    "&amp;",
    "*vet*",
    "a | b",
    "`code`",
    "]]>",
    "@{x}",
    "---",
    ":smile:",
]
RLO, ZWJ = "\u202e", "\u200d"
# One text with every payload; the bidi override and the joiner sit inside a word, where they
# would hide or reorder letters.
CORPUS = " ".join(PAYLOADS) + f" om{RLO}gekeerd{ZWJ}woord"

TOOL = "methodieken-groepsgesprekken"
ORGANISATION = "saamo"
PAGE = "fiches/a-visievorming.md"


def _tool(data: dict[str, Any]) -> None:
    data["name"] = f"Tool {CORPUS}"
    data["description"] = f"Omschrijving {CORPUS}"
    for link in data["links"]:
        link["label"] = f"Label {CORPUS}"
    for placement in data["placements"]:
        placement["note"] = f"Noot {CORPUS}"


def _organisation(data: dict[str, Any]) -> None:
    for org in data["organisations"]:
        if org["id"] == ORGANISATION:
            org["name"] = f"Organisatie {CORPUS}"
            org["aliases"] = [f"Alias {CORPUS}"]
            org["description"] = f"Beschrijving {CORPUS}"


def _reference(data: dict[str, Any]) -> None:
    ref = data["references"][0]
    ref["authors"] = [f"Auteur {CORPUS}"]
    ref["title"] = f"Titel {CORPUS}"
    ref["container"] = f"Reeks {CORPUS}"


def _front_matter(data: dict[str, Any]) -> None:
    data["title"] = f"Fiche {CORPUS}"
    data["summary"] = f"Samenvatting {CORPUS}"
    for step in data["read_next"]:
        step["why"] = f"Waarom {CORPUS}"


def _rewrite_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _rewrite_front_matter(path: Path, change: Any) -> None:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    change(data)
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project with the corpus in every text field (not built yet)."""
    root = tmp_path_factory.mktemp("corpus") / "project"
    shutil.copytree(FIXTURES / "project", root)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO_ROOT / "overrides", root / "overrides")
    _rewrite_yaml(root / "tools_catalog" / f"{TOOL}.yaml", _tool)
    _rewrite_yaml(root / "content" / "organisations.yaml", _organisation)
    _rewrite_yaml(root / "content" / "references.yaml", _reference)
    _rewrite_front_matter(root / "content" / PAGE, _front_matter)
    return root


@pytest.fixture(scope="module")
def build_output(built: Path) -> tuple[Path, int]:
    """The same project built: site and PDF."""
    return built, main(["build", str(built)])


class _Page(HTMLParser):
    """Elements, attributes and visible text of one built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        # schema.org JSON-LD (data, never run): the corpus may be in it, escaped as JSON.
        self.data_scripts: list[str] = []
        self._in_script = False
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._in_data = self._in_script and dict(attrs).get("type") == "application/ld+json"
        if self._in_data:
            self.data_scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data_scripts[-1] += data
            return
        (self.scripts if self._in_script else self.text).append(data)


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_corpus_is_accepted_with_warnings_for_the_invisible_characters(
    built, run_cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(built)
    result = run_cli("validate")
    assert result.exit_code == 0, result.out
    tool_file = f"tools_catalog/{TOOL}.yaml"
    warnings = [line for line in result.lines if "[invisible-character]" in line]
    assert (
        f"{tool_file}:1:7: waarschuwing [invisible-character] veld 'name' bevat onzichtbare"
        " tekens: U+202E (richtingsteken), U+200D (teken zonder breedte) — zulke tekens keren de"
        " leesrichting om of verstoppen zich in een woord; typ de tekst opnieuw zonder ze"
        " (kopiëren uit een andere toepassing brengt ze vaak mee)"
    ) in warnings
    # every field that carries the corpus is named, in every file
    assert {line.split(":", 1)[0] for line in warnings} == {
        tool_file,
        "content/organisations.yaml",
        "content/references.yaml",
        f"content/{PAGE}",
    }


@pytest.mark.parametrize(
    "page",
    [
        f"tools/{TOOL}/index.html",
        f"organisaties/{ORGANISATION}/index.html",
        "organisaties/index.html",
        "tools/index.html",
        "fiches/a-visievorming/index.html",
        "deel-1/buurtanalyse/index.html",
        "referenties/index.html",
        "leeswijzer/index.html",
        "index.html",
    ],
)
@pytest.mark.pdf
def test_built_page_shows_the_corpus_as_text_and_makes_nothing_of_it(build_output, page):
    root, code = build_output
    assert code == 0
    parsed = _read(root / "site" / page)
    for tag, attrs in parsed.elements:
        assert "onerror" not in attrs, (tag, attrs)
        for name, value in attrs.items():
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)
        if tag == "img":
            assert attrs.get("src") != "x", attrs
    assert not any("alert(1)" in script for script in parsed.scripts)
    for data in parsed.data_scripts:  # whole JSON, no markup of its own
        assert "<" not in data and ">" not in data, page
        json.loads(data)
    text = "".join(parsed.text)
    # The corpus arrives as one piece of text, except in the places the theme shortens.
    assert CORPUS in text or all(p in text for p in PAYLOADS), page


@pytest.mark.pdf
def test_title_and_navigation_show_the_page_title_as_text(build_output):
    root, _ = build_output
    html = (root / "site" / "fiches" / "a-visievorming" / "index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "&lt;script&gt;alert(1)&lt;/script&gt;" in title.group(1)
    assert "<script>alert(1)" not in html


@pytest.mark.pdf
def test_records_json_keeps_the_corpus_as_data(build_output):
    root, _ = build_output
    records = json.loads((root / "site" / "records.json").read_text(encoding="utf-8"))
    tool = next(t for t in records["tools"] if t["id"] == TOOL)
    assert tool["name"] == f"Tool {CORPUS}"
    assert tool["description"] == f"Omschrijving {CORPUS}"


@pytest.mark.pdf
def test_pdf_shows_the_corpus_as_text_and_has_no_actions(build_output):
    from pypdf import PdfReader

    root, _ = build_output
    pdf = next((root / "build" / "pdf").glob("*.pdf"))
    reader = PdfReader(pdf)
    text = _squash("".join(page.extract_text() or "" for page in reader.pages))
    for payload in PAYLOADS:
        assert _squash(payload) in text, payload
    raw = pdf.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/Launch" not in raw
    assert not reader.attachments
