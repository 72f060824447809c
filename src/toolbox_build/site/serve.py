"""`toolbox serve`: MkDocs' live-reload server over the generated docs, regenerated on change."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from ..catalog.load import ProjectLayout
from ..problems import render
from ..validate import validate_project
from .build import SitePaths, render_docs, sync_docs, write_config, write_docs


def _sources_stamp(root: Path) -> tuple[tuple[str, float], ...]:
    layout = ProjectLayout(root)
    files = [*layout.tools_dir.rglob("*"), *layout.content_dir.rglob("*"), root / "mkdocs.yml"]
    return tuple(sorted((str(p), p.stat().st_mtime) for p in files if p.is_file()))


def _regenerate(root: Path, paths: SitePaths, first: bool) -> bool:
    result = validate_project(root)
    if not result.ok:
        print(render(result.problems, "text", len(result.catalog.files)), file=sys.stderr)
        print("toolbox serve: fouten gevonden; de vorige versie blijft zichtbaar.", file=sys.stderr)
        return False
    files, nav = render_docs(result.catalog, root)
    if first:
        write_docs(files, paths.docs_dir)
        write_config(root, paths, nav, paths.build_dir / "serve-site")
    else:
        changed = sync_docs(files, paths.docs_dir)
        print(f"toolbox serve: {changed} pagina('s) bijgewerkt", file=sys.stderr)
    return True


def _watch(root: Path, paths: SitePaths, stop: threading.Event) -> None:
    stamp = _sources_stamp(root)
    while not stop.wait(1.0):
        current = _sources_stamp(root)
        if current != stamp:
            stamp = current
            _regenerate(root, paths, first=False)


def serve(root: Path, port: int) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    paths = SitePaths(root)
    if not _regenerate(root, paths, first=True):
        return 1
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(root, paths, stop), daemon=True)
    watcher.start()
    try:
        mkdocs_serve(
            config_file=str(paths.config_file), livereload=True, dev_addr=f"127.0.0.1:{port}"
        )
    finally:
        stop.set()
    return 0
