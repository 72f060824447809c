"""`toolbox pdf`: the edition (or one reader's booklet) as an interactive PDF."""

from __future__ import annotations

from pathlib import Path

from ..catalog.layout import ProjectLayout
from ..catalog.model import Catalog, ToolboxWords
from ..catalog.slugs import slug
from ..settings import ProjectSettings
from .document import render_print_html
from .render import PdfResult, write_pdf


def pdf_file_name(catalog: Catalog, reader: str | None = None) -> str:
    """'<file_name>-<edition>[-<role>-<experience>].pdf' (``reader`` is a route key,
    'role/experience'); the stem is the toolbox's (content/edition.yaml)."""
    words = catalog.edition.toolbox if catalog.edition else ToolboxWords()
    edition = slug(catalog.edition.label) if catalog.edition else "editie"
    suffix = "-" + reader.replace("/", "-") if reader else ""
    return f"{words.file_stem(catalog.settings.site_name)}-{edition}{suffix}.pdf"


def build_pdf(
    catalog: Catalog,
    root: Path,
    *,
    reader: str | None = None,
    output: Path | None = None,
    settings: ProjectSettings | None = None,
) -> PdfResult:
    settings = settings or catalog.settings
    target = output or ProjectLayout(root).pdf_dir / pdf_file_name(catalog, reader)
    html = render_print_html(catalog, root, reader=reader, site_url=settings.site_url)
    return write_pdf(html, target, root=root)
