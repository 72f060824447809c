"""'Did you mean …?' suggestions for unknown ids and field names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word``, or None when nothing is reasonably close."""
    options = list(candidates)
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    # Ids are often abbreviated ("vvsg" for "vereniging-...") or a prefix of the real id.
    prefixed = [c for c in options if c.startswith(word) or word.startswith(c)]
    return min(prefixed, key=len) if prefixed else None


def did_you_mean(word: str, candidates: Iterable[str], kind: str) -> str:
    suggestion = closest(word, candidates)
    if suggestion:
        return f"bedoelde je '{suggestion}'?"
    return f"gebruik een bestaande {kind}-id"
