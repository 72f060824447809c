"""`toolbox build`: validate, write the generated docs folder, run the site engine, swap.

Everything is read and validated before anything is written; the engine builds into a temporary
folder next to the output, which replaces the old output only when the build succeeded. The
replacement leaves an output folder at every moment (an atomic exchange where the system has
one); what a killed build left behind is restored or removed by the next build, under the lock.
"""

from __future__ import annotations

import copy
import ctypes
import errno
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from ..catalog.editions import edition_pdfs
from ..catalog.layout import ProjectLayout
from ..catalog.model import Catalog
from ..settings import ProjectSettings, dump_config
from ..views.paths import pages_outside_nav, section_urls
from ..views.templating import template_error_message
from .identity import write_identity
from .output_dir import build_lock, check_output_dir, mark_output
from .pages import GeneratedFile, SiteRenderer
from .parallel_mkdocs import build
from .search import SearchIndexError, build_search_index


class SiteBuildError(Exception):
    """The site engine refused the generated pages (a broken link in strict mode, say)."""


PDF_FOLDER = "downloads"
SANITISER_EXTENSION = "toolbox_build.site.prose_sanitiser"


def render_docs(
    catalog: Catalog,
    root: Path,
    pdf_name: str | None = None,
    settings: ProjectSettings | None = None,
    booklets: dict[str, Path] | None = None,
) -> tuple[list[GeneratedFile], list[Any]]:
    settings = settings or catalog.settings
    renderer = SiteRenderer(catalog, root, settings.use_directory_urls)
    renderer.pdf_path = f"{PDF_FOLDER}/{pdf_name}" if pdf_name else None
    # Each reader's booklet, offered next to that reader's routes on the reading guide.
    renderer.guide_view.booklets = {
        r: f"{PDF_FOLDER}/{p.name}" for r, p in (booklets or {}).items()
    }
    return renderer.render_all(), renderer.nav()


def write_docs(files: list[GeneratedFile], docs_dir: Path) -> None:
    """Write the generated docs folder in one swap: a failed write leaves the old one."""
    _refuse_path_collisions(files)
    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = _staging_folder(docs_dir.parent, "docs")
    try:
        for file in files:
            target = staging / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.text, encoding="utf-8")
        _swap(staging, docs_dir)
    finally:
        _remove_leftover(staging)


def _refuse_path_collisions(files: list[GeneratedFile]) -> None:
    """Two generated files with one path (or paths that differ only in case, which are one
    file on macOS and Windows) would silently replace a page; the validator prevents it, and
    this is the last check before writing."""
    seen: dict[str, str] = {}
    for file in files:
        key = file.path.casefold()
        if key in seen:
            raise SiteBuildError(
                f"twee pagina's zouden hetzelfde bestand worden: {seen[key]} en {file.path}"
            )
        seen[key] = file.path


def sync_docs(files: list[GeneratedFile], docs_dir: Path) -> int:
    """Update the docs folder in place, touching only changed files (for live preview,
    where a watcher on the folder must keep seeing the same directory). Returns files changed."""
    _refuse_path_collisions(files)
    wanted = {f.path: f.text for f in files}
    changed = 0
    for path, text in wanted.items():
        target = docs_dir / path
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed += 1
    for existing in docs_dir.rglob("*"):
        if existing.is_file() and existing.relative_to(docs_dir).as_posix() not in wanted:
            existing.unlink()
            changed += 1
    return changed


def write_config(
    root: Path, paths: ProjectLayout, nav: list[Any], site_dir: Path, settings: ProjectSettings
) -> None:
    """build/mkdocs.yml: the project's mkdocs.yml plus where the pages are and the navigation."""
    config = copy.deepcopy(settings.config)
    here = paths.build_dir.resolve()
    # Paths relative to build/: both engines resolve them against the config file's folder,
    # and Zensical refuses a docs_dir outside that folder.
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath((root / theme["custom_dir"]).resolve(), here)
    # Contributed prose is cleaned after conversion (see prose_sanitiser.py).
    extensions = list(config.get("markdown_extensions") or [])
    if SANITISER_EXTENSION not in extensions:
        extensions.append(SANITISER_EXTENSION)
    # The theme's templates read where each kind of page lives (views/paths.py) from here.
    extra = dict(config.get("extra") or {})
    extra["toolbox_pages"] = section_urls(settings.use_directory_urls)
    config.update(
        extra=extra,
        markdown_extensions=extensions,
        docs_dir=os.path.relpath(paths.docs_dir.resolve(), here),
        site_dir=os.path.relpath(site_dir.resolve(), here),
        nav=nav,
        strict=True,
        not_in_nav=pages_outside_nav(),
        validation={"links": {"absolute_links": "warn", "unrecognized_links": "warn"}},
    )
    paths.config_file.write_text(
        "# Generated by `toolbox build` from ../mkdocs.yml; edit that file instead.\n"
        + dump_config(config),
        encoding="utf-8",
    )


