"""Reading-guide routes as the site shows them: one per role × experience combination."""

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
