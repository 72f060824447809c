"""'Did you mean …?': the value a person most likely meant, for unknown ids and field names.

Used while reading (a badly written id in a tool), by the validator's rules and by the contributor
tools, so a member gets the same suggestion wherever a value is wrong.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Catalog, Organisation


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


def normalise_name(name: str) -> str:
    """Lowercase, accents and punctuation removed: 'Buurt-analyse!' and 'buurtanalyse' match."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


SHORT_LIST = 8  # a closed list this long or shorter is shown whole in a hint
FICHE_LETTER = re.compile(r"(?:fiche\s*)?([a-z])\.?", re.I)


def suggest_choice(
    value: str, options: Mapping[str, str], letters: Mapping[str, str] | None = None
) -> str | None:
    """The id of a closed list that ``value`` most likely means, forgiving case and spacing.

    ``options`` maps ids to their readable labels ('nl' -> 'Nederlands'); ``letters`` maps a
    fiche letter to its id ('g' -> 'g-samenwerken').
    """
    wanted = normalise_name(value)
    if not wanted:
        return None
    for oid, label in options.items():
        if wanted in {normalise_name(oid), normalise_name(label)}:
            return oid
    letter = FICHE_LETTER.fullmatch(value.strip())
    if letters and letter and letter.group(1).lower() in letters:
        return letters[letter.group(1).lower()]
    by_key = {normalise_name(oid): oid for oid in options}
    by_key.update({normalise_name(label): oid for oid, label in options.items()})
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.75)
    return by_key[close[0]] if close else None


def allowed_values(value: str, options: Iterable[str]) -> str:
    """All allowed ids when the list is short, else the three most like ``value`` and '…'."""
    ids = sorted(options)
    if len(ids) <= SHORT_LIST:
        return ", ".join(ids)
    wanted = normalise_name(value)
    ranked = sorted(
        ids, key=lambda i: -difflib.SequenceMatcher(None, wanted, normalise_name(i)).ratio()
    )
    return ", ".join(ranked[:3]) + ", …"


def closed_list_hint(
    value: str, options: Mapping[str, str], letters: Mapping[str, str] | None = None
) -> str:
    suggestion = suggest_choice(value, options, letters)
    if suggestion:
        return f"bedoelde je '{suggestion}'?"
    return f"kies uit: {allowed_values(value, options)}"


def same_organisation(value: str, organisations: Mapping[str, Organisation]) -> str | None:
    """The id of the organisation ``value`` names (its id, name or an alias, normalised), or,
    failing that, of one whose id, name or alias is spelled almost the same."""
    wanted = normalise_name(value)
    if not wanted:
        return None
    names: dict[str, str] = {}
    for org in organisations.values():
        for name in (org.id, org.name, *org.aliases):
            names.setdefault(normalise_name(name), org.id)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, [n for n in names if n], n=1, cutoff=0.8)
    return names[close[0]] if close else None


VOCABULARY_FIELDS = {
    "formats": "formats",
    "steps": "steps",
    "target_groups": "target_groups",
    "language": "languages",
    "status": "statuses",
}


def hint_for_value(catalog: Catalog, path: tuple[str | int, ...], value: str, data: Any) -> str:
    """For a tool's reference field whose value has the wrong form ('SAAMO', 'G', 'Nederlands'):
    the value meant, or the allowed values of a closed list; "" when the field is not one."""
    field = path[0] if path else None
    if field == "owner" and catalog.organisations is not None:
        meant = same_organisation(value, catalog.organisations)
        return f"bedoelde je '{meant}'?" if meant else ""
    if field in VOCABULARY_FIELDS and catalog.vocabularies is not None:
        return closed_list_hint(value, catalog.vocabularies.ids(VOCABULARY_FIELDS[field]))
    if field == "reader_types" and catalog.reading_guide is not None:
        options = {k: v.label for k, v in catalog.reading_guide.reader_types.items()}
        return closed_list_hint(value, options)
    if field == "placements" and len(path) == 3 and path[2] == "fiche":
        pages, letters = fiche_options(catalog)
        return closed_list_hint(value, pages, letters)
    if field == "placements" and len(path) == 3 and path[2] == "category":
        try:
            page = catalog.pages.get(data["placements"][path[1]]["fiche"])
        except (KeyError, IndexError, TypeError):
            page = None
        if page is not None and page.categories:
            return closed_list_hint(value, {c.id: c.title for c in page.categories})
    return ""


def fiche_options(catalog: Catalog) -> tuple[dict[str, str], dict[str, str]]:
    pages = {p.id: p.title for p in catalog.pages.values()}
    letters = {p.letter.lower(): p.id for p in catalog.pages.values() if p.letter}
    return pages, letters
