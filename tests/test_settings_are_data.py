"""Settings are data: mkdocs.yml cannot run code, read secrets or publish files from elsewhere,
prose cannot take the site's own ids, and `toolbox serve` answers only its own address.

Each refusal is checked word for word, on its line of mkdocs.yml or of the prose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from toolbox_build.settings import dump_config, load_settings

from .conftest import REPO_ROOT, CliResult

RunCli = Callable[..., CliResult]
FICHE = Path("content/fiches/a-visievorming.md")
HINT = " — zie de uitleg over mkdocs.yml in docs/maintaining.md"
PYTHON_ALLOWED = (
    "!!python/name: uit material.extensions.emoji (to_svg, twemoji); pymdownx.emoji (emojione, "
    "gemoji, to_alt, to_png, to_png_sprite, to_svg, to_svg_sprite, twemoji); pymdownx.superfences "
    "(fence_code_format, fence_div_format); !!python/object/apply:pymdownx.slugs.slugify"
)
SNIPPETS_HINT = (
    "de extensie voegt bestanden uit die map in de pagina's in; geef een eigen map van het "
    "project op, zoals content/snippets"
)


def _append(project: Path, text: str) -> int:
    """Add ``text`` to the project's mkdocs.yml; returns the line it starts on."""
    config = project / "mkdocs.yml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def _replace(project: Path, old: str, new: str) -> int:
    """Replace ``old`` in the project's mkdocs.yml; returns the line of the replacement."""
    config = project / "mkdocs.yml"
    before = config.read_text(encoding="utf-8")
    assert before.count(old) == 1
    config.write_text(before.replace(old, new), encoding="utf-8")
    return before[: before.index(old)].count("\n") + 1


def _extension(project: Path, text: str) -> int:
    """Add a Markdown extension (YAML lines under markdown_extensions); returns its line."""
    return _replace(project, "markdown_extensions:\n", "markdown_extensions:\n" + text) + 1


def _refused(run_cli: RunCli, line: int, column: int, message: str) -> None:
    result = run_cli("validate")
    assert result.exit_code == 1
    assert f"mkdocs.yml:{line}:{column}: fout [bad-setting] {message}{HINT}" in result.lines, (
        result.out
    )


def _accepted(run_cli: RunCli) -> None:
    result = run_cli("validate")
    assert result.exit_code == 0, result.out


# -- Python tags --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!python/object/apply:os.system ['id']", "!!python/object/apply:os.system"),
        ("!<tag:yaml.org,2002:python/name:os.system> ''", "!!python/name:os.system"),
        ("!!python/module:os", "!!python/module:os"),
        (
            "!!python/name:material.extensions.emoji.os",
            "!!python/name:material.extensions.emoji.os",
        ),
    ],
)
def test_python_tags_outside_the_allow_list_are_refused(
    site_project: Path, run_cli: RunCli, value: str, shown: str
):
    line = _extension(site_project, f"  - pymdownx.emoji:\n      emoji_index: {value}\n") + 1
    _refused(
        run_cli,
        line,
        20,
        f"'markdown_extensions.pymdownx.emoji.emoji_index' moet een toegestane Python-naam zijn "
        f"({PYTHON_ALLOWED}), niet {shown} — een andere Python-naam zou bij elke build code "
        "uitvoeren; kies een naam uit de lijst of laat de instelling weg",
    )


def test_the_documented_material_settings_stay_allowed_and_reach_mkdocs(
    site_project: Path, run_cli: RunCli
):
    from mkdocs.utils.yaml import yaml_load

    _extension(
        site_project,
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n",
    )
    _replace(
        site_project,
        "      permalink: true\n",
        "      permalink: true\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
    )
    _accepted(run_cli)
    # What build/mkdocs.yml would hold, read the way MkDocs reads it.
    loaded = yaml_load(dump_config(load_settings(site_project).config))
    options = {
        next(iter(e)): e[next(iter(e))]
        for e in loaded["markdown_extensions"]
        if isinstance(e, dict)
    }
    assert options["toc"]["slugify"]("Zoek Hier", "-") == "zoek-hier"
    assert callable(options["pymdownx.emoji"]["emoji_index"])


# -- INHERIT, hooks and plugins -----------------------------------------------------------------


