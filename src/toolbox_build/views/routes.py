"""Where a page lies on the readers' routes, and which tool rows a reader's mark singles out.

The routes themselves are the model's (``ReadingGuide.reader_routes``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.model import ReaderRoute, Stop


@dataclass(frozen=True)
class RouteStep:
    """Where a page lies on one route: "Stap 2 van 7", and what comes next (None: the end)."""

    key: str
    number: int
    total: int
    next: Stop | None


def route_steps(routes: list[ReaderRoute], page_id: str) -> list[RouteStep]:
    steps = []
    for route in routes:
        number = route.step(page_id)
        if number is not None:
            steps.append(RouteStep(route.key, number, len(route.stops), route.next_after(page_id)))
    return steps


def relevance_marks(rows: list[list[str]], readers: list[str]) -> list[list[str]]:
    """For each tool row (its reader types), the readers the row is marked for.

    A mark must single a row out: a row is marked for a reader only when at most half of the
    rows of the table are meant for that reader. When most rows are (30 of 33 for the
    medewerker in fiche C), no row is marked for that reader: the whole table is theirs.
    """
    counts = {reader: sum(reader in types for types in rows) for reader in readers}
    distinguishing = {r for r, n in counts.items() if n > 0 and 2 * n <= len(rows)}
    return [[r for r in readers if r in distinguishing and r in types] for types in rows]


def mostly_for(rows: list[list[str]], readers: list[str]) -> list[str]:
    """Readers for whom more than half of the rows are meant (their rows carry no marks)."""
    return [r for r in readers if rows and 2 * sum(r in t for t in rows) > len(rows)]
