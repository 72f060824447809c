"""Benchmark: the PDF edition. Side by side in one run: `toolbox pdf` (validate + print HTML +
WeasyPrint) against WeasyPrint alone rendering the same print HTML with the same options, the
reuse path (nothing changed), and peak memory. Not a test: it asserts nothing.

    .venv/bin/python bench/bench_pdf.py [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TOOLBOX = str(Path(PYTHON).with_name("toolbox"))

# Bare WeasyPrint: same HTML, same base (the project, for the logo), same options; no tagging
# repairs, no validation, no HTML generation.
WEASYPRINT_ALONE = """
import sys, weasyprint
from toolbox_build.pdf.render import PDF_OPTIONS
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html, base_url=sys.argv[3]).write_pdf(sys.argv[2], **PDF_OPTIONS)
"""


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()
    from toolbox_build.pdf.document import render_print_html
    from toolbox_build.pdf.render import stamp_path
    from toolbox_build.validate import validate_project

    catalog = validate_project(ROOT).catalog
    with tempfile.TemporaryDirectory() as tmp:
        html_file = Path(tmp) / "print.html"
        html_file.write_text(
            render_print_html(catalog, ROOT, site_url=catalog.settings.site_url), "utf-8"
        )
        out = Path(tmp) / "edition.pdf"
        toolbox_s, alone_s, peaks = [], [], []
        for _ in range(args.repeat):
            for stale in (out, stamp_path(out)):
                stale.unlink(missing_ok=True)
            seconds, peak = run([TOOLBOX, "pdf", "--output", str(out)])
            toolbox_s.append(seconds)
            peaks.append(peak)
            seconds, _ = run(
                [
                    PYTHON,
                    "-c",
                    WEASYPRINT_ALONE,
                    str(html_file),
                    str(Path(tmp) / "w.pdf"),
                    ROOT.as_uri() + "/",
                ]
            )
            alone_s.append(seconds)
        reuse_s, _ = run([TOOLBOX, "pdf", "--output", str(out)])
    t, w = statistics.median(toolbox_s), statistics.median(alone_s)
    print(f"toolbox pdf (cold):         {t:.2f} s, peak memory {max(peaks):.0f} MiB")
    print(f"WeasyPrint alone, same HTML: {w:.2f} s")
    print(f"generator overhead:         {100 * (t / w - 1):.1f} % (budget: 15 %)")
    print(f"reuse path (nothing changed): {reuse_s:.2f} s")


if __name__ == "__main__":
    main()