def test_hooks_are_refused_and_the_build_runs_none(
    site_project: Path, run_cli: RunCli, tmp_path: Path
):
    marker = tmp_path / "hook-ran"
    (site_project.parent / "evil.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8"
    )
    line = _append(site_project, "hooks:\n  - ../evil.py\n")
    _refused(
        run_cli,
        line,
        1,
        "'hooks' moet leeg zijn, niet ['../evil.py'] — een hook is Python-code die bij elke "
        "build zou draaien; laat 'hooks' weg",
    )
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 1
    assert not marker.exists()
    assert not (site_project / "build" / "mkdocs.yml").exists()


def test_an_inherited_settings_file_is_refused(site_project: Path, run_cli: RunCli):
    line = _append(site_project, "INHERIT: ../evil.yml\n")
    _refused(
        run_cli,
        line,
        1,
        "'INHERIT' moet ontbreken, niet '../evil.yml' — MkDocs zou dat bestand ongecontroleerd "
        "inlezen (ook Python-tags); zet die instellingen in mkdocs.yml zelf",
    )


@pytest.mark.parametrize(
    ("plugins", "column"),
    [("plugins:\n  - search\n  - macros\n", 5), ("plugins:\n  search: {}\n  macros: {}\n", 3)],
)
def test_plugins_outside_the_allow_list_are_refused(
    site_project: Path, run_cli: RunCli, plugins: str, column: int
):
    line = _replace(site_project, "plugins: []\n", plugins) + 2
    _refused(
        run_cli,
        line,
        column,
        "'plugins' moet een van material/offline, material/search, offline, search bevatten, "
        "niet 'macros' — andere plugins voeren eigen code uit of nemen bestanden op in de site; "
        "laat de plugin weg (de site zoekt met Pagefind)",
    )


def test_search_and_offline_plugins_are_allowed(site_project: Path, run_cli: RunCli):
    _replace(
        site_project, "plugins: []\n", "plugins:\n  - search\n  - offline:\n      enabled: false\n"
    )
    _accepted(run_cli)


# -- Paths: custom_dir and the extensions that read files ---------------------------------------


@pytest.mark.parametrize(
    ("custom_dir", "problem"),
    [
        ("../..", "dat ligt buiten het project"),
        (".git", "dat ligt in de verborgen map .git"),
        ("overrides/../.venv", "dat ligt in de verborgen map .venv"),
        ("build", "dat ligt in de uitvoermap build/"),
        (".", "dat is de projectmap zelf"),
        ("thema", "dat ligt buiten het project"),  # a link to a folder outside
        ("overrides", "partials/geheim daarin is een symbolische link"),
    ],
)
def test_custom_dir_must_be_a_plain_folder_of_the_project(
    site_project: Path, run_cli: RunCli, tmp_path: Path, custom_dir: str, problem: str
):
    (site_project / ".git").mkdir(exist_ok=True)
    (site_project / ".venv").mkdir(exist_ok=True)
    (site_project / "build").mkdir(exist_ok=True)
    outside = tmp_path / "elders"
    outside.mkdir()
    (site_project / "thema").symlink_to(outside)
    if custom_dir == "overrides":
        (site_project / "overrides" / "partials" / "geheim").symlink_to(outside)
    line = _replace(site_project, "custom_dir: overrides", f"custom_dir: {custom_dir}")
    _refused(
        run_cli,
        line,
        3,
        f"'theme.custom_dir' moet een map binnen het project zijn, niet {custom_dir!r}: "
        f"{problem} — MkDocs kopieert die map naar de site; gebruik een gewone map zoals overrides",
    )


@pytest.mark.parametrize(
    ("options", "key", "line_offset", "column", "message"),
    [
        (
            "",
            "base_path",
            0,
            5,
            "moet een map binnen het project zijn, niet leeg: zonder base_path leest de extensie "
            f"uit de werkmap — {SNIPPETS_HINT}",
        ),
        (
            ":\n      base_path: ['content', '.']",
            "base_path",
            1,
            30,
            "moet een map binnen het project zijn, niet '.': dat is de projectmap zelf — "
            + SNIPPETS_HINT,
        ),
        (
            ":\n      base_path: .git",
            "base_path",
            1,
            7,
            "moet een map binnen het project zijn, niet '.git': dat ligt in de verborgen map .git"
            f" — {SNIPPETS_HINT}",
        ),
        (
            ":\n      base_path: content\n      auto_append: [../.git/config]",
            "auto_append",
            2,
            21,
            "moet bestandsnamen binnen base_path bevatten, niet '../.git/config' — geen absolute "
            "paden, geen ../ en geen verborgen bestanden; zet het bestand in de map van base_path",
        ),
        (
            ":\n      base_path: content\n      restrict_base_path: false",
            "restrict_base_path",
            2,
            7,
            "moet true zijn, niet false — anders leest de extensie met ../ ook buiten base_path; "
            "laat de instelling weg",
        ),
        (
            ":\n      base_path: content\n      url_download: true",
            "url_download",
            2,
            7,
            "moet false zijn, niet True — de build zou dan tekst van andere websites in de "
            "pagina's opnemen; laat de instelling weg",
        ),
        (
            ":\n      base_path: content\n      check_paths: soms",
            "check_paths",
            2,
            7,
            "moet true of false zijn, niet 'soms' — met true is een ontbrekend bestand een fout "
            "in plaats van een lege plek",
        ),
    ],
)
def test_snippets_read_only_plain_folders_of_the_project(
    site_project: Path,
    run_cli: RunCli,
    options: str,
    key: str,
    line_offset: int,
    column: int,
    message: str,
):
    (site_project / ".git").mkdir(exist_ok=True)
    line = _extension(site_project, f"  - pymdownx.snippets{options}\n") + line_offset
    _refused(run_cli, line, column, f"'markdown_extensions.pymdownx.snippets.{key}' {message}")


