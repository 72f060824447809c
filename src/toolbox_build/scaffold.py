"""`toolbox new`: scaffold a valid tool record, by prompts offering the existing choices or flags.

The record is written, then the whole project is validated; if the new record brings an error,
the file is removed again and the problems are shown, so the command never leaves a broken record.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .catalog.model import Catalog, Organisation, Page
from .slugs import slug
from .validate.duplicates import normalise_name

Ask = Callable[[str], str]
SCHEMA_LINE = (
    "# yaml-language-server: $schema=../src/toolbox_build/catalog/schemas/tool.schema.json"
)


class ScaffoldError(Exception):
    """A request that cannot become a record (a tool that exists, an unknown choice)."""


@dataclass
class NewTool:
    name: str = ""
    description: str = ""
    owner: str = ""
    new_owner_name: str | None = None
    new_owner_website: str | None = None
    url: str | None = None
    label: str | None = None
    fiche: str = ""
    category: str | None = None
    order: int | None = None
    reader_types: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    tool_id: str | None = None


def match_organisations(query: str, organisations: dict[str, Organisation]) -> list[Organisation]:
    """Organisations whose id, name or alias resembles ``query``, best first."""
    wanted = normalise_name(query)
    scored = []
    for org in organisations.values():
        names = [org.id, org.name, *org.aliases]
        best = max(difflib.SequenceMatcher(None, wanted, normalise_name(n)).ratio() for n in names)
        if any(wanted and wanted in normalise_name(n) for n in names):
            best = max(best, 0.9)
        scored.append((best, org.name.casefold(), org))
    return [org for score, _, org in sorted(scored, key=lambda s: (-s[0], s[1])) if score >= 0.5]


def existing_tool(catalog: Catalog, request: NewTool, tool_id: str) -> str | None:
    if tool_id in catalog.tools:
        return f"er bestaat al een tool met id '{tool_id}' (tools_catalog/{tool_id}.yaml)"
    for tool in catalog.tools.values():
        if normalise_name(tool.name) == normalise_name(request.name):
            return f"tool '{tool.name}' bestaat al (tools_catalog/{tool.id}.yaml)"
        if request.url and any(link.url == request.url for link in tool.links):
            return (
                f"de link {request.url} staat al bij '{tool.name}' (tools_catalog/{tool.id}.yaml)"
            )
    return None


def complete_interactively(request: NewTool, catalog: Catalog, ask: Ask) -> None:
    """Ask for every missing value, offering the catalogue's existing choices."""
    while not request.name.strip():
        request.name = ask("Naam van de tool: ").strip()
    while not request.description.strip():
        request.description = ask("Korte omschrijving (in je eigen woorden): ").strip()
    if request.url is None:
        request.url = ask("Link (https://…, leeg als er nog geen is): ").strip() or None
    if request.url and request.label is None:
        request.label = ask("Label van de link (bv. 'Handleiding (pdf)'): ").strip() or None
    if not request.fiche:
        pages = catalog.fiches()
        request.fiche = _choose(ask, "In welke fiche?", [(p.id, _label(p)) for p in pages])
    page = catalog.pages.get(request.fiche)
    if page and page.categories and not request.category:
        options = [(c.id, c.title) for c in page.categories]
        request.category = _choose(ask, "Onder welke tussentitel?", options)
    if not request.owner and not request.new_owner_name:
        _ask_owner(request, catalog, ask)
    if not request.reader_types and catalog.reading_guide:
        options = [(rt.id, rt.label) for rt in catalog.reading_guide.reader_types.values()]
        request.reader_types = _choose_many(
            ask, "Voor wie? (nummers, gescheiden door komma's)", options
        )
    if not request.formats and catalog.vocabularies:
        options = list(catalog.vocabularies.ids("formats").items())
        request.formats = [_choose(ask, "Welke vorm?", options)]


def _ask_owner(request: NewTool, catalog: Catalog, ask: Ask) -> None:
    organisations = catalog.organisations or {}
    while True:
        query = ask("Eigenaar (naam of deel van de naam): ").strip()
        matches = match_organisations(query, organisations)[:5] if query else []
        options = [(o.id, o.name) for o in matches] + [("__new__", f"Nieuwe organisatie '{query}'")]
        choice = _choose(ask, "Welke organisatie?", options)
        if choice != "__new__":
            request.owner = choice
            return
        if query:
            request.new_owner_name = query
            request.new_owner_website = (
                ask("Website van de organisatie (leeg als onbekend): ").strip() or None
            )
            return


