"""Run the rules over a project that has been read: in two processes for a large catalogue.

The rules only read the catalogue. At 15,000 tools they take some six seconds; the rules given
as ``in_child`` run in a forked child (forked.py) while this process runs the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..forked import in_two_processes
from ..problems import Problem

Rule = Callable[[Catalog, list[RawDocument]], Iterable[Problem]]

PARALLEL_FROM = 2_000  # tools; below this, forking costs more than it saves


def run_rules(
    rules: Sequence[Rule], in_child: Sequence[Rule], catalog: Catalog, documents: list[RawDocument]
) -> list[Problem]:
    """Every problem of every rule; the rules in ``in_child`` may run in a forked child."""

    def problems(selected: Iterable[Rule]) -> list[Problem]:
        return [problem for rule in selected for problem in rule(catalog, documents)]

    mine, theirs = in_two_processes(
        lambda: problems(r for r in rules if r not in in_child),
        lambda: problems(r for r in rules if r in in_child),
        worth_it=len(catalog.tools) >= PARALLEL_FROM,
    )
    return mine + theirs
