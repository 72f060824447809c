"""`toolbox new`: scaffold a valid tool record, by prompts offering the existing choices or flags.

Every answer is checked when it is given. The record is then placed at the end of its category
(the rows after it in the same fiche move down one, in their own files), written through a
transaction, and the whole project is validated; if the new record brings an error, the
transaction puts back exactly what the command wrote, so it never leaves a broken record.

Only ``tools_catalog/<id>.yaml``, the ``order:`` values of other records and (for a new
organisation) ``content/organisations.yaml`` are ever written: the id must match the id pattern
before any file is touched.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..catalog.did_you_mean import normalise_name, same_organisation
from ..catalog.model import Catalog, Organisation, Page
from ..catalog.slugs import slug
from .transaction import FileTransaction

Ask = Callable[[str], str]
Say = Callable[[str], None]
SCHEMA_LINE = (
    "# yaml-language-server: $schema=../src/toolbox_build/catalog/schemas/tool.schema.json"
)
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ORDER_VALUE = re.compile(r"\d+")
NEW_ORGANISATION = "__new__"


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


def check_tool_id(tool_id: str) -> None:
    """Refuse an id that is not a plain file name of lowercase words (no paths, no dots)."""
    if not ID_PATTERN.fullmatch(tool_id):
        raise ScaffoldError(
            f"id {tool_id!r} is ongeldig: gebruik enkel kleine letters, cijfers en koppeltekens "
            "(bv. buurtbabbels-organiseren); het id wordt de bestandsnaam in tools_catalog/"
        )


def record_path(root: Path, tool_id: str) -> Path:
    """tools_catalog/<id>.yaml, refusing anything that would land elsewhere."""
    check_tool_id(tool_id)
    folder = (root / "tools_catalog").resolve()
    path = folder / f"{tool_id}.yaml"
    if path.resolve().parent != folder:
        raise ScaffoldError(f"id {tool_id!r} wijst buiten tools_catalog/")
    return path


def check_url(answer: str) -> str:
    """A link as typed, made complete: 'www.x.be/p' -> 'https://www.x.be/p'; else ValueError."""
    url = answer.strip()
    if re.match(r"^[a-z]+:", url, flags=re.I) is None and not url.startswith("//"):
        url = "https://" + url
    elif url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValueError(f"'{answer}' is geen webadres; een link begint met https:// (of http://)")
    host = parts.hostname or ""
    if " " in url or "." not in host or host.startswith(".") or host.endswith("."):
        raise ValueError(
            f"'{answer}' is geen volledig webadres; kopieer het adres uit de adresbalk van je "
            "browser, bv. https://www.voorbeeld.be/…"
        )
    return url


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


def existing_tool(catalog: Catalog, request: NewTool, tool_id: str | None) -> str | None:
    if tool_id and tool_id in catalog.tools:
        return f"er bestaat al een tool met id '{tool_id}' (tools_catalog/{tool_id}.yaml)"
    for tool in catalog.tools.values():
        if request.name and normalise_name(tool.name) == normalise_name(request.name):
            return f"tool '{tool.name}' bestaat al (tools_catalog/{tool.id}.yaml)"
        if request.url and any(link.url == request.url for link in tool.links):
            return (
                f"de link {request.url} staat al bij '{tool.name}' (tools_catalog/{tool.id}.yaml)"
            )
    return None


def complete_interactively(request: NewTool, catalog: Catalog, ask: Ask, say: Say = print) -> None:
    """Ask for every missing value, offering the catalogue's choices and checking each answer."""
    while not request.name.strip():
        request.name = ask("Naam van de tool: ").strip()
        problem = existing_tool(catalog, request, None) if request.name else None
        if problem:
            say(f"  {problem}; geef een andere naam.")
            request.name = ""
    while not request.description.strip():
        request.description = ask("Korte omschrijving (in je eigen woorden): ").strip()
    while request.url is None:
        answer = ask("Link (https://…, leeg als er nog geen is): ").strip()
        if not answer:
            break
        try:
            request.url = check_url(answer)
        except ValueError as exc:
            say(f"  {exc}")
            continue
        if request.url != answer:
            say(f"  Link aangevuld: {request.url}")
        problem = existing_tool(catalog, request, None)
        if problem:
            say(f"  {problem}; geef een andere link.")
            request.url = None
    if request.url and request.label is None:
        request.label = ask("Label van de link (bv. 'Handleiding (pdf)'): ").strip() or None
    if not request.fiche:
        pages = catalog.fiches()
        request.fiche = choose(ask, say, "In welke fiche?", [(p.id, _label(p)) for p in pages])
    page = catalog.pages.get(request.fiche)
    if page and page.categories and not request.category:
        options = [(c.id, c.title) for c in page.categories]
        request.category = choose(ask, say, "Onder welke tussentitel?", options)
    if not request.owner and not request.new_owner_name:
        _ask_owner(request, catalog, ask, say)
    if not request.reader_types and catalog.reading_guide:
        options = [(rt.id, rt.label) for rt in catalog.reading_guide.reader_types.values()]
        request.reader_types = choose_many(
            ask, say, "Voor wie? (één of meer nummers, gescheiden door komma's)", options
        )
    if not request.formats and catalog.vocabularies:
        options = list(catalog.vocabularies.ids("formats").items())
        request.formats = choose_many(
            ask, say, "Welke vorm? (één of meer nummers, gescheiden door komma's)", options
        )


