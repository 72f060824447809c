"""Ids from names: lowercase ASCII words joined by hyphens."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, limit: int | None = None) -> str:
    """'Café Buurt!' -> 'cafe-buurt'; with ``limit``, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-").split("-")
    result = ""
    for word in words:
        if limit is not None and len(result) + len(word) + 1 > limit and result:
            break
        result = f"{result}-{word}" if result else word
    return result
