"""`toolbox build`: validate, write the generated docs folder, run the site engine, swap.

Everything is read and validated before anything is written; the engine builds into a temporary
folder next to the output, which replaces the old output only when the build succeeded.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..catalog.model import Catalog
from ..edition.snapshot import edition_pdfs
from ..settings import ProjectSettings, dump_config
from ..templating import template_error_message
from .identity import write_identity
from .output_dir import build_lock, check_output_dir, mark_output
from .pages import GeneratedFile, SiteRenderer


class SiteBuildError(Exception):
    """The site engine refused the generated pages (a broken link in strict mode, say)."""


@dataclass(frozen=True)
class SitePaths:
    root: Path

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def docs_dir(self) -> Path:
        return self.build_dir / "docs"

    @property
    def config_file(self) -> Path:
        return self.build_dir / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"


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
    staging = Path(tempfile.mkdtemp(prefix=".docs-", dir=docs_dir.parent))
    try:
        for file in files:
            target = staging / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.text, encoding="utf-8")
        _swap(staging, docs_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
    root: Path, paths: SitePaths, nav: list[Any], site_dir: Path, settings: ProjectSettings
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
    config.update(
        markdown_extensions=extensions,
        docs_dir=os.path.relpath(paths.docs_dir.resolve(), here),
        site_dir=os.path.relpath(site_dir.resolve(), here),
        nav=nav,
        strict=True,
        not_in_nav="/tools/*.md\n/organisaties/*.md\n",
        validation={"links": {"absolute_links": "warn", "unrecognized_links": "warn"}},
    )
    paths.config_file.write_text(
        "# Generated by `toolbox build` from ../mkdocs.yml; edit that file instead.\n"
        + dump_config(config),
        encoding="utf-8",
    )


def index_search(site_dir: Path) -> None:
    """The Pagefind search index over the built pages (site/search.py)."""
    from .search import SearchIndexError, build_search_index

    try:
        build_search_index(site_dir)
    except SearchIndexError as exc:
        raise SiteBuildError(str(exc)) from exc


def run_mkdocs(config_file: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from .parallel_mkdocs import build

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file))
        build(config)
    except (Abort, MkDocsException) as exc:
        raise SiteBuildError(f"MkDocs weigerde de pagina's: {exc}") from exc
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
) -> Path:
    """Build the site into ``site_dir`` (default <root>/site), replacing it only on success
    and only when it is a folder an earlier build made (see output_dir.py)."""
    settings = settings or catalog.settings
    paths = SitePaths(root)
    target = (site_dir or paths.site_dir).resolve()
    check_output_dir(root, target)
    try:
        pdf_name = pdf_file.name if pdf_file else None
        files, nav = render_docs(catalog, root, pdf_name, settings, booklets)
    except jinja2.TemplateError as exc:
        raise SiteBuildError(template_error_message(exc, "site")) from exc
    with build_lock(root):
        check_output_dir(root, target)  # again: another build may have run meanwhile
        write_docs(files, paths.docs_dir)
        write_identity(catalog, root, paths.docs_dir)
        pdfs = [pdf_file] if pdf_file is not None else []
        pdfs += list((booklets or {}).values())
        current = catalog.edition.date[:7] if catalog.edition else None
        pdfs += [pdf for _, pdf in edition_pdfs(root, current)]
        for pdf in pdfs:
            (paths.docs_dir / PDF_FOLDER).mkdir(exist_ok=True)
            shutil.copyfile(pdf, paths.docs_dir / PDF_FOLDER / pdf.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
        try:
            write_config(root, paths, nav, staging, settings)
            run_mkdocs(paths.config_file)
            index_search(staging)
            mark_output(staging)
            _swap(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        # Leave a config that points at the real output.
        write_config(root, paths, nav, target, settings)
    return target


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
