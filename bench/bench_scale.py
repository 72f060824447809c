"""Benchmark: how validate, the site build and the PDF grow with the size of the catalogue.

Generates valid catalogues (150, 1,500 and 15,000 tools by default) and measures, side by side in
one run, wall time and peak memory of each command, both of its largest process (its rusage) and of
all its processes together (the proportional set size of the command and its descendants, sampled
four times a second; the build forks, and Pagefind runs beside it):

- `toolbox validate`
- `toolbox build --no-pdf` (validate + render the docs + MkDocs)
- bare `mkdocs build` on the docs folder that `toolbox build` generated (the engine alone)
- `toolbox pdf` (up to --pdf-max tools; the PDF of 15,000 tools runs for a long time)

and prints the growth ratios between consecutive sizes (a ratio equal to the size ratio is
linear). Not a test: it asserts nothing. Run it with

    .venv/bin/python bench/bench_scale.py [--sizes 150 1500 15000] [--pdf-max 1500]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import generate_catalogue

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class Measure:
    seconds: float
    peak_mib: float  # the largest single process of the command (rusage)
    exit_code: int
    tree_mib: float = 0.0  # the command's processes together (sampled PSS), when /proc has it


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += parents.get(current, [])
    return found


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages (a forked child's) count once over the processes."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants four times a second."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        if not Path("/proc/self/smaps_rollup").exists():
            return  # no /proc: the figure stays 0
        while not self.done.wait(0.25):
            total = sum(_pss_kib(p) for p in _descendants(self.pid))
            self.peak_kib = max(self.peak_kib, total)


def run(command: list[str], cwd: Path) -> Measure:
    """Wall seconds and peak memory of one command: of its largest process (rusage) and of all
    its processes together (sampled)."""
    log = cwd / "bench-output.txt"
    start = time.perf_counter()
    with log.open("wb") as out, subprocess.Popen(command, cwd=cwd, stdout=out, stderr=out) as child:
        sampler = TreeMemory(child.pid)
        sampler.start()
        # wait4 gives this child's own rusage: the peak of the largest process of that command.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
    seconds = time.perf_counter() - start
    if child.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
        print(f"  {command[1]} exited {child.returncode}:", *tail, sep="\n    ", flush=True)
    return Measure(seconds, usage.ru_maxrss / 1024, child.returncode, sampler.peak_kib / 1024)


def make_project(target: Path, count: int) -> None:
    generate_catalogue(target, count)
    for name in ("overrides", "editions"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    shutil.copyfile(ROOT / "mkdocs.yml", target / "mkdocs.yml")


def measure(project: Path, count: int, pdf_max: int) -> dict[str, Measure]:
    toolbox = str(BIN / "toolbox")
    results = {
        "validate": run([toolbox, "validate", str(project)], project),
        "build --no-pdf": run(
            [toolbox, "build", str(project), "--no-pdf", "--site-dir", str(project / "site")],
            project,
        ),
    }
    # The engine alone, on exactly the docs folder and config that the build generated.
    config = project / "build" / "mkdocs.yml"
    alone = project / "site-mkdocs"
    results["mkdocs build"] = run(
        [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(alone)], project
    )
    if count <= pdf_max:
        results["pdf"] = run([toolbox, "pdf", str(project)], project)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 1_500, 15_000])
    parser.add_argument("--pdf-max", type=int, default=1_500, help="largest catalogue to print")
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args()
    table: dict[int, dict[str, Measure]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for count in args.sizes:
            project = base / f"catalogue-{count}"
            shutil.rmtree(project, ignore_errors=True)
            make_project(project, count)
            table[count] = measure(project, count, args.pdf_max)
            _print_size(count, table[count])
            if not args.keep:
                shutil.rmtree(project, ignore_errors=True)
    _print_summary(table)


def _print_size(count: int, results: dict[str, Measure]) -> None:
    for step, m in results.items():
        print(
            f"{count:>7,} tools  {step:<15} {m.seconds:>8.1f} s {m.peak_mib:>8.0f} MiB"
            f" (all processes {m.tree_mib:.0f} MiB)  exit {m.exit_code}",
            flush=True,
        )


def _print_summary(table: dict[int, dict[str, Measure]]) -> None:
    sizes = sorted(table)
    steps = list(dict.fromkeys(step for results in table.values() for step in results))
    print()
    print("Memory: largest process / all processes of the command together (sampled PSS).")
    print("| step | " + " | ".join(f"{n:,} tools" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for step in steps:
        cells = []
        for n in sizes:
            m = table[n].get(step)
            cells.append(
                f"{m.seconds:.1f} s, {m.peak_mib:.0f} / {m.tree_mib:.0f} MiB" if m else "—"
            )
        print(f"| {step} | " + " | ".join(cells) + " |")
    print()
    for small, large in itertools.pairwise(sizes):
        for step in steps:
            a, b = table[small].get(step), table[large].get(step)
            if a and b:
                print(
                    f"{step:<15} {small:,} → {large:,}: time ×{b.seconds / a.seconds:.1f} "
                    f"(size ×{large / small:.0f}), memory ×{b.peak_mib / a.peak_mib:.1f}"
                )
    for n in sizes:
        build, alone = table[n].get("build --no-pdf"), table[n].get("mkdocs build")
        if build and alone:
            print(f"{n:,} tools: build / bare mkdocs = {build.seconds / alone.seconds:.2f}")


if __name__ == "__main__":
    main()
