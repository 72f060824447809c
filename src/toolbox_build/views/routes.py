"""Reading-guide routes as every output shows them: one per role × experience combination."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.model import ReadingGuide, Stop


@dataclass(frozen=True)
class CombinedRoute:
    role: str
    experience: str
    stops: list[Stop]

    @property
    def key(self) -> str:
        return f"{self.role}/{self.experience}"

    def next_after(self, page_id: str) -> Stop | None:
        ids = [s.target for s in self.stops]
        if page_id not in ids:
            return None
        index = ids.index(page_id)
        return self.stops[index + 1] if index + 1 < len(self.stops) else None


def combined_routes(guide: ReadingGuide) -> list[CombinedRoute]:
    """Route for each (role, experience): the role's own stops, ordered by the experience route.

    Stops the role route shares with the experience route come first, in the experience route's
    order (what matters at this stage); the role's remaining stops follow in their own order.
    Stops that only the experience route has are left out: the route stays about the role.
    """
    routes = {r.reader_type: r for r in guide.routes}
    roles = [rt.id for rt in guide.reader_types.values() if rt.axis == "role"]
    levels = [rt.id for rt in guide.reader_types.values() if rt.axis == "experience"]
    combined = []
    for role in roles:
        own = routes[role].stops if role in routes else []
        for level in levels:
            priority = [s.target for s in routes[level].stops] if level in routes else []
            first = sorted(
                (s for s in own if s.target in priority), key=lambda s: priority.index(s.target)
            )
            rest = [s for s in own if s.target not in priority]
            combined.append(CombinedRoute(role, level, first + rest))
    return combined


@dataclass(frozen=True)
class RouteStep:
    """Where a page lies on one route: "Stap 2 van 7", and what comes next (None: the end)."""

    key: str
    number: int
    total: int
    next: Stop | None


def route_steps(routes: list[CombinedRoute], page_id: str) -> list[RouteStep]:
    steps = []
    for route in routes:
        ids = [s.target for s in route.stops]
        if page_id in ids:
            number = ids.index(page_id) + 1
            steps.append(RouteStep(route.key, number, len(ids), route.next_after(page_id)))
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