def _ask_owner(request: NewTool, catalog: Catalog, ask: Ask, say: Say) -> None:
    organisations = catalog.organisations or {}
    while True:
        query = ask("Eigenaar (naam of deel van de naam): ").strip()
        if not query:
            say("  Geef de naam (of een deel ervan) van de organisatie achter de tool.")
            continue
        matches = match_organisations(query, organisations)[:5]
        options = [(o.id, o.name) for o in matches]
        options.append((NEW_ORGANISATION, f"Nieuwe organisatie '{query}'"))
        choice = choose(ask, say, "Welke organisatie?", options)
        if choice != NEW_ORGANISATION:
            request.owner = choice
            return
        known = same_organisation(query, organisations, by_spelling=False)
        if known:
            say(
                f"  '{query}' bestaat al als organisatie '{known.id}' ({known.name}); "
                "kies ze uit de lijst."
            )
            continue
        request.new_owner_name = query
        while True:
            website = ask("Website van de organisatie (leeg als onbekend): ").strip()
            try:
                request.new_owner_website = check_url(website) if website else None
            except ValueError as exc:
                say(f"  {exc}")
                continue
            return


def _options_text(question: str, options: Sequence[tuple[str, str]]) -> str:
    lines = [question] + [f"  {n}. {label}" for n, (_, label) in enumerate(options, start=1)]
    return "\n".join(lines) + "\nKeuze: "


def _pick(answer: str, options: Sequence[tuple[str, str]]) -> str | None:
    answer = answer.strip()
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1][0]
    for oid, label in options:
        if oid != NEW_ORGANISATION and answer.casefold() in {oid.casefold(), label.casefold()}:
            return oid
    return None


def _not_a_choice(answer: str, count: int) -> str:
    return f"  '{answer}' is geen keuze uit de lijst; typ een nummer van 1 tot {count}."


def choose(ask: Ask, say: Say, question: str, options: Sequence[tuple[str, str]]) -> str:
    while True:
        answer = ask(_options_text(question, options)).strip()
        picked = _pick(answer, options)
        if picked is not None:
            return picked
        say(_not_a_choice(answer, len(options)) if answer else "  Kies een nummer uit de lijst.")


def choose_many(ask: Ask, say: Say, question: str, options: Sequence[tuple[str, str]]) -> list[str]:
    while True:
        answer = ask(_options_text(question, options))
        parts = [a.strip() for a in answer.split(",") if a.strip()]
        if not parts:
            say("  Kies minstens één nummer uit de lijst.")
            continue
        picks = [_pick(p, options) for p in parts]
        wrong = [p for p, picked in zip(parts, picks, strict=True) if picked is None]
        if wrong:
            say(_not_a_choice(wrong[0], len(options)))
            continue
        return list(dict.fromkeys(p for p in picks if p is not None))


def _label(page: Page) -> str:
    return f"{page.letter}. {page.title}" if page.letter else page.title


def resolve_owner(request: NewTool, catalog: Catalog) -> None:
    """Turn an owner given by name (flags) into an id, or fail with the closest candidates."""
    organisations = catalog.organisations or {}
    if request.new_owner_name:
        known = same_organisation(request.new_owner_name, organisations, by_spelling=False)
        if known:
            raise ScaffoldError(
                f"organisatie '{request.new_owner_name}' bestaat al als '{known.id}' "
                f"({known.name}); gebruik --owner {known.id}"
            )
        return
    if request.owner in organisations:
        return
    known = same_organisation(request.owner, organisations, by_spelling=False)
    if known:
        request.owner = known.id
        return
    meant = same_organisation(request.owner, organisations)
    matches = match_organisations(request.owner, organisations)
    if meant is not None:
        matches = [meant, *(o for o in matches if o is not meant)]
    hint = ", ".join(f"{o.id} ({o.name})" for o in matches[:5]) or "geen gelijkaardige"
    raise ScaffoldError(
        f"onbekende eigenaar '{request.owner}'; kandidaten: {hint}. Gebruik --owner ID of "
        "--new-owner-name NAAM"
    )