def _choose(ask: Ask, question: str, options: Sequence[tuple[str, str]]) -> str:
    lines = [question] + [f"  {n}. {label}" for n, (_, label) in enumerate(options, start=1)]
    while True:
        answer = ask("\n".join(lines) + "\nKeuze: ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1][0]
        if any(answer == oid for oid, _ in options):
            return answer


def _choose_many(ask: Ask, question: str, options: Sequence[tuple[str, str]]) -> list[str]:
    lines = [question] + [f"  {n}. {label}" for n, (_, label) in enumerate(options, start=1)]
    while True:
        answer = ask("\n".join(lines) + "\nKeuze: ")
        picks = [a.strip() for a in answer.split(",") if a.strip()]
        if picks and all(p.isdigit() and 1 <= int(p) <= len(options) for p in picks):
            return list(dict.fromkeys(options[int(p) - 1][0] for p in picks))


def _label(page: Page) -> str:
    return f"{page.letter}. {page.title}" if page.letter else page.title


def resolve_owner(request: NewTool, catalog: Catalog) -> None:
    """Turn an owner given by name (flags) into an id, or fail with the closest candidates."""
    organisations = catalog.organisations or {}
    if request.new_owner_name or request.owner in organisations:
        return
    matches = match_organisations(request.owner, organisations)
    exact = [
        o
        for o in matches
        if normalise_name(request.owner) in {normalise_name(n) for n in [o.id, o.name, *o.aliases]}
    ]
    if len(exact) == 1:
        request.owner = exact[0].id
        return
    hint = ", ".join(f"{o.id} ({o.name})" for o in matches[:5]) or "geen gelijkaardige"
    raise ScaffoldError(
        f"onbekende eigenaar '{request.owner}'; kandidaten: {hint}. Gebruik --owner ID of "
        "--new-owner-name NAAM"
    )


def render_record(request: NewTool) -> str:
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [SCHEMA_LINE, f"name: {q(request.name)}", f"description: {q(request.description)}"]
    lines.append(f"owner: {request.owner}")
    if request.url:
        lines += ["links:", f"  - url: {q(request.url)}"]
        if request.label:
            lines.append(f"    label: {q(request.label)}")
    else:
        lines.append("links: []")
    lines.append(f"formats: [{', '.join(request.formats)}]")
    lines.append(f"reader_types: [{', '.join(request.reader_types)}]")
    lines.append("language: nl")
    if not request.url:
        lines.append("status: link-volgt")
    lines += ["placements:", f"  - fiche: {request.fiche}"]
    if request.category:
        lines.append(f"    category: {request.category}")
    lines.append(f"    order: {request.order}")
    return "\n".join(lines) + "\n"


def organisation_entry(org_id: str, name: str, website: str | None) -> str:
    entry = f"  - id: {org_id}\n    name: {json.dumps(name, ensure_ascii=False)}\n"
    return entry + (f"    website: {website}\n" if website else "")


def next_order(catalog: Catalog, fiche: str) -> int:
    orders = [p.order for t in catalog.tools.values() for p in t.placements if p.fiche == fiche]
    return max(orders, default=0) + 1


def write_record(root: Path, catalog: Catalog, request: NewTool) -> tuple[Path, Path | None]:
    """Write the record (and a new organisation); returns the files written."""
    if request.new_owner_name:
        request.owner = slug(request.new_owner_name)
        if request.owner in (catalog.organisations or {}):
            raise ScaffoldError(
                f"organisatie '{request.owner}' bestaat al; gebruik --owner {request.owner}"
            )
    tool_id = request.tool_id or slug(request.name, limit=60)
    problem = existing_tool(catalog, request, tool_id)
    if problem:
        raise ScaffoldError(problem)
    if request.order is None:
        request.order = next_order(catalog, request.fiche)
    path = root / "tools_catalog" / f"{tool_id}.yaml"
    path.write_text(render_record(request), encoding="utf-8")
    org_file = None
    if request.new_owner_name:
        org_file = root / "content" / "organisations.yaml"
        text = org_file.read_text(encoding="utf-8")
        text = text if text.endswith("\n") else text + "\n"
        org_file.write_text(
            text
            + organisation_entry(request.owner, request.new_owner_name, request.new_owner_website),
            encoding="utf-8",
        )
    return path, org_file
