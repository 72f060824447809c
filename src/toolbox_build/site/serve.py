"""`toolbox serve`: MkDocs' live-reload server over the generated docs, regenerated on change."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..catalog.layout import ProjectLayout
from ..catalog.model import Catalog
from ..problems import render, safe_text
from ..validate import validate_project
from .build import render_docs, sync_docs, write_config, write_docs
from .identity import write_identity


def _sources_stamp(root: Path) -> tuple[tuple[str, float], ...]:
    layout = ProjectLayout(root)
    files = [*layout.tools_dir.rglob("*"), *layout.content_dir.rglob("*"), root / "mkdocs.yml"]
    return tuple(sorted((str(p), p.stat().st_mtime) for p in files if p.is_file()))


# Files the preview writes beside the pages (the open data, from cli.py: one output does not
# import another), called with the catalogue and the docs folder after every regeneration.
ExtraDocs = Callable[[Catalog, Path], object]


def _regenerate(
    root: Path, paths: ProjectLayout, first: bool, extra_docs: ExtraDocs | None = None
) -> bool:
    """Validate and write the pages; on any problem report it and keep the previous version
    (an error while previewing must never stop the preview)."""
    try:
        result = validate_project(root)
        if not result.ok:
            print(render(result.problems, "text", len(result.catalog.files)), file=sys.stderr)
            print(
                "toolbox serve: fouten gevonden; de vorige versie blijft zichtbaar.",
                file=sys.stderr,
            )
            return False
        files, nav = render_docs(result.catalog, root, settings=result.settings)
        if first:
            write_docs(files, paths.docs_dir)
            write_config(root, paths, nav, paths.build_dir / "serve-site", result.settings)
        else:
            changed = sync_docs(files, paths.docs_dir)
            print(f"toolbox serve: {changed} pagina('s) bijgewerkt", file=sys.stderr)
        # What the site build writes beside the pages: the identity stylesheet and logo, and
        # the files the caller adds (sync_docs removed the previous ones).
        write_identity(result.catalog, root, paths.docs_dir)
        if extra_docs is not None:
            extra_docs(result.catalog, paths.docs_dir)
        return True
    except Exception as exc:
        print(f"toolbox serve: kon de pagina's niet maken: {safe_text(str(exc))}", file=sys.stderr)
        return False


def _sources_stamp_or_empty(root: Path) -> tuple[tuple[str, float], ...]:
    try:
        return _sources_stamp(root)
    except OSError:  # a file removed between listing and reading: try again next round
        return ()


def _watch(
    root: Path, paths: ProjectLayout, stop: threading.Event, extra_docs: ExtraDocs | None
) -> None:
    stamp = _sources_stamp_or_empty(root)
    while not stop.wait(1.0):
        current = _sources_stamp_or_empty(root)
        if current != stamp:
            stamp = current
            _regenerate(root, paths, False, extra_docs)


def _wait_until_valid(root: Path, paths: ProjectLayout, extra_docs: ExtraDocs | None) -> None:
    """The first version failed: check again on every change until there is one to show."""
    print("toolbox serve: wacht op een geldige versie (sla een correctie op) …", file=sys.stderr)
    stamp = _sources_stamp_or_empty(root)
    while True:
        time.sleep(1.0)
        current = _sources_stamp_or_empty(root)
        if current != stamp:
            stamp = current
            if _regenerate(root, paths, True, extra_docs):
                return


NUL_REFUSED = "ongeldig adres: een nul-teken (%00) hoort niet in een pad"
HOST_REFUSED = "geweigerd: dit voorbeeld antwoordt alleen op {hosts}"


def allowed_hosts(address: str, port: int) -> tuple[str, ...]:
    """The Host headers a browser sends for the address the preview listens on. Any other name
    (a domain that an attacker points at 127.0.0.1: DNS rebinding) must not get the pages."""
    names = ["[::1]"] if address == "::1" else ["127.0.0.1"]
    names.append("localhost")
    hosts = [f"{name}:{port}" for name in names]
    if port == 80:  # browsers leave the default port out
        hosts += names
    return tuple(hosts)


def host_refusal(host: str | None, address: str, port: int) -> str | None:
    """The Dutch answer for a request with this Host header, or None when it may be served."""
    hosts = allowed_hosts(address, port)
    if host is not None and host.strip().lower() in hosts:
        return None
    return HOST_REFUSED.format(hosts=" en ".join(hosts))


def _refuse_nul_paths() -> None:
    """Guard MkDocs' preview server. A request whose Host header is not the address it listens
    on is answered 403 (DNS rebinding). A request path with a NUL byte ('/%00') made the server
    print a traceback and answer 500: it is answered 400 with a Dutch line instead. Both are
    logged in one line."""
    from mkdocs.livereload import LiveReloadServer

    original = LiveReloadServer._serve_request
    if getattr(original, "refuses_nul", False):
        return

    def serve_request(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        host = environ.get("HTTP_HOST")
        address, port = self.server_address[:2]
        refusal = host_refusal(host, str(address), int(port))
        if refusal:
            print(f"toolbox serve: {refusal} (Host: '{safe_text(str(host))}')", file=sys.stderr)
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [refusal.encode("utf-8")]
        path = str(environ.get("PATH_INFO", ""))
        if "\x00" in path:
            print(f"toolbox serve: {NUL_REFUSED}: '{safe_text(path)}'", file=sys.stderr)
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [NUL_REFUSED.encode("utf-8")]
        return original(self, environ, start_response)

    serve_request.refuses_nul = True  # type: ignore[attr-defined]
    LiveReloadServer._serve_request = serve_request  # type: ignore[method-assign]


def serve(root: Path, port: int, extra_docs: ExtraDocs | None = None) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _refuse_nul_paths()
    paths = ProjectLayout(root)
    if not _regenerate(root, paths, True, extra_docs):
        _wait_until_valid(root, paths, extra_docs)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(root, paths, stop, extra_docs), daemon=True)
    watcher.start()
    try:
        mkdocs_serve(
            config_file=str(paths.config_file), livereload=True, dev_addr=f"127.0.0.1:{port}"
        )
    finally:
        stop.set()
    return 0
