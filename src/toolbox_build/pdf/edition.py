"""`toolbox pdf`: the edition (or one reader's booklet) as an interactive PDF."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..catalog.model import Catalog
from ..slugs import slug
from .document import render_print_html
from .render import PdfResult, write_pdf


def pdf_file_name(catalog: Catalog, reader: str | None = None) -> str:
    edition = slug(catalog.edition.label) if catalog.edition else "editie"
    suffix = f"-{reader}" if reader else ""
    return f"toolbox-zorgzame-buurten-{edition}{suffix}.pdf"


def site_url(root: Path) -> str | None:
    """The website address from mkdocs.yml (for "online" links in the PDF), if configured."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return None
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    value = config.get("site_url")
    return str(value) if value else None


def build_pdf(
    catalog: Catalog, root: Path, *, reader: str | None = None, output: Path | None = None
) -> PdfResult:
    target = output or root / "build" / "pdf" / pdf_file_name(catalog, reader)
    html = render_print_html(catalog, root, reader=reader, site_url=site_url(root))
    return write_pdf(html, target, base_url=str(root))
