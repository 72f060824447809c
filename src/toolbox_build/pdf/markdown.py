"""Markdown → HTML with the site's extensions (from the project settings), for the print edition."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from ..catalog.prose_policy import sanitise
from ..settings import ProjectSettings, load_settings, resolved

_HEADING = re.compile(r"<(/?)h([1-5])\b")
_ID = re.compile(r'\bid="([^"]+)"')


class MarkdownSettingsError(ValueError):
    """markdown_extensions in mkdocs.yml names an extension that cannot be loaded (Dutch)."""


class MarkdownConverter:
    """Converts prose like the site does: the same extensions and settings (from mkdocs.yml),
    then the shared prose policy. Heading anchors ("permalink") are for the web only."""

    def __init__(self, settings: ProjectSettings | Path | None):
        if not isinstance(settings, ProjectSettings):
            settings = load_settings(settings)
        self.extensions = list(settings.markdown_extensions)
        self.settings = {
            name: {k: v for k, v in resolved(options).items() if k != "permalink"}
            for name, options in settings.extension_configs.items()
        }
        try:  # an extension that does not exist fails here, once, with a message
            markdown.Markdown(extensions=self.extensions, extension_configs=self.settings)
        except (ImportError, AttributeError, TypeError, ValueError, KeyError) as exc:
            raise MarkdownSettingsError(
                f"mkdocs.yml: markdown_extensions: een extensie kan niet geladen worden "
                f"({type(exc).__name__}: {exc}) — controleer de namen en opties onder "
                "markdown_extensions (bv. toc, admonition, attr_list)"
            ) from None

    def convert(self, text: str, *, id_prefix: str, shift_headings: int = 0) -> str:
        html = sanitise(
            markdown.markdown(
                text,
                extensions=self.extensions,
                extension_configs=self.settings,
                output_format="html",
            )
        )
        if shift_headings:
            html = _HEADING.sub(
                lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift_headings)}", html
            )
        # Heading ids repeat across fiches ("wat-het-onderzoek-ons-leert"): make them unique.
        return _ID.sub(lambda m: f'id="{id_prefix}--{m.group(1)}"', html)
