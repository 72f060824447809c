"""Index the pages for search while MkDocs writes them.

MkDocs builds on one core; at 15,000 tools it takes minutes, and indexing the finished site with
Pagefind took another twenty to forty seconds after it. Pagefind's indexer also runs as a service
(a separate process, started by its Python package), so each page MkDocs renders is handed to it
at once and indexed on the other core. When MkDocs is done, the service writes the same bundle
the command line would (same settings: see search.py).

Anything that goes wrong here (no service, a failed page) leaves the result to the fallback:
``build.py`` then indexes the finished site with the command line, as before. The generated docs
never depend on this: an engine that does not call the hook is indexed afterwards.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from pathlib import Path
from typing import Any

from .search import EXCLUDE_SELECTORS

_END = object()
QUEUED_PAGES = 64  # pages waiting for the indexer; MkDocs waits when it runs ahead


class SearchFeed:
    """Hands pages to a Pagefind service in a background thread; ``finish`` writes the index."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.error: BaseException | None = None
        self.pages = 0
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=QUEUED_PAGES)
        self._thread = threading.Thread(target=self._run, name="pagefind-feed", daemon=True)
        self._thread.start()

    def add(self, url: str, html: str) -> None:
        if self.error is None:
            self._queue.put((url, html))

    def finish(self, timeout: float = 900) -> bool:
        """Wait for the index to be written; whether it was (otherwise index afterwards)."""
        try:
            self._queue.put(_END, timeout=timeout)
        except queue.Full:
            return False
        self._thread.join(timeout)
        return self.error is None and not self._thread.is_alive()

    def abandon(self) -> None:
        """Stop without writing anything (the build failed)."""
        self.error = self.error or RuntimeError("build failed")
        try:
            self._queue.put(_END, timeout=30)
        except queue.Full:
            return
        self._thread.join(30)

    def _run(self) -> None:
        try:
            asyncio.run(self._index())
        except BaseException as exc:  # reported through finish(): the fallback indexes instead
            self.error = exc
            while True:  # unblock a producer waiting on a full queue
                try:
                    if self._queue.get_nowait() is _END:
                        break
                except queue.Empty:
                    break

    async def _index(self) -> None:
        from pagefind.index import IndexConfig, PagefindIndex

        config = IndexConfig(
            exclude_selectors=list(EXCLUDE_SELECTORS), output_path=str(self.output_dir)
        )
        loop = asyncio.get_running_loop()
        index = PagefindIndex(config=config)
        async with index:
            while True:
                item = await loop.run_in_executor(None, self._queue.get)
                if item is _END:
                    if self.error is not None:
                        raise self.error
                    break
                url, html = item
                await index.add_html_file(content=html, url=url)
                self.pages += 1
        # Leaving the context wrote the index into output_dir and stopped the service.


def page_tap(feed: SearchFeed) -> Any:
    """A MkDocs plugin object that gives every rendered page to ``feed``."""
    from mkdocs.plugins import BasePlugin

    class _PageTap(BasePlugin):  # type: ignore[type-arg]
        def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
            feed.add("/" + page.url, output)
            return output

    return _PageTap()