def test_snippet_folders_are_fixed_to_the_project_whatever_the_working_folder(
    site_project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
):
    (site_project / "content" / "snippets").mkdir()
    _extension(site_project, "  - pymdownx.snippets:\n      base_path: [content/snippets]\n")
    _accepted(run_cli)
    monkeypatch.chdir("/")
    configs = load_settings(site_project).extension_configs["pymdownx.snippets"]
    assert configs["base_path"] == [str((site_project / "content" / "snippets").resolve())]


# -- !ENV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "name", "column"),
    [
        (
            "copyright: Departement",
            "copyright: !ENV GH_TOKEN\nx: Departement",
            "copyright",
            "GH_TOKEN",
            12,
        ),
        (
            "copyright: Departement",
            "copyright: !ENV [HOME, TOOLBOX_X, standaard]\nx: Departement",
            "copyright",
            "HOME",
            18,
        ),
        (
            "extra:\n",
            "extra:\n  x: !ENV [TOOLBOX_OK, ISSUE_BODY, '']\n",
            "extra.x",
            "ISSUE_BODY",
            24,
        ),
    ],
)
def test_env_reads_only_the_projects_own_variables(
    site_project: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    where: str,
    name: str,
    column: int,
):
    monkeypatch.setenv("GH_TOKEN", "ghp_SECRETTOKEN1234567890")
    line = _replace(site_project, old, new) + old.count("\n")
    _refused(
        run_cli,
        line,
        column,
        f"'{where}' moet een omgevingsvariabele lezen die met TOOLBOX_ begint, niet !ENV {name} "
        "— andere variabelen (zoals GH_TOKEN) kunnen geheimen bevatten die zo op de site "
        "belanden; gebruik bv. TOOLBOX_SITE_URL",
    )


