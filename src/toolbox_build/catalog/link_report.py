"""What the last link check found (build/links/report.json, written by `toolbox check-links`).

The site shows when a link was checked and marks a link found dead, but only when the report is
there: without it, the pages say nothing about links. Read here, in the model layer, so the
outputs need not know the link checker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from .editions import MONTHS
from .layout import ProjectLayout

DEAD = "dood"
KNOWN_STATES = {"ok", "omgeleid", DEAD, "onbekend"}


def _local_zone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Brussels")
    except Exception:  # no time zone data on this machine: the date in UTC
        return UTC


@dataclass(frozen=True)
class LinkState:
    state: str  # ok, omgeleid, dood, onbekend
    checked_at: float  # seconds since the epoch

    @property
    def dead(self) -> bool:
        return self.state == DEAD

    @property
    def checked_on(self) -> str:
        """'3 december 2026': the day of the check, in Dutch."""
        day = datetime.fromtimestamp(self.checked_at, _local_zone())
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def read_link_report(root: Path | None) -> dict[str, LinkState]:
    """url -> what the last check found; empty without a (readable) report."""
    if root is None:
        return {}
    path = ProjectLayout(root).links_dir / "report.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, list):
        return {}
    states: dict[str, LinkState] = {}
    for entry in data:
        if not isinstance(entry, dict):
            continue
        url, state, checked_at = entry.get("url"), entry.get("state"), entry.get("checked_at")
        if (
            isinstance(url, str)
            and state in KNOWN_STATES
            and isinstance(checked_at, int | float)
            and not isinstance(checked_at, bool)
            and checked_at > 0
        ):
            states[url] = LinkState(state, float(checked_at))
    return states
