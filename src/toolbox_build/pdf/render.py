"""Render print HTML to PDF with WeasyPrint, reusing the previous PDF when nothing changed."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .fetcher import ProjectAssetFetcher
from .tagging import TagRepair

# Options that make the edition interactive and accessible: form fields, tagged PDF/UA.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_forms": True, "custom_metadata": True}


@dataclass(frozen=True)
class PdfResult:
    path: Path
    reused: bool


def content_hash(html: str) -> str:
    import weasyprint

    digest = hashlib.sha256()
    digest.update(weasyprint.__version__.encode())
    digest.update(repr(sorted(PDF_OPTIONS.items())).encode())
    digest.update(html.encode("utf-8"))
    return digest.hexdigest()


def render_pdf_bytes(html: str, root: Path | None = None) -> bytes:
    """The PDF of ``html``. Relative addresses resolve inside the project ``root``, the only
    place WeasyPrint may read from (see fetcher.py); without a root it reads no file at all."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # Same input, same bytes: the dates come from the edition (<meta dcterms.*>), and the
    # document identifier from the content instead of randomness.
    identifier = hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode()
    # Layout allocates millions of short-lived objects: with Python's default thresholds the
    # cyclic garbage collector runs constantly (about 17% of the render time, measured with
    # bench/bench_pdf.py). Collect less often while rendering, then restore the settings.
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        document = weasyprint.HTML(
            string=html,
            base_url=root.resolve().as_uri() + "/" if root else None,
            url_fetcher=ProjectAssetFetcher(root),
        )
        repair = TagRepair()  # structure tree, artifacts, link texts, field appearances
        with repair.recording():
            return document.write_pdf(pdf_identifier=identifier, finisher=repair, **PDF_OPTIONS)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def write_pdf(html: str, output: Path, *, root: Path | None = None) -> PdfResult:
    """Write the PDF for ``html`` to ``output``; skip rendering when the stored hash matches."""
    stamp = stamp_path(output)
    digest = content_hash(html)
    if output.is_file() and stamp.is_file() and _stamp_matches(stamp, digest, output):
        return PdfResult(output, reused=True)
    data = render_pdf_bytes(html, root)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Named with the process id: a later build removes the parts of killed runs (site/build.py).
    with tempfile.NamedTemporaryFile(
        dir=output.parent, delete=False, prefix=f".pdf-{os.getpid()}-", suffix=".tmp"
    ) as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)  # NamedTemporaryFile creates 0600; a publication is world-readable
    os.replace(tmp.name, output)
    pdf_digest = hashlib.sha256(data).hexdigest()
    stamp.write_text(f"inputs {digest}\npdf {pdf_digest}\n")
    return PdfResult(output, reused=False)


def stamp_path(output: Path) -> Path:
    """The file next to the PDF that records the hash of its inputs and of the PDF itself."""
    return output.with_name(output.name + ".inputs.sha256")


def _stamp_matches(stamp: Path, digest: str, output: Path) -> bool:
    fields = dict(line.split(" ", 1) for line in stamp.read_text().splitlines() if " " in line)
    if fields.get("inputs") != digest:
        return False
    return fields.get("pdf") == hashlib.sha256(output.read_bytes()).hexdigest()