def test_toolbox_variables_are_read(
    site_project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TOOLBOX_SITE_URL", "https://toolbox.example/")
    _accepted(run_cli)
    assert load_settings(site_project).site_url == "https://toolbox.example/"


# -- Prose ids ----------------------------------------------------------------------------------


def _write_fiche_body(project: Path, body: str) -> int:
    """Replace the fiche's prose; returns the file line the prose starts on."""
    path = project / FICHE
    front, _ = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(front + "\n---\n" + body, encoding="utf-8")
    return front.count("\n") + 3


ID_HINT = "kies een andere id, zonder 'zb-' of '__' vooraan (bv. een woord uit de kop)"


def _id_message(value: str, reason: str) -> str:
    return (
        f"id '{value}' kan niet in de tekst: {reason} — een tweede element met die id breekt de "
        f"zoekfunctie, de filters of de rolkeuze van de site — {ID_HINT}"
    )


def test_prose_ids_the_site_uses_are_errors_on_their_line(site_project: Path, run_cli: RunCli):
    start = _write_fiche_body(
        site_project,
        "Zoek hier.\n{ #zb-search }\n\n"
        '<span id="zb-search-q">x</span> en <span id="eigen-id">y</span>\n\n'
        "Tekst { id='zb-role-form' } en `{ #zb-q }` als code.\n\n"
        "## Zb results\n\n"
        "Een alinea.\n{: #zb-nieuw .x }\n\n"
        "Menu { #__drawer }\n",
    )
    result = run_cli("validate", str(FICHE))
    found = [line for line in result.lines if "[reserved-id]" in line]
    used = "de site gebruikt die id al ({})"
    expected = [
        (start + 1, 3, "zb-search", used.format("overrides/assets/javascripts/search.js")),
        (start + 3, 7, "zb-search-q", used.format("overrides/assets/javascripts/search.js")),
        (start + 5, 9, "zb-role-form", used.format("overrides/assets/javascripts/reader-role.js")),
        (
            start + 7,
            4,
            "zb-results",
            used.format("overrides/assets/javascripts/catalogue-filters.js"),
        ),
        (start + 10, 4, "zb-nieuw", "ids die met 'zb-' beginnen zijn voor de site gereserveerd"),
        (start + 12, 8, "__drawer", used.format("overrides/assets/javascripts/closed-panels.js")),
    ]
    assert found == [
        f"{FICHE}:{line}:{column}: fout [reserved-id] {_id_message(value, reason)}"
        for line, column, value, reason in expected
    ]
    assert result.exit_code == 1


def test_the_site_ids_are_collected_from_every_override(site_project: Path):
    import re

    from toolbox_build.validate.site_ids import site_ids

    ids = site_ids(site_project)
    written = set()
    for path in (REPO_ROOT / "overrides").rglob("*"):
        if path.suffix in {".html", ".js"}:
            text = path.read_text(encoding="utf-8")
            written |= set(re.findall(r"""(?:\bid=|getElementById\()["']([\w-]+)["']""", text))
    assert {"zb-search", "zb-search-q", "zb-catalogue", "zb-role-form", "zb-404-q"} <= written
    assert written <= set(ids)


# -- serve: only its own address ----------------------------------------------------------------


def _serve(monkeypatch: pytest.MonkeyPatch, host: str | None, address: str = "127.0.0.1"):
    from mkdocs.livereload import LiveReloadServer

    from toolbox_build.site import serve

    served: list[str] = []

    def original(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        served.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"pagina"]

    monkeypatch.setattr(LiveReloadServer, "_serve_request", original)
    serve._refuse_nul_paths()
    server = type("Server", (), {"server_address": (address, 8123)})()
    answer: list[str] = []
    environ = {"PATH_INFO": "/", **({"HTTP_HOST": host} if host is not None else {})}
    body = LiveReloadServer._serve_request(server, environ, lambda s, h: answer.append(s))
    return answer[0], b"".join(body).decode("utf-8"), served


@pytest.mark.parametrize("host", ["evil.example:8123", "127.0.0.1:8124", "localhost", None])
def test_serve_refuses_other_host_names(monkeypatch: pytest.MonkeyPatch, host: str | None):
    status, body, served = _serve(monkeypatch, host)
    assert (status, body) == (
        "403 Forbidden",
        "geweigerd: dit voorbeeld antwoordt alleen op 127.0.0.1:8123 en localhost:8123",
    )
    assert served == []


@pytest.mark.parametrize(
    ("host", "address"),
    [("127.0.0.1:8123", "127.0.0.1"), ("LOCALHOST:8123", "127.0.0.1"), ("[::1]:8123", "::1")],
)
def test_serve_answers_its_own_address(monkeypatch: pytest.MonkeyPatch, host: str, address: str):
    assert _serve(monkeypatch, host, address) == ("200 OK", "pagina", ["/"])


# -- Markdown extensions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["  - os\n", "  - evil.module:\n      a: 1\n", "  - pymdownx.x.y\n", "  - 'pymdownx'\n"]
)
def test_an_extension_outside_python_markdown_and_pymdownx_is_refused(
    site_project: Path, run_cli: RunCli, text: str
):
    """MkDocs imports (runs) a Markdown extension by its name: only known packages pass."""
    line = _extension(site_project, text)
    name = text.strip().removeprefix("- ").split(":")[0].strip("'")
    _refused(
        run_cli,
        line,
        5,
        f"'markdown_extensions' mag alleen extensies van Python-Markdown of PyMdown Extensions"
        f" (pymdownx.…) noemen, niet '{name}' — MkDocs zou die naam als Python-module importeren"
        " en uitvoeren; laat de extensie weg (bv. toc, admonition, attr_list, pymdownx.details)",
    )


@pytest.mark.parametrize(
    "text", ["  - markdown.extensions.footnotes\n", "  - pymdownx.details\n", "  - def_list\n"]
)
def test_python_markdown_and_pymdownx_extensions_are_accepted(
    site_project: Path, run_cli: RunCli, text: str
):
    _extension(site_project, text)
    _accepted(run_cli)
