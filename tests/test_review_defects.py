"""Defects a security review found, each reproduced: a value that git reads as an option, an
output folder that is not the build's own, a site swap that a crash leaves half done, and
tracebacks or hangs where a Dutch message belongs. Every test checks the exact message."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from toolbox_build.catalog.layout import ProjectLayout
from toolbox_build.site import build as site_build

from .conftest import CliResult

RunCli = Callable[..., CliResult]


def _messages(err: str) -> str:
    """``err`` without the warnings about settings the test project leaves out (site_url, …)."""
    lines = err.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("toolbox: waarschuwing: geen "))


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _commit_all(root: Path) -> None:
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")


# -- A ref that git would read as an option ------------------------------------------------------

DASH_REF_MESSAGE = (
    "toolbox: ongeldige git-referentie '--output=gestolen.txt': een referentie begint niet met "
    "'-' (bijvoorbeeld main, origin/main of HEAD~1)\n"
)


def test_check_links_only_new_refuses_a_ref_that_is_an_option(project: Path, run_cli: RunCli):
    _commit_all(project)
    result = run_cli("check-links", "--only-new=--output=gestolen.txt")
    assert result.exit_code == 2
    assert result.err == DASH_REF_MESSAGE
    assert not (project / "gestolen.txt").exists()


def test_validate_changed_refuses_a_ref_that_is_an_option(project: Path, run_cli: RunCli):
    _commit_all(project)
    result = run_cli("validate", "--changed=--output=gestolen.txt")
    assert result.exit_code == 2
    assert result.err == DASH_REF_MESSAGE
    assert not (project / "gestolen.txt").exists()


def test_check_links_only_new_refuses_a_ref_that_names_no_commit(project: Path, run_cli: RunCli):
    _commit_all(project)
    result = run_cli("check-links", "--only-new", "geen-ref")
    assert result.exit_code == 2
    assert result.err == (
        "toolbox: onbekende git-referentie 'geen-ref': geen commit met die naam "
        "(bijvoorbeeld main, origin/main of HEAD~1)\n"
    )


# -- An output folder that only looks like the build's own ---------------------------------------


def test_build_refuses_a_folder_git_tracks_even_with_a_committed_marker(
    site_project: Path, run_cli: RunCli
):
    bench = site_project / "bench"
    bench.mkdir()
    (bench / "bench_scale.py").write_text("print('meten')\n")
    (bench / ".toolbox-output").write_text("gemaakt door toolbox build\n")
    _commit_all(site_project)
    result = run_cli("build", "--no-pdf", "--site-dir", "bench")
    assert result.exit_code == 2
    assert result.err == (
        f"toolbox: niets gebouwd: uitvoermap '{bench}' bevat bestanden die git bijhoudt "
        "(bv. .toolbox-output); toolbox vervangt alleen zijn eigen uitvoer — kies een andere "
        "map, zoals site/\n"
    )
    assert (bench / "bench_scale.py").read_text() == "print('meten')\n"


def test_build_refuses_a_folder_whose_marker_is_a_symbolic_link(
    site_project: Path, run_cli: RunCli
):
    mine = site_project.parent / "documenten"
    mine.mkdir()
    (mine / "brief.txt").write_text("belangrijk")
    elsewhere = site_project.parent / "merkteken"
    elsewhere.write_text("gemaakt door toolbox build\n")
    (mine / ".toolbox-output").symlink_to(elsewhere)
    result = run_cli("build", "--no-pdf", "--site-dir", str(mine))
    assert result.exit_code == 2
    assert result.err == (
        f"toolbox: niets gebouwd: uitvoermap '{mine}': het bestand .toolbox-output is een "
        "symbolische link, niet het merkteken van een eerdere build; toolbox vervangt alleen "
        "zijn eigen uitvoer — kies een andere map, of verwijder de link als de map weg mag\n"
    )
    assert (mine / "brief.txt").read_text() == "belangrijk"


# -- Replacing the site: never without one, leftovers of killed runs removed -------------------


def test_a_build_killed_while_swapping_leaves_a_site(
    site_project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
):
    assert run_cli("build", "--no-pdf").exit_code == 0
    real_rename = Path.rename

    def killed_after_the_first_rename(self: Path, target: Path) -> Path:
        moved = real_rename(self, target)
        if Path(target).name == ".site.old":
            raise KeyboardInterrupt  # the build is killed between the two renames
        return moved

    monkeypatch.setattr(Path, "rename", killed_after_the_first_rename)
    # On Linux the two folders are exchanged in one step: there is no moment to be killed in.
    assert run_cli("build", "--no-pdf").exit_code == 0
    assert (site_project / "site" / "index.html").is_file()


def test_the_next_build_puts_back_a_site_left_aside(
    site_project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
):
    """Without an atomic exchange (not Linux) the old site is renamed aside first; when the
    build is killed right then, the next build restores it before anything else."""
    assert run_cli("build", "--no-pdf").exit_code == 0
    (site_project / "site" / "oud.html").write_text("van de vorige build")
    (site_project / "site").rename(site_project / ".site.old")  # as a killed build leaves it
    paths = ProjectLayout(site_project)
    site_build.clean_leftovers(paths, paths.site_dir)
    assert (site_project / "site" / "oud.html").read_text() == "van de vorige build"
    assert not (site_project / ".site.old").exists()


def _gone_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_build_removes_what_killed_runs_left_behind_and_nothing_else(
    site_project: Path, run_cli: RunCli
):
    gone, me = _gone_pid(), os.getpid()
    pdf = site_project / "build" / "pdf"
    pdf.mkdir(parents=True)
    leftovers = [
        site_project / f".site-{gone}-ab12cd_e",
        site_project / ".site-x9y8z7w6",  # named as earlier versions did
        site_project / "build" / f".docs-{gone}-ab12cd_e",
    ]
    for folder in leftovers:
        (folder / "fiches").mkdir(parents=True)
        (folder / "fiches" / "index.html").write_text("half")
    parts = [pdf / "tmpab12cd_e.tmp", pdf / f".pdf-{gone}-ab12cd_e.tmp"]
    for part in parts:
        part.write_bytes(b"%PDF-half")
    kept = [site_project / f".site-{me}-ab12cd_e", site_project / ".site-van-mij"]
    for folder in kept:
        folder.mkdir()
    (pdf / "notities.tmp").write_text("van iemand")
    assert run_cli("build", "--no-pdf").exit_code == 0
    assert [p for p in leftovers + parts if p.exists()] == []
    assert all(folder.is_dir() for folder in kept)
    assert (pdf / "notities.tmp").is_file()


@pytest.fixture
def permissions_as_for_a_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root here, which may remove files from read-only folders: refuse that as
    the system refuses it to anyone else."""
    if os.geteuid() != 0:
        return

    def guarded(real: Callable[..., None]) -> Callable[..., None]:
        def call(path: str, *, dir_fd: int | None = None) -> None:
            folder = (
                os.stat(dir_fd)
                if dir_fd is not None
                else os.stat(os.path.dirname(os.path.abspath(path)))
            )
            if not folder.st_mode & stat.S_IWUSR:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            real(path, dir_fd=dir_fd)

        return call

    monkeypatch.setattr(os, "unlink", guarded(os.unlink))
    monkeypatch.setattr(os, "rmdir", guarded(os.rmdir))


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if not path.is_symlink():
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.mark.parametrize("atomic_exchange", [True, False])
def test_a_read_only_site_is_replaced_build_after_build(
    site_project: Path,
    run_cli: RunCli,
    permissions_as_for_a_user: None,
    monkeypatch: pytest.MonkeyPatch,
    atomic_exchange: bool,
):
    if not atomic_exchange:  # as on macOS: the old site is renamed aside, then removed
        monkeypatch.setattr(site_build, "_exchange", lambda first, second: False)
    assert run_cli("build", "--no-pdf").exit_code == 0
    for _ in range(2):
        _read_only(site_project / "site")
        result = run_cli("build", "--no-pdf")
        assert (result.exit_code, _messages(result.err)) == (0, "")
    assert (site_project / "site" / "index.html").is_file()
    assert [p.name for p in site_project.iterdir() if p.name.startswith(".site")] == []


