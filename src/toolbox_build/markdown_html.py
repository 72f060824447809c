"""Markdown → HTML with the site's extensions (read from mkdocs.yml), for the print edition."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import yaml

DEFAULT_EXTENSIONS: list[Any] = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
_HEADING = re.compile(r"<(/?)h([1-5])\b")
_ID = re.compile(r'\bid="([^"]+)"')


def site_extensions(root: Path | None) -> tuple[list[str], dict[str, Any]]:
    """The markdown_extensions of the project's mkdocs.yml, so site and PDF convert alike."""
    config_file = root / "mkdocs.yml" if root else None
    if not config_file or not config_file.is_file():
        return list(DEFAULT_EXTENSIONS), {}
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    names: list[str] = []
    settings: dict[str, Any] = {}
    for item in config.get("markdown_extensions", DEFAULT_EXTENSIONS):
        if isinstance(item, dict):
            ((name, options),) = item.items()
            names.append(name)
            settings[name] = {k: v for k, v in (options or {}).items() if k != "permalink"}
        else:
            names.append(item)
    return names, settings


class MarkdownConverter:
    def __init__(self, root: Path | None):
        self.extensions, self.settings = site_extensions(root)

    def convert(self, text: str, *, id_prefix: str, shift_headings: int = 0) -> str:
        html = markdown.markdown(
            text, extensions=self.extensions, extension_configs=self.settings, output_format="html"
        )
        if shift_headings:
            html = _HEADING.sub(
                lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift_headings)}", html
            )
        # Heading ids repeat across fiches ("wat-het-onderzoek-ons-leert"): make them unique.
        return _ID.sub(lambda m: f'id="{id_prefix}--{m.group(1)}"', html)
