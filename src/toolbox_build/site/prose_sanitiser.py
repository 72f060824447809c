"""A Python-Markdown extension that cleans the prose of each generated page after conversion.

The page templates wrap contributed prose between two HTML comments carrying a marker derived
from the prose itself; after Python-Markdown has produced the page's HTML, everything between the
markers goes through the shared prose policy (``prose_html.sanitise``). The theme's HTML and the
templates' own blocks (already escaped) are left alone. Because the marker is a hash of the prose,
prose cannot close its own region early: writing the end marker changes the hash.

The generated mkdocs.yml lists this extension; the validator refuses the same HTML before any
build, so this is the second line of defence.
"""

from __future__ import annotations

import hashlib
import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from ..catalog.prose_policy import sanitise

_REGION = re.compile(
    r"<!-- zb-prose (?P<mark>[0-9a-f]{16}) -->(?P<body>.*?)<!-- /zb-prose (?P=mark) -->", re.S
)


def prose_marker(prose: str) -> str:
    return hashlib.sha256(prose.encode("utf-8")).hexdigest()[:16]


def wrap_prose(prose: str) -> str:
    """Markdown ``prose`` between the markers, as blocks of their own."""
    mark = prose_marker(prose)
    return f"<!-- zb-prose {mark} -->\n\n{prose}\n\n<!-- /zb-prose {mark} -->"


class _Sanitise(Postprocessor):
    def run(self, text: str) -> str:
        return _REGION.sub(lambda m: sanitise(m.group("body")), text)


class ProseSanitiserExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After raw HTML is put back (priority 30) and before nothing else that adds markup.
        md.postprocessors.register(_Sanitise(md), "toolbox_prose_sanitiser", 5)


def makeExtension(**kwargs: object) -> ProseSanitiserExtension:
    return ProseSanitiserExtension(**kwargs)