def test_an_old_site_that_cannot_be_removed_is_named_with_a_hint(
    site_project: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
):
    assert run_cli("build", "--no-pdf").exit_code == 0
    real_rmdir = os.rmdir

    def refused(path: str, *, dir_fd: int | None = None) -> None:
        if os.path.basename(path).startswith(".site-"):  # e.g. owned by another user
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        real_rmdir(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "rmdir", refused)
    result = run_cli("build", "--no-pdf")
    left = [p for p in site_project.iterdir() if p.name.startswith(".site-")]
    assert result.exit_code == 0
    assert len(left) == 1
    assert _messages(result.err) == (
        f"toolbox: waarschuwing: de oude uitvoer in '{left[0]}' kon niet verwijderd worden "
        f"(Permission denied) — maak de map schrijfbaar (chmod -R u+w '{left[0]}') of "
        "verwijder ze zelf; de nieuwe uitvoer staat klaar en de volgende build probeert het "
        "opnieuw\n"
    )
    assert (site_project / "site" / "index.html").is_file()


# -- Tracebacks where a Dutch message belongs ----------------------------------------------------


def test_an_ascii_terminal_gets_escapes_instead_of_a_traceback(project: Path, add_record):
    add_record("owner_unknown")
    environment = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")
    }
    environment.update(LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    toolbox = Path(sys.executable).with_name("toolbox")
    done = subprocess.run(
        [str(toolbox), "validate"], cwd=project, env=environment, capture_output=True, timeout=60
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.decode("ascii").splitlines() == [
        "tools_catalog/owner-unknown.yaml:4:8: fout [unknown-owner] onbekende organisatie "
        "'saamoo' \\u2014 bedoelde je 'saamo'?",
        "10 bestanden gecontroleerd: 1 fout(en), 0 waarschuwing(en).",
    ]
    assert done.stderr == b""


def test_serve_answers_a_path_with_a_nul_byte_with_a_message(site_project: Path):
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    toolbox = Path(sys.executable).with_name("toolbox")
    server = subprocess.Popen(
        [str(toolbox), "serve", "--port", str(port)],
        cwd=site_project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/a%00b/", timeout=5)
            except urllib.error.HTTPError as error:
                answer = (error.code, error.read().decode("utf-8"))
            except OSError:
                time.sleep(0.3)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert answer == (400, "ongeldig adres: een nul-teken (%00) hoort niet in een pad")
    assert (
        "toolbox serve: ongeldig adres: een nul-teken (%00) hoort niet in een pad: '/a\\x00b/'"
    ) in err.splitlines()
    assert "Traceback" not in err


def test_a_symbolic_link_loop_is_one_unsafe_file(project: Path):
    from toolbox_build.catalog.safe_files import unsafe_entries

    (project / "tools_catalog" / "lus.yaml").symlink_to("lus.yaml")
    (project / "content" / "heen.md").symlink_to("terug.md")
    (project / "content" / "terug.md").symlink_to("heen.md")
    found = [
        (e.path.relative_to(project).as_posix(), e.message, e.hint) for e in unsafe_entries(project)
    ]
    loop = (
        "symbolische link die nergens heen wijst (of een lus)",
        "verwijder de link of vervang ze door het bestand zelf",
    )
    assert found == [
        ("tools_catalog/lus.yaml", *loop),
        ("content/heen.md", *loop),
        ("content/terug.md", *loop),
    ]


def test_validate_reports_a_folder_link_loop_and_checks_the_rest(project: Path, run_cli):
    (project / "tools_catalog" / "map").symlink_to("map")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert (
        "tools_catalog/map:1:1: fout [unsafe-file] symbolische link die nergens heen wijst (of een"
        " lus) — verwijder de link of vervang ze door het bestand zelf"
    ) in result.lines
    assert result.lines[-1] == "9 bestanden gecontroleerd: 2 fout(en), 0 waarschuwing(en)."


def test_a_corrupt_earlier_snapshot_is_an_error_not_a_traceback(project: Path, run_cli):
    folder = project / "editions" / "2024-02"
    folder.mkdir(parents=True)
    (folder / "catalog.json").write_text('{"tools": 3}', encoding="utf-8")
    (folder / "changes.json").write_text('{"added": [', encoding="utf-8")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.lines[:2] == [
        "editions/2024-02/catalog.json:1:1: fout [edition-file] heeft geen object 'tools' met de"
        " tools van de editie — maak de editie opnieuw met toolbox release --force, of herstel"
        " het bestand uit git",
        "editions/2024-02/changes.json:1:1: fout [edition-file] is geen geldige JSON (regel 1,"
        " kolom 12) — herstel het bestand uit git (git checkout --"
        " editions/2024-02/changes.json) of maak de editie opnieuw met toolbox release --force",
    ]
    refused = run_cli("release", "2025-02", "--skip-build")
    assert (refused.exit_code, refused.err) == (1, "toolbox: geen editie uitgebracht.\n")


def test_prose_nested_too_deeply_is_located_before_anything_is_built(site_project: Path, run_cli):
    fiche = site_project / "content" / "fiches" / "a-visievorming.md"
    lines = fiche.read_text(encoding="utf-8").count("\n")
    deep = "".join("  " * level + "- punt\n" for level in range(700))
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n" + deep, encoding="utf-8")
    message = (
        f"content/fiches/a-visievorming.md:{lines + 43}:1: fout [prose-too-deep] de tekst is 41"
        " niveaus diep genest (inspringing en '>' samen); de site en de PDF kunnen hoogstens 40"
        " niveaus aan — maak de lijst of het citaat minder diep, of zet de tekst in een gewone"
        " alinea"
    )
    for command in ("validate", "build"):
        result = run_cli(command, *(["--no-pdf"] if command == "build" else []))
        assert result.exit_code == 1
        assert result.lines[0] == message
    assert not (site_project / "site").exists()


@pytest.mark.pdf
def test_html_nested_too_deeply_for_the_pdf_is_a_message(site_project: Path, run_cli):
    fiche = site_project / "content" / "fiches" / "a-visievorming.md"
    deep = "<span>" * 3000 + "x" + "</span>" * 3000
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n" + deep + "\n", encoding="utf-8")
    result = run_cli("pdf")
    assert result.exit_code == 1
    assert result.err.splitlines()[-1] == (
        "toolbox: de invoer is te diep genest om te verwerken; er is niets geschreven — maak"
        " geneste lijsten, citaten of HTML-elementen in de teksten minder diep"
    )
    assert not list((site_project / "build" / "pdf").glob("*.pdf"))


# -- Limits of check-links that were taken without a word ---------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "-1", "'-1' moet meer dan 0 seconden zijn, bv. 10"),
        ("--timeout", "0", "'0' moet meer dan 0 seconden zijn, bv. 10"),
        ("--timeout", "nan", "'nan' is geen eindig getal; geef bv. 10 of 2.5"),
        ("--timeout", "tien", "'tien' is geen getal"),
        ("--deadline", "inf", "'inf' is geen eindig getal; geef bv. 10 of 2.5"),
        ("--deadline", "-5", "'-5' moet meer dan 0 seconden zijn, bv. 10"),
        ("--concurrency", "0", "'0' moet minstens 1 zijn, bv. 8"),
        ("--concurrency", "-3", "'-3' moet minstens 1 zijn, bv. 8"),
        ("--concurrency", "2.5", "'2.5' is geen geheel getal, bv. 8"),
        ("--expiry-hours", "-1", "'-1' mag niet negatief zijn; 0 of meer uren"),
        ("--expiry-hours", "nan", "'nan' is geen eindig getal; geef bv. 10 of 2.5"),
    ],
)
def test_check_links_refuses_limits_that_mean_nothing(
    project: Path, run_cli: RunCli, capsys: pytest.CaptureFixture[str], option, value, message
):
    with pytest.raises(SystemExit) as stopped:
        run_cli("check-links", f"{option}={value}")
    assert stopped.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == f"toolbox check-links: fout: argument {option}: {message}"


# -- An issue body that is not a file ------------------------------------------------------------


def test_new_from_issue_refuses_a_fifo_instead_of_waiting(project: Path):
    fifo = project.parent / "voorstel.md"
    os.mkfifo(fifo)
    toolbox = Path(sys.executable).with_name("toolbox")
    # In a child process with a time limit: reading the FIFO once waited forever.
    done = subprocess.run(
        [str(toolbox), "new", "--from-issue", str(fifo)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"toolbox: {fifo}: geen gewoon bestand (een FIFO, apparaat of map); geef een bestand "
        "met de tekst van het issue\n"
    )


# -- A template override that fails while it is filled in, or is not UTF-8 ---------------------


def test_a_runtime_error_in_a_site_template_override_names_file_and_line(
    site_project: Path, run_cli: RunCli
):
    override = site_project / "templates" / "site" / "fiche.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ page.title }}\n\n{{ 1 / 0 }}\n", encoding="utf-8")
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 1
    assert _messages(result.err) == (
        f"toolbox: de site kon niet gebouwd worden: {override}:3: fout in sjabloon: "
        "ZeroDivisionError: division by zero — herstel het sjabloon in templates/site/\n"
    )


def test_a_site_template_override_that_is_not_utf8_names_file_and_line(
    site_project: Path, run_cli: RunCli
):
    override = site_project / "templates" / "site" / "fiche.md.j2"
    override.parent.mkdir(parents=True)
    override.write_bytes(b"# {{ page.title }}\n\nCaf\xe9\n")
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 1
    assert _messages(result.err) == (
        f"toolbox: de site kon niet gebouwd worden: {override}:3: fout in sjabloon: geen "
        "UTF-8-tekst (byte 0xe9 kan niet gelezen worden); bewaar het bestand als UTF-8 — "
        "herstel het sjabloon in templates/site/\n"
    )


def test_a_runtime_error_in_a_pdf_template_override_names_file_and_line(
    site_project: Path, run_cli: RunCli
):
    override = site_project / "templates" / "pdf" / "edition.html.j2"
    override.parent.mkdir(parents=True)
    override.write_text("<html>\n{{ {}['ontbreekt'] + 1 }}\n</html>\n", encoding="utf-8")
    result = run_cli("pdf")
    assert result.exit_code == 1
    assert result.err.splitlines()[-1] == (
        f"toolbox: geen PDF gemaakt: {override}:2: fout in sjabloon: 'dict object' has no "
        "attribute 'ontbreekt' — herstel het sjabloon in templates/pdf/"
    )


def test_an_unknown_markdown_extension_stops_the_pdf_with_a_message(
    site_project: Path, run_cli: RunCli
):
    config = site_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nmarkdown_extensions:\n  - pymdownx.bestaat_niet\n",
        encoding="utf-8",
    )
    result = run_cli("pdf")
    assert result.exit_code == 1
    assert _messages(result.err) == (
        "toolbox: mkdocs.yml: markdown_extensions: een extensie kan niet geladen worden "
        "(ModuleNotFoundError: No module named 'pymdownx.bestaat_niet') — controleer de namen en "
        "opties onder markdown_extensions (bv. toc, admonition, attr_list)\n"
    )
