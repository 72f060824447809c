"""The one place that sets up Jinja: loaders (override by path), autoescape, filters."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

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


def json_attr(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_environment(project_root: Path | None, kind: str) -> Environment:
    """Templates of ``kind`` ('site' or 'pdf'); a file at <project>/templates/<kind>/<name>
    replaces the packaged template of the same name."""
    loaders = []
    if project_root is not None and (project_root / "templates" / kind).is_dir():
        loaders.append(FileSystemLoader(project_root / "templates" / kind))
    loaders.append(PackageLoader("toolbox_build", f"templates/{kind}"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # contributed text is data: escaped unless a template says otherwise
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["json_attr"] = json_attr
    return env