def render_record(request: NewTool) -> str:
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    def items(values: list[str]) -> str:
        return "[" + ", ".join(q(v) for v in values) + "]"

    lines = [SCHEMA_LINE, f"name: {q(request.name)}", f"description: {q(request.description)}"]
    lines.append(f"owner: {q(request.owner)}")
    if request.url:
        lines += ["links:", f"  - url: {q(request.url)}"]
        if request.label:
            lines.append(f"    label: {q(request.label)}")
    else:
        lines.append("links: []")
    lines.append(f"formats: {items(request.formats)}")
    lines.append(f"reader_types: {items(request.reader_types)}")
    lines.append("language: nl")
    if not request.url:
        lines.append("status: link-volgt")
    lines += ["placements:", f"  - fiche: {q(request.fiche)}"]
    if request.category:
        lines.append(f"    category: {q(request.category)}")
    lines.append(f"    order: {request.order}")
    return "\n".join(lines) + "\n"


def organisation_entry(org_id: str, name: str, website: str | None) -> str:
    entry = f"  - id: {org_id}\n    name: {json.dumps(name, ensure_ascii=False)}\n"
    return entry + (f"    website: {json.dumps(website)}\n" if website else "")


@dataclass(frozen=True)
class Row:
    order: int
    category: str | None
    tool_id: str
    index: int  # which placement of the tool


def fiche_rows(catalog: Catalog, fiche: str) -> list[Row]:
    return sorted(
        (
            Row(p.order, p.category, t.id, i)
            for t in catalog.tools.values()
            for i, p in enumerate(t.placements)
            if p.fiche == fiche
        ),
        key=lambda r: (r.order, r.tool_id, r.index),
    )


def row_for(catalog: Catalog, fiche: str, category: str | None) -> int:
    """The row number for a new tool: right after the last row of its category.

    A category without rows yet goes after the rows of the categories listed before it in the
    fiche's front matter; a fiche without categories gets the row at its end.
    """
    rows = fiche_rows(catalog, fiche)
    if not rows:
        return 1
    same = [r.order for r in rows if r.category == category]
    if same:
        return max(same) + 1
    page = catalog.pages.get(fiche)
    ids = [c.id for c in page.categories] if page else []
    if category in ids:
        before = set(ids[: ids.index(category)])
        earlier = [r.order for r in rows if r.category in before]
        return max(earlier) + 1 if earlier else min(r.order for r in rows)
    return max(r.order for r in rows) + 1


def renumber(
    files: FileTransaction, catalog: Catalog, fiche: str, start: int
) -> list[tuple[str, int, int]]:
    """Move every row of ``fiche`` from ``start`` on down one, rewriting only the numbers.

    Each ``order:`` value is replaced where it stands in its file, so the rest of the file (its
    comments, quoting and layout) stays as it was. Returns (tool id, old, new) per moved row.
    """
    moved = [r for r in fiche_rows(catalog, fiche) if r.order >= start]
    if not moved or moved[0].order != start:
        return []  # the row is free: nothing moves
    edits: dict[Path, list[tuple[int, int, int]]] = {}
    for row in moved:
        tool = catalog.tools[row.tool_id]
        pos = tool.origin.at("placements", row.index, "order")
        edits.setdefault(tool.origin.path, []).append((pos.line, pos.column, row.order + 1))
    for path, changes in edits.items():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for line, column, value in changes:
            text = lines[line - 1]
            match = ORDER_VALUE.match(text, column - 1)
            if match is None:
                raise ScaffoldError(f"{path.name}:{line}: volgnummer niet gevonden")
            lines[line - 1] = text[: match.start()] + str(value) + text[match.end() :]
        files.write_text(path, "".join(lines))
    return [(r.tool_id, r.order, r.order + 1) for r in moved]


def write_record(root: Path, catalog: Catalog, request: NewTool, files: FileTransaction) -> Path:
    """Write the record, renumber the rows after it, add a new organisation; returns the record.

    Every write goes through ``files`` so that the caller can undo them all.
    """
    if request.tool_id is not None:
        check_tool_id(request.tool_id)
    tool_id = request.tool_id or slug(request.name, limit=60)
    path = record_path(root, tool_id)
    organisations = catalog.organisations or {}
    if request.new_owner_name:
        resolve_owner(request, catalog)
        request.owner = slug(request.new_owner_name)
        if not ID_PATTERN.fullmatch(request.owner) or request.owner in organisations:
            raise ScaffoldError(
                f"organisatie-id '{request.owner}' is ongeldig of bestaat al; kies een andere naam"
            )
    problem = existing_tool(catalog, request, tool_id)
    if problem:
        raise ScaffoldError(problem)
    if path.exists() or path.is_symlink() or path.with_suffix(".yml").exists():
        raise ScaffoldError(f"bestand tools_catalog/{tool_id}.yaml bestaat al")
    if request.order is None:
        request.order = row_for(catalog, request.fiche, request.category)
    renumber(files, catalog, request.fiche, request.order)
    files.write_text(path, render_record(request))
    if request.new_owner_name:
        org_file = root / "content" / "organisations.yaml"
        text = org_file.read_text(encoding="utf-8")
        text = text if text.endswith("\n") else text + "\n"
        entry = organisation_entry(request.owner, request.new_owner_name, request.new_owner_website)
        files.write_text(org_file, text + entry)
    return path
