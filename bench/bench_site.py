"""Benchmark: `toolbox build` (validate + render + MkDocs) against `mkdocs build` alone on the same
generated docs folder, side by side in one run, plus page weights.

Not a test: it asserts nothing. Run it with

    .venv/bin/python bench/bench_site.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        toolbox_times, mkdocs_times = [], []
        for _ in range(args.repeat):
            # Alternate the two so both see the same machine state.
            toolbox_times.append(
                timed([str(BIN / "toolbox"), "build", "--no-pdf", "--site-dir", str(site)], ROOT)
            )
            mkdocs_times.append(
                timed([str(BIN / "mkdocs"), "build", "-q", "-f", "build/mkdocs.yml"], ROOT)
            )
        toolbox_s, mkdocs_s = statistics.median(toolbox_times), statistics.median(mkdocs_times)
        print(f"toolbox build (no PDF): {toolbox_s:.2f} s (median of {args.repeat})")
        print(f"mkdocs build alone:     {mkdocs_s:.2f} s (same generated docs)")
        print(f"ratio toolbox/mkdocs:   {toolbox_s / mkdocs_s:.2f}")
        fiches = sorted((site / "fiches").glob("*/index.html"))
        largest = max(fiches, key=lambda p: p.stat().st_size)
        size_kb = largest.stat().st_size / 1024
        print(f"largest fiche page:     {size_kb:.1f} KB ({largest.parent.name})")
        print(f"records.json:           {(site / 'records.json').stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
