"""A tool's link should live where its owner or its cited work lives.

A link whose host matches neither the owner's web address (content/organisations.yaml) nor the URL
of a reference the tool cites often belongs to another row of the table. Video and publication
platforms are left out; a link the corrections log explains is accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from ..catalog.load import RawDocument
from ..catalog.model import Catalog
from ..problems import Problem, Severity, problem_at
from .corrections import settled

# Platforms that host the videos and publications of every kind of owner: a link there says nothing
# about whose tool it is.
NEAR = 0.85  # hosts this alike are one domain misspelt, not another site
PLATFORMS = {"youtube.com", "youtu.be", "vimeo.com", "calameo.com", "issuu.com"}


def host(url: str) -> str:
    name = (urlsplit(url).hostname or "").lower()
    return name.removeprefix("www.")


def _near(first: str, second: str) -> bool:
    return SequenceMatcher(None, first, second).ratio() >= NEAR


def check(catalog: Catalog, documents: list[RawDocument]) -> Iterator[Problem]:
    organisations = catalog.organisations or {}
    references = catalog.references or {}
    for tool in catalog.tools.values():
        owner = organisations.get(tool.owner)
        if owner is None:
            continue  # the unknown owner is reported by the cross-reference rule
        known = {host(owner.website)} if owner.website else set()
        known |= {
            host(references[key].url)  # type: ignore[arg-type]
            for key in tool.references
            if key in references and references[key].url
        }
        if not known:
            continue  # nothing known about where this owner publishes: nothing to compare
        for i, link in enumerate(tool.links):
            link_host = host(link.url)
            if not link_host or link_host in known or link_host in PLATFORMS:
                continue
            if any(_near(link_host, other) for other in known):
                continue  # a misspelt domain: the similar-domain rule (links.py) reports it
            if settled(catalog, "tool", tool.id, f"links[{i}].url"):
                continue
            where = ", ".join(sorted(known))
            yield problem_at(
                tool.origin.path,
                tool.origin.at("links", i, "url"),
                "foreign-link",
                f"link naar '{link_host}' past niet bij eigenaar '{tool.owner}' of de geciteerde"
                f" bron ({where})",
                "controleer of de link bij deze tool hoort; klopt hij, leg dan uit waarom in"
                " content/corrections.yaml",
                Severity.WARNING,
            )
