"""Same input, same bytes: two builds of one project give the same site, file for file, the
search index included (Pagefind numbers pages in the order it gets them and writes filter values
in a hash table's random order; site/search.py fixes both)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from toolbox_build.site.search import INDEX_FOLDER, build_search_index


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _differences(one: Path, two: Path) -> list[str]:
    first, second = _files(one), _files(two)
    both = first.keys() & second.keys()
    return sorted(
        [f"only in the first: {name}" for name in first.keys() - second.keys()]
        + [f"only in the second: {name}" for name in second.keys() - first.keys()]
        + [f"differs: {name}" for name in both if first[name] != second[name]]
    )


@pytest.mark.slow
def test_two_builds_of_the_same_project_give_the_same_site_byte_for_byte(
    site_project: Path, tmp_path: Path, run_cli
) -> None:
    sites = [tmp_path / "one", tmp_path / "two"]
    for site in sites:
        built = run_cli("build", str(site_project), "--no-pdf", "--site-dir", str(site))
        assert built.exit_code == 0, built.err

    files = _files(sites[0])
    index = [name for name in files if name.startswith(f"{INDEX_FOLDER}/")]
    # The comparison covers Pagefind's own files, the ones that used to differ among them.
    assert any(name.startswith(f"{INDEX_FOLDER}/filter/") for name in index)
    assert any(name.endswith(".pf_meta") for name in index)
    assert f"{INDEX_FOLDER}/pagefind-entry.json" in index
    assert any(name.startswith("tools/") and name.endswith(".html") for name in files)
    differences = _differences(*sites)
    assert differences == [], "two builds of one project differ:\n" + "\n".join(differences)


# -- The order a file system lists pages in -----------------------------------------------------
# tmpfs lists a folder's entries in the reverse order of their creation; a site written in
# another order (as two processes writing pages do) must give the same index.


def _tmpfs() -> Path | None:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in mounts:
        fields = line.split()
        tmpfs = len(fields) > 2 and fields[1] == "/dev/shm" and fields[2] == "tmpfs"
        if tmpfs and os.access("/dev/shm", os.W_OK):
            return Path("/dev/shm")
    return None


KINDS = ["Tool", "Fiche", "Organisatie", "Deel 1", "Leeswijzer", "Pagina"]


def _page(number: int) -> str:
    kind = KINDS[number % len(KINDS)]
    return (
        '<!doctype html><html lang="nl"><head><title>Pagina</title></head><body>'
        f'<div data-pagefind-body data-pagefind-meta="type:{kind}" '
        f'data-pagefind-filter="type:{kind}"><h1>Pagina {number}</h1>'
        f"<p>Buurtzorg netwerk vrijwilligers woord{number} samen{number % 7}</p></div>"
        "</body></html>"
    )


def _write_site(folder: Path, pages: dict[str, str], order: list[str]) -> None:
    for name in order:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pages[name], encoding="utf-8")


def test_the_index_does_not_depend_on_the_order_pages_were_written_in() -> None:
    base = _tmpfs()
    if base is None:
        pytest.skip("needs /dev/shm on tmpfs, which lists files in the order they were made")
    pages = {f"tools/tool-{n:02}/index.html": _page(n) for n in range(24)}
    pages |= {"index.html": _page(99), "fiches/a/index.html": _page(1)}
    names = sorted(pages)
    sites = []
    work = Path(tempfile.mkdtemp(prefix="toolbox-order-", dir=base))
    try:
        for number, order in enumerate([names, names[::-1]]):
            site = work / str(number)
            _write_site(site, pages, order)
            build_search_index(site)
            sites.append(site / INDEX_FOLDER)
        listed = [os.listdir(site.parent / "tools") for site in sites]
        assert listed[0] != listed[1], "the file system listed both folders alike"
        differences = _differences(*sites)
        assert differences == [], "the index depends on the order of writing:\n" + "\n".join(
            differences
        )
    finally:
        shutil.rmtree(work)
