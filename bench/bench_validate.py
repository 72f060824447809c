"""Benchmark: `toolbox validate` as a whole process, on the bundled edition and on generated
catalogues of 1,000 and 10,000 tools. Prints wall time, records per second and the 10k/1k ratio.

Not a test: it asserts nothing and has no time limits. Run it with

    .venv/bin/python bench/bench_validate.py [--repeat N]

Generated catalogues reuse the bundled registries and pages, so every rule runs as it does on the
real data; each generated tool is a copy of a bundled record with its own name, URL and table row.
As in a real catalogue, a tool's link lives on its owner's website (many tools in one folder of
one host), and the generated catalogue validates without errors or warnings.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
TOOLBOX = Path(sys.executable).with_name("toolbox")


def generate_catalogue(target: Path, count: int) -> None:
    # The corrections log names the bundled tools, which a generated catalogue does not have.
    shutil.copytree(
        ROOT / "content", target / "content", ignore=shutil.ignore_patterns("corrections.yaml")
    )
    tools_dir = target / "tools_catalog"
    tools_dir.mkdir()
    templates = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "tools_catalog").glob("*.yaml"))
    ]
    header = (
        "# yaml-language-server: $schema=../src/toolbox_build/catalog/schemas/tool.schema.json\n"
    )
    websites = {
        org["id"]: org.get("website")
        for org in yaml.safe_load(
            (ROOT / "content" / "organisations.yaml").read_text(encoding="utf-8")
        )["organisations"]
    }
    references = {
        ref["key"]: ref.get("url")
        for ref in yaml.safe_load(
            (ROOT / "content" / "references.yaml").read_text(encoding="utf-8")
        )["references"]
    }
    records = []
    # fiche -> category -> placements, in order of first appearance: a category's rows must be
    # consecutive in its fiche's table.
    rows: dict[str, dict[str | None, list[dict]]] = {}
    for n in range(count):
        record = dict(templates[n % len(templates)])
        word = _word(n)
        record["name"] = f"{record['name']} {word}"
        cited = [references.get(key) for key in record.get("references", [])]
        site = _site(websites.get(record["owner"]) or next(filter(None, cited), None)) or (
            f"https://{_host(n)}.voorbeeld.be"
        )
        record["links"] = [{"url": f"{site}/tools/{_host(n)}", "label": "Voorbeeldpagina"}]
        record["placements"] = [dict(p) for p in record["placements"]]
        for placement in record["placements"]:
            by_category = rows.setdefault(placement["fiche"], {})
            by_category.setdefault(placement.get("category"), []).append(placement)
        records.append((word, record))
    for by_category in rows.values():
        placements = [p for group in by_category.values() for p in group]
        for row, placement in enumerate(placements, start=1):
            placement["order"] = row
    for word, record in records:
        text = header + yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (tools_dir / f"tool-{word}.yaml").write_text(text, encoding="utf-8")


def _site(url: str | None) -> str | None:
    """Scheme and host of an address: where its owner publishes."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _host(n: int) -> str:
    """A name far from every other one (for a path segment or a host): the words of _word differ
    in one letter, which the near-miss rules rightly report as likely typos."""
    digest = hashlib.sha256(str(n).encode()).hexdigest()[:12]
    return "".join("bcdfghjklmnpqrstvwxz"[int(c, 16)] for c in digest)


def _word(n: int) -> str:
    """Distinct, letter-only words so generated URLs are not near-misses of one another."""
    letters = "bcdfghjklmnpqrstvwxz"
    out = ""
    n += 20_000
    while n:
        n, r = divmod(n, len(letters))
        out += letters[r] + "aeiou"[(n + r) % 5]
    return out


def time_validate(project: Path, repeat: int) -> tuple[float, int]:
    times = []
    exit_code = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(
            [str(TOOLBOX), "validate", str(project)], capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - start)
        exit_code = result.returncode
    return statistics.median(times), exit_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per catalogue (median)")
    args = parser.parse_args()
    rows = []
    bundled_tools = len(list((ROOT / "tools_catalog").glob("*.yaml")))
    seconds, code = time_validate(ROOT, args.repeat)
    rows.append(("bundled edition", bundled_tools, seconds, code))
    with tempfile.TemporaryDirectory() as tmp:
        for count in (1_000, 10_000):
            project = Path(tmp) / f"catalogue-{count}"
            generate_catalogue(project, count)
            seconds, code = time_validate(project, max(1, args.repeat // 2))
            rows.append((f"generated {count:,}", count, seconds, code))
    print(f"{'catalogue':<18} {'tools':>7} {'wall s':>8} {'tools/s':>9} {'exit':>5}")
    for label, tools, seconds, code in rows:
        print(f"{label:<18} {tools:>7} {seconds:>8.3f} {tools / seconds:>9.0f} {code:>5}")
    ratio = rows[2][2] / rows[1][2]
    print(f"10k/1k wall-time ratio: {ratio:.2f} (10.00 would be exactly linear)")


if __name__ == "__main__":
    main()
