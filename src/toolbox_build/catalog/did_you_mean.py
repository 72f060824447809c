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
from urllib.parse import urlsplit

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


SHORT_LIST = 20  # a closed list this long or shorter is shown whole in a hint, closest first
NEAREST = 5  # of a longer list, this many are shown, with where to find the rest
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


def _likeness(value: str, oid: str, label: str) -> float:
    wanted = normalise_name(value)
    return max(
        difflib.SequenceMatcher(None, wanted, normalise_name(oid)).ratio(),
        difflib.SequenceMatcher(None, wanted, normalise_name(label)).ratio(),
    )


def closest_first(value: str, options: Mapping[str, str] | Iterable[str]) -> list[str]:
    """The ids of a closed list, the one most like ``value`` first (ties alphabetically)."""
    labels = dict(options) if isinstance(options, Mapping) else {o: o for o in options}
    return sorted(labels, key=lambda oid: (-_likeness(value, oid, labels[oid]), oid))


def allowed_values(
    value: str, options: Mapping[str, str] | Iterable[str], where: str | None = None
) -> str:
    """The allowed ids, closest to ``value`` first: all of them when the list is short (at most
    SHORT_LIST), else the NEAREST closest and where the whole list is."""
    ranked = closest_first(value, options)
    if len(ranked) <= SHORT_LIST:
        return ", ".join(ranked)
    total = len(ranked)
    rest = f"alle {total} staan in {where}" if where else f"{total} in totaal"
    return ", ".join(ranked[:NEAREST]) + f", … ({rest})"


def closed_list_hint(
    value: str,
    options: Mapping[str, str],
    letters: Mapping[str, str] | None = None,
    where: str | None = None,
) -> str:
    suggestion = suggest_choice(value, options, letters)
    if suggestion:
        return f"bedoelde je '{suggestion}'?"
    return f"kies uit: {allowed_values(value, options, where)}"


def fiche_hint(value: str, catalog: Catalog) -> str:
    """For a fiche that does not exist: the fiche meant, or every fiche and every chapter of
    Part 1, each group closest first (the group with the closest match first)."""
    pages, letters = fiche_options(catalog)
    suggestion = suggest_choice(value, pages, letters)
    if suggestion:
        return f"bedoelde je '{suggestion}'?"
    groups = []
    for kind, text in (("fiche", "een fiche"), ("chapter", "een hoofdstuk van deel 1")):
        group = {p.id: p.title for p in catalog.pages.values() if p.kind == kind}
        if group:
            ranked = closest_first(value, group)
            best = _likeness(value, ranked[0], group[ranked[0]])
            groups.append((-best, text, ranked))
    if not groups:
        return f"kies uit: {allowed_values(value, pages)}"
    groups.sort(key=lambda g: g[0])
    parts = [f"{text}: {', '.join(ranked)}" for _, text, ranked in groups]
    return "kies " + "; of ".join(parts)


# --- the organisation a person means -----------------------------------------------------------

# Legal forms written after a name ("SAAMO vzw", "Demos v.z.w."): left out when names are compared.
LEGAL_FORMS = frozenset({"vzw", "ivzw", "asbl", "aisbl", "bv", "bvba", "nv", "cv", "cvba", "vof"})
_WORDS = re.compile(r"[\s\-_/,;:]+")
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def without_legal_form(name: str) -> str:
    """'SAAMO v.z.w.' -> 'saamo', 'saamo-vzw' -> 'saamo': normalised, legal form left out."""
    words = [w.replace(".", "") for w in _WORDS.split(_ascii(name)) if w.replace(".", "")]
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[0] in LEGAL_FORMS:
        words.pop(0)
    return normalise_name(" ".join(words))


_LINKING_WORDS = frozenset({"van", "voor", "en", "de", "het", "in", "of", "and", "the", "for"})


