"""What WeasyPrint may load while rendering the PDF: the project's own asset files, nothing else.

WeasyPrint's default fetcher opens any ``file:`` path and any ``http(s):`` address, so a line of
prose such as ``<img src="file:///etc/passwd">`` or ``<link rel="attachment" href=".git/config">``
would put local files (and the CI checkout's token) into the published PDF, or make the build
request internal addresses. This fetcher serves only regular files of an allowed asset type that
resolve inside the project, outside hidden folders (``.git``) and build output; it never touches
the network.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

# Asset types a print template or stylesheet may use (images and fonts).
ASSET_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".css": "text/css",
}
MAX_ASSET_BYTES = 5 * 1024 * 1024
# Folders of a project whose files are never assets: sources of secrets and generated output.
EXCLUDED_TOP_FOLDERS = {"build", "site", "dist", "node_modules", "test-artifacts"}


class AssetRefused(URLFetchingError):
    """A resource the PDF may not load; WeasyPrint logs it and renders without it."""


class ProjectAssetFetcher(URLFetcher):
    """Serves ``file:`` URLs of asset files inside ``root``; refuses everything else."""

    def __init__(self, root: Path | None):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve() if root else None
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        try:
            path = self.asset_path(url)
        except AssetRefused:
            self.refused.append(url)
            raise
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": ASSET_TYPES[path.suffix.lower()]}
        )

    def asset_path(self, url: str) -> Path:
        """The project file ``url`` names, or AssetRefused saying why it may not be loaded."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise AssetRefused(f"alleen bestanden van het project, geen {parts.scheme}: {url}")
        if self.root is None:
            raise AssetRefused(f"geen projectmap om bestanden uit te laden: {url}")
        raw = Path(url2pathname(unquote(parts.path)))
        try:
            relative = raw.relative_to(self.root)
        except ValueError:
            raise AssetRefused(f"buiten het project: {url}") from None
        if any(part.startswith(".") for part in relative.parts) or (
            relative.parts and relative.parts[0] in EXCLUDED_TOP_FOLDERS
        ):
            raise AssetRefused(f"verborgen map of bouwuitvoer: {url}")
        if raw.suffix.lower() not in ASSET_TYPES:
            raise AssetRefused(f"geen afbeelding, lettertype of stijlblad: {url}")
        resolved = raw.resolve()
        if not resolved.is_relative_to(self.root):
            raise AssetRefused(f"symbolische link naar buiten het project: {url}")
        if not resolved.is_file():
            raise AssetRefused(f"geen gewoon bestand: {url}")
        if resolved.stat().st_size > MAX_ASSET_BYTES:
            raise AssetRefused(f"groter dan {MAX_ASSET_BYTES // (1024 * 1024)} MiB: {url}")
        return resolved
