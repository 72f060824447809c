"""Benchmark: site search and catalogue filters in a browser, at 150, 1,500 and 15,000 tools.

For each size it generates a valid catalogue (the generator of bench_validate.py), builds the site
(`toolbox build --no-pdf`, which also writes the Pagefind index), serves it on 127.0.0.1 and drives
Debian's Chromium with Playwright:

- search: on a tool page, open the search dialog, wait until the engine has loaded (the time from
  the click is reported as "engine ready") and type a query; it reports the bytes the browser
  downloaded for the search since the click (engine, index chunks, fragments) until the first
  result appeared, and the time from the first keystroke to the first result, for a first and a
  second query;
- typed: on a fresh page, click the search button and type the first query at once, a key every
  120 ms (the engine loads meanwhile); the time from the last key to the results for the whole
  query;
- catalogue: the bytes of the "Alle tools" page with records.json (as sent here, uncompressed,
  and gzipped as a compressing host sends them), and the time from ticking a
  facet to the updated count.

Targets at 15,000 tools: at most 500 KB before the first result, under 300 ms to results. Not a
test: it asserts nothing. Run it with

    .venv/bin/python bench/bench_search.py [--sizes 150 1500 15000] [--keep DIR] [--copies]

With --judged it measures relevance instead: every query of tests/search_judgements.yaml typed
into the real dialog of the bundled edition (built with `toolbox build --no-pdf`, or the site
given with --site), and prints hit@3 and hit@5 (the share of judged pages in the top 3 and 5),
MRR (the mean over the queries of 1 / the rank of the first judged page), the words judged
absent that still showed results, and each query that missed:

    .venv/bin/python bench/bench_search.py --judged [--site DIR]

A full build of 15,000 tools takes long on a small machine. With --copies, only the smallest size is
built; each larger site is that site with its tool pages copied under new names and words (each
copy's name and description get the copy's own word) until it holds the wanted number of tools,
and Pagefind indexes it as `toolbox build` would. That measures the search; the catalogue figures
are then left out, as the copied site's records.json still lists the built tools only.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml
from bench_validate import _word, generate_catalogue

ROOT = Path(__file__).resolve().parents[1]
TOOLBOX = Path(sys.executable).with_name("toolbox")
QUERIES = ("vrijwilligers", "buurtwerkers")  # cold, then warm
JUDGEMENTS = ROOT / "tests" / "search_judgements.yaml"

# Armed before typing: the clock starts at the first input event, stops when a result shows.
ARM_FIRST_HIT = """(selector) => {
  const input = document.getElementById('zb-search-q');
  window.__firstHit = new Promise((resolve) => {
    let start = null;
    input.addEventListener('input', () => { if (start === null) start = performance.now(); });
    new MutationObserver((_, observer) => {
      if (start !== null && document.querySelector(selector)) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
}"""


def make_project(target: Path, count: int) -> None:
    generate_catalogue(target, count)
    for name in ("overrides", "editions"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    shutil.copyfile(ROOT / "mkdocs.yml", target / "mkdocs.yml")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _bytes(requests: list) -> int:
    total = 0
    for request in requests:
        try:
            sizes = request.sizes()
        except Exception:  # a request that never finished counts nothing
            continue
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def _gzipped(requests: list) -> int:
    """The bodies as a server that compresses (GitHub Pages, most hosts) would send them."""
    total = 0
    for request in requests:
        response = request.response()
        if response is not None:
            total += len(gzip.compress(response.body(), compresslevel=6))
    return total


def search_figures(browser, base: str, tool_page: str) -> dict[str, float]:
    """Open the dialog (the engine loads), then type: bytes since the click until the first
    result, and time from the first input event to the first result; then a second query."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + tool_page, wait_until="networkidle")
    figures: dict[str, float] = {}
    for n, query in enumerate(QUERIES):
        seen: list = []

        def record(request, seen=seen):
            seen.append(request)

        page.on("requestfinished", record)
        if n == 0:
            start = time.perf_counter()
            page.click(".zb-search-open")
            # The engine loads in a shared worker, whose requests "networkidle" does not see;
            # the dialog says when the engine is ready (as it is when a person has typed a word).
            page.wait_for_selector("#zb-search[data-engine=ready]", state="attached")
            figures["engine ready ms"] = (time.perf_counter() - start) * 1000
        page.fill("#zb-search-q", "")
        page.evaluate("() => { document.getElementById('zb-search-results').textContent = ''; }")
        page.evaluate(ARM_FIRST_HIT, ".zb-search-hit")
        page.fill("#zb-search-q", query)
        elapsed = page.evaluate("() => window.__firstHit")
        time.sleep(0.2)  # let the first result's requests finish before counting
        page.remove_listener("requestfinished", record)
        label = "first" if n == 0 else "second"
        figures[f"{label} query ms"] = elapsed
        figures[f"{label} query KB"] = _bytes(seen) / 1024
    context.close()
    return figures


# Armed before a person types: the clock restarts at every input event and stops when the
# results for the whole query show (the status names it and a result is listed).
ARM_LAST_KEY = """(query) => {
  const input = document.getElementById('zb-search-q');
  const status = document.getElementById('zb-search-status');
  window.__afterLastKey = new Promise((resolve) => {
    let last = null;
    input.addEventListener('input', () => { last = performance.now(); });
    new MutationObserver((_, observer) => {
      if (last !== null && input.value === query && status.textContent.includes(query)
          && document.querySelector('.zb-search-hit')) {
        observer.disconnect();
        resolve(performance.now() - last);
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}"""


def typed_figures(browser, base: str, tool_page: str, delay_ms: int = 120) -> dict[str, float]:
    """As a person searches: click the search button and type the first query at once, a key
    every ``delay_ms``, while the engine is still loading; the time from the last key to the
    results for the whole query."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + tool_page, wait_until="networkidle")
    page.evaluate(ARM_LAST_KEY, QUERIES[0])
    page.click(".zb-search-open")
    page.keyboard.type(QUERIES[0], delay=delay_ms)
    elapsed = page.evaluate("() => window.__afterLastKey")
    context.close()
    return {"typed, after the last key ms": elapsed}


def catalogue_figures(browser, base: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: list = []
    page.on("requestfinished", lambda request: seen.append(request))
    start = time.perf_counter()
    page.goto(base + "tools/", wait_until="networkidle")
    page.wait_for_selector("#zb-catalogue-ui:not([hidden])")
    loaded = (time.perf_counter() - start) * 1000
    before = page.inner_text("#zb-result-count")
    box = page.locator(".zb-facet input[type=checkbox]").first
    elapsed = page.evaluate(
        """([selector, before]) => new Promise((resolve) => {
          const count = document.getElementById('zb-result-count');
          const start = performance.now();
          new MutationObserver((_, observer) => {
            if (count.textContent === before) { return; }
            observer.disconnect();
            resolve(performance.now() - start);
          }).observe(count, { childList: true, characterData: true, subtree: true });
          document.querySelector(selector).click();
        })""",
        [f"#{box.get_attribute('id')}", before],
    )
    figures = {
        "catalogue KB": _bytes(seen) / 1024,
        "catalogue KB gzipped": _gzipped(seen) / 1024,
        "catalogue ready ms": loaded,
        "filter ms": elapsed,
    }
    context.close()
    return figures


def copy_site(source: Path, target: Path, count: int) -> None:
    """The built site `source` with its tool pages copied until it holds `count` tools."""
    from toolbox_build.site.search import build_search_index

    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("pagefind"))
    pages = sorted(p for p in (source / "tools").iterdir() if (p / "index.html").is_file())
    made = len(pages)
    n = 0
    while made < count:
        page = pages[n % len(pages)]
        word = _word(100_000 + n)
        html = (page / "index.html").read_text(encoding="utf-8")
        old = page.name.removeprefix("tool-")
        folder = target / "tools" / f"tool-{word}"
        folder.mkdir()
        (folder / "index.html").write_text(html.replace(old, word), encoding="utf-8")
        made += 1
        n += 1
    build_search_index(target)


# The runner the judged browser test uses too: every query typed into the real dialog, one page.
RUN_JUDGED = ROOT / "tests" / "browser" / "run_judged.js"


def run_judged(page, base: str, queries: list[str]) -> dict[str, list[str]]:
    page.goto(base + "inleiding/", wait_until="networkidle")
    page.click(".zb-search-open")
    page.wait_for_selector("#zb-search[data-engine=ready]", state="attached")
    found = page.evaluate(RUN_JUDGED.read_text(encoding="utf-8"), queries)
    return {query: shown["pages"] for query, shown in found.items()}


def judged_scores(judged: list[dict], shown: dict[str, list[str]]) -> dict[str, object]:
    """hit@3, hit@5 (judged pages found in the top 3, 5), MRR, and what missed."""
    pages = at3 = at5 = 0
    reciprocal: list[float] = []
    misses: list[str] = []
    absent_shown: list[str] = []
    for item in judged:
        query, top = item["query"], shown.get(item["query"], [])
        if item.get("none"):
            if top:
                absent_shown.append(f"{query!r}: {top[:5]}")
            continue
        ranks = [top.index(p) + 1 if p in top else None for p in item["pages"]]
        for page_, rank in zip(item["pages"], ranks, strict=True):
            pages += 1
            at3 += rank is not None and rank <= 3
            at5 += rank is not None and rank <= 5
            if rank is None or rank > 3:
                misses.append(f"{query!r}: {page_} at {rank or '-'}; top 5 {top[:5]}")
        found = [rank for rank in ranks if rank is not None]
        reciprocal.append(1 / min(found) if found else 0.0)
    return {
        "hit@3": at3 / pages,
        "hit@5": at5 / pages,
        "MRR": sum(reciprocal) / len(reciprocal),
        "pages": pages,
        "queries": len(reciprocal),
        "absent words": sum(1 for item in judged if item.get("none")),
        "absent words with results": absent_shown,
        "misses": misses,
    }


def judged_main(site: Path | None, browser) -> None:
    judged = yaml.safe_load(JUDGEMENTS.read_text(encoding="utf-8"))["queries"]
    work = None
    if site is None:
        work = Path(tempfile.mkdtemp(prefix="bench-judged-"))
        site = work / "site"
        subprocess.run(
            [str(TOOLBOX), "build", "--no-pdf", "--site-dir", str(site), str(ROOT)],
            check=True,
            capture_output=True,
        )
    server, base = serve(site)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        shown = run_judged(context.new_page(), base, [item["query"] for item in judged])
        elapsed = time.perf_counter() - start
        context.close()
    finally:
        server.shutdown()
        if work:
            shutil.rmtree(work, ignore_errors=True)
    scores = judged_scores(judged, shown)
    print(
        f"{scores['queries']} judged queries, {scores['pages']} judged pages, "
        f"{scores['absent words']} absent words ({elapsed:.1f} s)"
    )
    print(
        f"hit@3 {scores['hit@3']:.3f}  hit@5 {scores['hit@5']:.3f}  MRR {scores['MRR']:.3f}  "
        f"absent words with results: {len(scores['absent words with results'])}"
    )
    for line in scores["absent words with results"]:
        print("  absent but shown", line)
    for line in scores["misses"]:
        print("  not in top 3", line)
    if os.environ.get("BENCH_JUDGED_JSON"):
        Path(os.environ["BENCH_JUDGED_JSON"]).write_text(
            json.dumps(shown, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 1_500, 15_000])
    parser.add_argument("--keep", type=Path, help="build the projects here and keep them")
    parser.add_argument(
        "--copies",
        action="store_true",
        help="build the smallest size; copy its tool pages for the others",
    )
    parser.add_argument(
        "--judged",
        action="store_true",
        help="relevance of tests/search_judgements.yaml: hit@3, hit@5, MRR",
    )
    parser.add_argument("--site", type=Path, help="with --judged: a built site to search")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("bench_search needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    if args.judged:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            judged_main(args.site, browser)
            browser.close()
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    rows: list[tuple[int, float, dict[str, float]]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        smallest = min(args.sizes)
        for count in sorted(args.sizes):
            project = work / f"tools-{count}"
            copied = args.copies and count != smallest
            if copied:
                start = time.perf_counter()
                copy_site(work / f"tools-{smallest}" / "site", project / "site", count)
                build_s = time.perf_counter() - start
            elif not (project / "site" / "pagefind").is_dir():
                shutil.rmtree(project, ignore_errors=True)
                make_project(project, count)
                start = time.perf_counter()
                done = subprocess.run(
                    [str(TOOLBOX), "build", "--no-pdf", str(project)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                build_s = time.perf_counter() - start
                if done.returncode:
                    print(f"{count} tools: build failed", done.stderr[-2000:], sep="\n")
                    continue
            else:
                build_s = float("nan")
            index_kb = sum(f.stat().st_size for f in (project / "site" / "pagefind").rglob("*"))
            server, base = serve(project / "site")
            try:
                figures = search_figures(browser, base, f"tools/tool-{_word(0)}/")
                figures |= typed_figures(browser, base, f"tools/tool-{_word(0)}/")
                if not copied:
                    figures |= catalogue_figures(browser, base)
            finally:
                server.shutdown()
            figures["index on disk KB"] = index_kb / 1024
            rows.append((count, build_s, figures))
            print(
                f"{count:>6} tools  build {build_s:6.1f} s  "
                + "  ".join(f"{k} {v:,.0f}" for k, v in figures.items()),
                flush=True,
            )
        browser.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
