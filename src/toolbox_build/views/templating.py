"""The one place that sets up Jinja: loaders (override by path), autoescape, filters."""

from __future__ import annotations

import json
import os
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
)
from markupsafe import Markup, escape

from ..settings import page_url
from . import account

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md_escape(text: Any) -> Markup:
    """Text that shows as written inside Markdown: HTML-escaped, Markdown punctuation escaped."""
    escaped = str(escape(str(text)))
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def relative_url(target: str, current: str) -> str:
    """Link from the Markdown page ``current`` to ``target`` (both paths in the docs folder)."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    if not target:
        return anchor
    return posixpath.relpath(target, posixpath.dirname(current) or ".") + anchor


@lru_cache(maxsize=65_536)
def _segments(path: str) -> tuple[str, ...]:
    return tuple(s for s in posixpath.normpath(path).split("/") if s != ".")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the docs folder's relative paths, without its two abspath() calls
    (which read the working directory; a build of 15,000 tools computes a link per row)."""
    if path.startswith(("/", "..")) or start.startswith(("/", "..")):
        return posixpath.relpath(path, start)
    to, base = _segments(path), _segments(start)
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + list(to[common:])) or "."


def html_link(target: str, current: str, directory_urls: bool = True) -> str:
    """Link for raw HTML blocks, which the engine leaves alone: final URLs, relative to the page.

    Markdown links ('[x](../a.md)') are rewritten and checked by the engine itself; links inside
    HTML blocks are not, so they are computed here (and checked by the browser crawl test).
    """
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    here = page_url(current, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    there = page_url(target, directory_urls)
    if not there and not base:
        return "./" + anchor
    relative = _relpath(there or ".", base or ".")
    if (there.endswith("/") or not there) and relative != ".":
        relative += "/"
    return ("./" if relative == "." else relative) + anchor


def json_attr(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class OverrideError(TemplateRuntimeError):
    """A template override in the project failed while it was filled in (a division by zero,
    a missing key, a wrong type): where, and what went wrong."""

    def __init__(self, message: str, filename: str, lineno: int):
        super().__init__(message)
        self.filename, self.lineno = filename, lineno


class _OverrideLoader(FileSystemLoader):
    """The project's templates/<kind>/: a file that is not UTF-8 is a template error with its
    place, not a UnicodeDecodeError from deep inside Jinja."""

    def get_source(self, environment: Environment, template: str) -> Any:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            filename = str(Path(self.searchpath[0]) / template)
            data = exc.object if isinstance(exc.object, bytes) else b""
            line = data[: exc.start].count(b"\n") + 1
            raise TemplateSyntaxError(
                f"geen UTF-8-tekst (byte 0x{data[exc.start]:02x} kan niet gelezen worden); "
                "bewaar het bestand als UTF-8",
                line,
                template,
                filename,
            ) from None


class _Environment(Environment):
    def handle_exception(self, source: str | None = None) -> Any:
        """Errors raised while a project override is filled in name the override and line."""
        try:
            return super().handle_exception(source)
        except (TemplateSyntaxError, TemplateNotFound):
            raise
        except Exception as exc:
            place = _override_frame(exc, self)
            if place is None:
                raise
            text = str(exc) if isinstance(exc, TemplateError) else f"{type(exc).__name__}: {exc}"
            raise OverrideError(text, *place) from exc


def _override_frame(exc: BaseException, env: Environment) -> tuple[str, int] | None:
    """(file, line) of the innermost frame of the traceback in a project override."""
    folders = [
        str(Path(folder).resolve())
        for loader in getattr(env.loader, "loaders", [env.loader])
        if isinstance(loader, _OverrideLoader)
        for folder in loader.searchpath
    ]
    place = None
    tb = exc.__traceback__
    while tb is not None:
        filename = os.path.realpath(tb.tb_frame.f_code.co_filename)
        if any(filename.startswith(folder + "/") for folder in folders):
            place = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return place


def make_environment(project_root: Path | None, kind: str) -> Environment:
    """Templates of ``kind`` ('site' or 'pdf'); a file at <project>/templates/<kind>/<name>
    replaces the packaged template of the same name."""
    loaders = []
    if project_root is not None and (project_root / "templates" / kind).is_dir():
        loaders.append(_OverrideLoader(project_root / "templates" / kind))
    loaders.append(PackageLoader("toolbox_build", f"templates/{kind}"))
    env = _Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # contributed text is data: escaped unless a template says otherwise
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment serves one build: no need to stat every included template on every
        # use (at 15,000 tools, a tenth of the rendering time).
        auto_reload=False,
    )
    env.filters["md"] = md_escape
    env.filters["json_attr"] = json_attr
    env.filters["number_word"] = number_word
    # The account's headings, introductions and field labels: one definition for site and PDF.
    env.globals["account"] = account
    return env


NUMBER_WORDS = [
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
]


def number_word(count: int) -> str:
    """A count as Dutch writes it at the start of a sentence: 14 -> 'Veertien', 32 -> '32'."""
    if 0 <= count < len(NUMBER_WORDS):
        return NUMBER_WORDS[count].capitalize()
    return str(count)


def template_error_message(exc: Exception, kind: str) -> str:
    """A Dutch message for a broken template (usually an override in templates/<kind>/)."""
    import jinja2

    if isinstance(exc, (jinja2.TemplateSyntaxError, OverrideError)):
        where = f"{exc.filename or exc.name or 'sjabloon'}:{exc.lineno}"
        return (
            f"{where}: fout in sjabloon: {exc.message} — herstel het sjabloon in templates/{kind}/"
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return (
            f"sjabloon '{exc.name}' niet gevonden — een sjabloon in templates/{kind}/ verwijst "
            "naar een bestand dat niet bestaat"
        )
    return (
        f"fout bij het invullen van een sjabloon: {exc} — controleer de sjablonen in "
        f"templates/{kind}/"
    )