def _abbreviated(value: str, name: str) -> bool:
    """'Kenniscentrum Welzijn, Wonen, Zorg' is 'Kenniscentrum WWZ': a word in capitals in
    ``name`` stands for as many words of ``value`` with those initials (linking words such as
    'van' and 'en' skipped)."""
    words = [w for w in _WORDS.split(_ascii(value).replace("&", " ")) if w]
    wanted = [w for w in words if w not in _LINKING_WORDS]
    parts = [w for w in _WORDS.split(_PARENTHESES.sub(" ", name)) if w]
    if not any(len(p) >= 2 and p.isupper() and p.isalpha() for p in parts):
        return False
    i = 0
    for part in parts:
        if len(part) >= 2 and part.isupper() and part.isalpha():
            initials = "".join(w[0] for w in wanted[i : i + len(part)])
            if initials != part.lower():
                return False
            i += len(part)
        elif part.lower() in _LINKING_WORDS:
            continue
        elif i < len(wanted) and normalise_name(part) == normalise_name(wanted[i]):
            i += 1
        else:
            return False
    return i == len(wanted)


def _spellings(org: Organisation) -> set[str]:
    """Every normalised way the organisation is written: id, name, aliases, each without its
    legal form, a name without its abbreviation in brackets and that abbreviation itself."""
    found: set[str] = set()
    for name in (org.id, org.name, *org.aliases):
        bare = _PARENTHESES.sub(" ", name)
        found |= {normalise_name(name), without_legal_form(name), without_legal_form(bare)}
        for inside in _PARENTHESES.findall(name):
            if len(inside.split()) == 1:  # "(VVSG)", not "(i.s.m. SAAMO Limburg)"
                found.add(normalise_name(inside))
    return found - {""}


def website_host(address: str) -> str:
    """'https://www.saamo.be/x' and 'saamo.be' -> 'saamo.be'; '' when it is not an address."""
    text = address.strip()
    if not text or any(c.isspace() for c in text) or "." not in text:
        return ""
    if "//" not in text:
        text = "//" + text
    try:
        host = (urlsplit(text).hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    return host if "." in host else ""


def meant_organisation(
    value: str, organisations: Mapping[str, Organisation], *, by_spelling: bool = True
) -> tuple[Organisation, str] | None:
    """The organisation a person means by ``value``, and how it was found.

    In this order: its id, name or an alias, written in any case, with or without accents,
    punctuation and a legal form such as 'vzw' ("name"); the host of its website, 'saamo.be' or
    'https://www.saamo.be/…' ("website"); a name spelled almost the same ("spelling", left out
    with ``by_spelling=False``). None when nothing is reasonably close.
    """
    wanted = {normalise_name(value), without_legal_form(value)} - {""}
    if not wanted:
        return None
    names: dict[str, Organisation] = {}
    for org in organisations.values():
        for spelling in sorted(_spellings(org)):
            names.setdefault(spelling, org)
    for key in sorted(wanted, key=len, reverse=True):
        if key in names:
            return names[key], "name"
    for org in organisations.values():
        if any(_abbreviated(value, name) for name in (org.name, *org.aliases)):
            return org, "name"
    host = website_host(value)
    if host:
        hosted = [
            o for o in organisations.values() if o.website and website_host(o.website) == host
        ]
        label = normalise_name(host.split(".")[0])
        own = [o for o in hosted if label in _spellings(o)]
        if len(hosted) == 1 or own:
            return (own or hosted)[0], "website"
    if not by_spelling:
        return None
    bare = without_legal_form(value) or normalise_name(value)
    close = difflib.get_close_matches(bare, sorted(names), n=1, cutoff=0.8)
    return (names[close[0]], "spelling") if close else None


def same_organisation(
    value: str, organisations: Mapping[str, Organisation], *, by_spelling: bool = True
) -> Organisation | None:
    """The organisation ``value`` names or most likely means (see :func:`meant_organisation`)."""
    found = meant_organisation(value, organisations, by_spelling=by_spelling)
    return found[0] if found else None


VOCABULARIES = "content/vocabularies.yaml"
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
        return f"bedoelde je '{meant.id}'?" if meant else ""
    if field in VOCABULARY_FIELDS and catalog.vocabularies is not None:
        return closed_list_hint(
            value,
            catalog.vocabularies.ids(VOCABULARY_FIELDS[field]),
            where=f"{VOCABULARIES} onder '{VOCABULARY_FIELDS[field]}'",
        )
    if field == "reader_types" and catalog.reading_guide is not None:
        options = {k: v.label for k, v in catalog.reading_guide.reader_types.items()}
        return closed_list_hint(value, options)
    if field == "placements" and len(path) == 3 and path[2] == "fiche":
        return fiche_hint(value, catalog)
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
