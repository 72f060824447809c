"""MkDocs' build with the pages outside the navigation split over two processes.

`mkdocs build` converts and writes one page after another on one core; at 15,000 tool pages that
is nearly all of the build, while the second core waits. This module follows MkDocs' own
`mkdocs.commands.build.build` (1.6.1, pinned in pyproject.toml) step by step, with one change:
the pages outside the navigation (tools and organisations) are converted and written half here
and half in a forked child (forked.py), after the navigation pages.

Why that split gives MkDocs' own result: a page outside the navigation is a leaf. The theme reads
the titles and addresses of navigation pages when it renders any page, never the content of a
page outside the navigation, so those pages can come last and in any order. What MkDocs still
needs of them after writing comes back from the child: the anchors each page has and the links
to anchors it makes (MkDocs' anchor check runs here, over every page), and the messages the child
logged, which are logged here (printed once, and counted: strict mode stops on any warning).

The split calls four private functions of MkDocs (`_populate_page`, `_build_page`,
`_build_theme_template`, `_build_extra_template`) and repeats the order of its build, so it runs
only with the MkDocs version it was written for (WRITTEN_FOR, read from the installed package):
with any other version MkDocs' own build runs unchanged, and one debug line says why.

The split is used only where nothing else can look across pages: no plugins or hooks (a plugin
may gather data from every page), fork() available, and enough pages to be worth a process.
Otherwise MkDocs' own build runs unchanged. A test builds the bundled edition both ways, and
once as with another MkDocs version, and compares the sites file by file.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from ..forked import can_fork, in_two_processes

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PARALLEL_FROM = 400  # pages outside the navigation; below this a second process costs more
WRITTEN_FOR = "1.6.1"  # the MkDocs version whose build this module repeats step by step

# What MkDocs' anchor check needs of the pages another process wrote: per page (by source path)
# its anchors and its links to anchors of other pages.
Anchors = dict[str, tuple[set[str], dict[str, dict[str, str]]]]

log = logging.getLogger("mkdocs.commands.build")
here = logging.getLogger(__name__)
T = TypeVar("T")


def mkdocs_version() -> str | None:
    try:
        return importlib.metadata.version("mkdocs")
    except importlib.metadata.PackageNotFoundError:
        return None


def can_split(config: MkDocsConfig) -> bool:
    """True when the split build gives MkDocs' own result (see the module's docstring)."""
    return mkdocs_version() == WRITTEN_FOR and len(config.plugins) == 0 and can_fork()


def build(config: MkDocsConfig, *, split: bool | None = None) -> None:
    """Build the site as `mkdocs build` would. ``split``: None decides by the number of pages
    outside the navigation; True splits even a small site (for the comparison test). With
    another MkDocs version than WRITTEN_FOR, MkDocs' own build runs whatever ``split`` says."""
    if split is not False and (installed := mkdocs_version()) != WRITTEN_FOR:
        here.debug("MkDocs %s, not %s: MkDocs' own build (one process)", installed, WRITTEN_FOR)
    if split is False or not can_split(config):
        mkdocs_build.build(config)
        return
    mkdocs_logger = logging.getLogger("mkdocs")
    warnings = utils.CountHandler()
    warnings.setLevel(logging.WARNING)
    if config.strict:
        mkdocs_logger.addHandler(warnings)
    try:
        _build(config, warnings, force=bool(split))
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        mkdocs_logger.removeHandler(warnings)


def _build(config: MkDocsConfig, warnings: utils.CountHandler, *, force: bool) -> None:
    # As MkDocs: settings and plugin events, an empty output folder, the files, the navigation.
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    utils.clean_directory(config.site_dir)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)

    inclusion = InclusionLevel.is_included
    doc_files = files.documentation_pages(inclusion=inclusion)
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
    in_nav = {id(page) for page in nav.pages}
    nav_files = [f for f in doc_files if id(f.page) in in_nav]
    leaves = [f for f in doc_files if id(f.page) not in in_nav]

    for file in nav_files:
        mkdocs_build._populate_page(file.page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    # Lower precedence first, as MkDocs writes them: static files, theme templates, pages.
    files.copy_static_files(inclusion=inclusion)
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs_build._build_extra_template(template, files, config, nav)
    for file in nav_files:
        mkdocs_build._build_page(
            file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
        )

    def write(part: list[File]) -> None:
        for file in part:
            page = file.page
            assert page is not None
            mkdocs_build._populate_page(page, config, files)
            mkdocs_build._build_page(
                page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
            )

    def write_there(part: list[File]) -> Anchors:
        write(part)
        return _anchors(part)

    mine, theirs, parent = leaves[: len(leaves) // 2], leaves[len(leaves) // 2 :], os.getpid()
    _, (anchors, messages) = in_two_processes(
        lambda: write(mine),
        lambda: _holding_messages(lambda: write_there(theirs), parent),
        worth_it=force or len(leaves) >= PARALLEL_FROM,
    )
    _take_anchors(anchors, files)
    # The child's warnings, logged here: printed once, and counted for strict mode below.
    _log_here(messages)

    for file in doc_files:
        assert file.page is not None
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)
    if counts := warnings.get_counts():
        message = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
        raise Abort(f"Aborted with {message} in strict mode!")


class _HeldMessages(logging.Handler):
    """Keeps MkDocs' messages, made picklable (text only), instead of printing them."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _holding_messages(work: Callable[[], T], parent: int) -> tuple[T, list[logging.LogRecord]]:
    """``work()`` with MkDocs' messages held back and returned, so that the parent logs them:
    once, with the parent's handlers, counted by the parent's strict-mode counter. When the
    work fails in a child, its messages are dropped (the parent runs it again and logs its
    own); when it fails in the parent, they are logged before the error goes on."""
    logger = logging.getLogger("mkdocs")
    held = _HeldMessages()
    saved = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [held], False
    try:
        return work(), held.records
    except BaseException:
        if os.getpid() == parent:
            logger.handlers, logger.propagate = saved
            _log_here(held.records)
        raise
    finally:
        logger.handlers, logger.propagate = saved


def _log_here(records: list[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


def _anchors(part: list[File]) -> Anchors:
    anchors: Anchors = {}
    for file in part:
        page: Any = file.page
        links = getattr(page, "links_to_anchors", None) or {}
        anchors[file.src_uri] = (
            set(getattr(page, "present_anchor_ids", ()) or ()),
            {target.src_uri: dict(found) for target, found in links.items()},
        )
    return anchors


def _take_anchors(anchors: Anchors, files: Files) -> None:
    """Give the pages that another process wrote what MkDocs' anchor check reads of them."""
    for src_uri, (present, links) in anchors.items():
        page: Any = files.get_file_from_path(src_uri).page
        page.present_anchor_ids = present
        page.links_to_anchors = {
            files.get_file_from_path(target): found for target, found in links.items()
        }