def index_search(site_dir: Path) -> None:
    """The Pagefind search index over the built pages (site/search.py)."""

    try:
        build_search_index(site_dir)
    except SearchIndexError as exc:
        raise SiteBuildError(str(exc)) from exc


def run_mkdocs(config_file: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file))
        build(config)
    except (Abort, MkDocsException) as exc:
        raise SiteBuildError(f"MkDocs weigerde de pagina's: {exc}") from exc
    except RecursionError:
        raise SiteBuildError(
            "een pagina is te diep genest om te verwerken — maak geneste lijsten, citaten of"
            " HTML-elementen minder diep (toolbox validate wijst de gewone gevallen aan)"
        ) from None
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or getattr(exc, "name", None) or ""
        raise SiteBuildError(
            f"fout in een thema-sjabloon {where} (overrides/): {exc}".replace("  ", " ")
        ) from exc
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError) as exc:
        raise SiteBuildError(
            f"MkDocs stopte met {type(exc).__name__}: {exc} — controleer mkdocs.yml en overrides/"
        ) from exc


def build_site(
    catalog: Catalog,
    root: Path,
    site_dir: Path | None = None,
    pdf_file: Path | None = None,
    settings: ProjectSettings | None = None,
    booklets: dict[str, Path] | None = None,
    extra_docs: Callable[[Path], object] | None = None,
) -> Path:
    """Build the site into ``site_dir`` (default <root>/site), replacing it only on success
    and only when it is a folder an earlier build made (see output_dir.py). ``extra_docs``
    writes more files into the docs folder before the engine runs (the open data, from cli.py:
    one output does not import another)."""
    settings = settings or catalog.settings
    paths = ProjectLayout(root)
    target = (site_dir or paths.site_dir).resolve()
    check_output_dir(root, target)
    try:
        pdf_name = pdf_file.name if pdf_file else None
        files, nav = render_docs(catalog, root, pdf_name, settings, booklets)
    except jinja2.TemplateError as exc:
        raise SiteBuildError(template_error_message(exc, "site")) from exc
    with build_lock(root):
        check_output_dir(root, target)  # again: another build may have run meanwhile
        clean_leftovers(paths, target)
        write_docs(files, paths.docs_dir)
        write_identity(catalog, root, paths.docs_dir)
        if extra_docs is not None:
            extra_docs(paths.docs_dir)  # next to records.json
        pdfs = [pdf_file] if pdf_file is not None else []
        pdfs += list((booklets or {}).values())
        current = catalog.edition.date[:7] if catalog.edition else None
        pdfs += [pdf for _, pdf in edition_pdfs(root, current)]
        for pdf in pdfs:
            (paths.docs_dir / PDF_FOLDER).mkdir(exist_ok=True)
            shutil.copyfile(pdf, paths.docs_dir / PDF_FOLDER / pdf.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = _staging_folder(target.parent, "site")
        try:
            write_config(root, paths, nav, staging, settings)
            run_mkdocs(paths.config_file)
            index_search(staging)
            mark_output(staging)
            try:
                _swap(staging, target)
            except OSError as exc:
                raise SiteBuildError(
                    f"de nieuwe site kon niet in de plaats van '{target}' komen "
                    f"({exc.strerror or exc}) — controleer of je in '{target.parent}' mag "
                    "schrijven; de vorige uitvoer blijft staan"
                ) from exc
        finally:
            _remove_leftover(staging)
        # Leave a config that points at the real output.
        write_config(root, paths, nav, target, settings)
    return target


# Temporary folders and files a build makes next to its output carry the process id, so that a
# later build can tell those of a killed run (gone process) from those of one still running.
_STAGING = re.compile(r"\.(?:site|docs)-(\d+)-[a-z0-9_]{8}")
_PDF_PART = re.compile(r"\.pdf-(\d+)-[a-z0-9_]{8}\.tmp")
# The names earlier versions used (without a process id; made only by a build under the lock).
_OLD_STAGING = re.compile(r"\.(?:site|docs)-[a-z0-9_]{8}")
_OLD_PDF_PART = re.compile(r"tmp[a-z0-9_]{8}\.tmp")


def _staging_folder(parent: Path, kind: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{kind}-{os.getpid()}-", dir=parent))


def _aside(target: Path) -> Path:
    """Where the old output waits while the new one is renamed in (without an atomic exchange)."""
    return target.with_name(f".{target.name}.old")


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists, as another user's process
    return False


def clean_leftovers(paths: ProjectLayout, target: Path) -> None:
    """Restore or remove what killed builds left behind: an output renamed aside but not yet
    replaced, temporary site and docs folders, unfinished PDF files. Only names this module
    makes, only of processes that are gone; call it with the build lock held."""
    for output in (target, paths.docs_dir):
        _recover_swap(output)
    for folder in {target.parent, paths.build_dir}:
        for entry in _entries(folder):
            ours = _left_behind(entry.name, _STAGING, _OLD_STAGING)
            if ours and entry.is_dir() and not entry.is_symlink():
                _remove_leftover(entry)
    for entry in _entries(paths.build_dir / "pdf"):
        ours = _left_behind(entry.name, _PDF_PART, _OLD_PDF_PART)
        if ours and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)


def _left_behind(name: str, current: re.Pattern[str], earlier: re.Pattern[str]) -> bool:
    """True for a name this module makes, of a process that is gone (or an earlier version's)."""
    found = current.fullmatch(name)
    if found:
        return _process_gone(int(found.group(1)))
    return earlier.fullmatch(name) is not None


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _recover_swap(target: Path) -> None:
    """A build killed between its two renames left the old output aside and none in place:
    put it back. With both in place, the aside one is an old output: remove it."""
    aside = _aside(target)
    if not aside.is_dir() or aside.is_symlink():
        return
    if not target.exists() and not target.is_symlink():
        aside.rename(target)
    else:
        _remove_leftover(aside)


def _swap(new: Path, target: Path) -> None:
    """Put the folder ``new`` in place of ``target``, leaving a ``target`` at every moment.

    On Linux the two are exchanged in one step; elsewhere the old one is renamed aside first
    (a build killed in between is repaired by the next one, see clean_leftovers). Afterwards
    ``new`` holds the old output or nothing: the caller removes it."""
    if not target.exists() and not target.is_symlink():
        new.rename(target)
        return
    if _exchange(new, target):
        return
    aside = _aside(target)
    if aside.exists():
        try:
            _remove_tree(aside)
        except OSError as exc:
            raise SiteBuildError(_cannot_remove(aside, exc)) from exc
    target.rename(aside)
    new.rename(target)
    _remove_leftover(aside)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 with RENAME_EXCHANGE); False where the
    system or file system cannot, so the caller falls back to two renames."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _remove_tree(folder: Path) -> None:
    """Remove ``folder`` (an output or temporary folder of a build), also when its files were
    made read-only: the folders are made writable again where removing needs it."""

    def writable_and_retry(function: object, path: str, exc_info: Any) -> None:
        parent = os.path.dirname(path)
        for where in (parent, path):
            try:
                mode = os.lstat(where).st_mode
                if stat.S_ISDIR(mode):
                    os.chmod(where, stat.S_IMODE(mode) | stat.S_IRWXU)
            except OSError:
                pass
        if function in (os.rmdir, os.unlink, os.remove):
            function(path)  # type: ignore[operator]
        elif os.path.isdir(path) and not os.path.islink(path):
            _remove_tree(Path(path))  # a folder that could not be opened or listed
        else:
            raise exc_info[1]

    shutil.rmtree(folder, onerror=writable_and_retry)


def _remove_old_output(folder: Path) -> None:
    """Remove the replaced output; when that is impossible, say so (the new output is in
    place) instead of failing on it in every later build."""
    try:
        _remove_tree(folder)
    except OSError as exc:
        print(_leftover_warning(folder, exc), file=sys.stderr)


def _remove_leftover(folder: Path) -> None:
    if folder.exists() or folder.is_symlink():
        _remove_old_output(folder)


def _cannot_remove(folder: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return (
        f"de oude uitvoer in '{folder}' kon niet verwijderd worden ({reason}) — maak de map "
        f"schrijfbaar (chmod -R u+w '{folder}') of verwijder ze zelf"
    )


def _leftover_warning(folder: Path, exc: OSError) -> str:
    return (
        f"toolbox: waarschuwing: {_cannot_remove(folder, exc)}; de nieuwe uitvoer staat klaar "
        "en de volgende build probeert het opnieuw"
    )
