"""The HTML that Markdown prose (content/*.md) may contain, found and enforced.

Prose is written by many hands and reaches every reader, so it may use Markdown plus a small set
of harmless HTML elements: text-level markup, lists, tables, quotes, definitions, details. No
scripts, styles, forms, frames, images, embedded objects, event attributes or inline styles, and
links only to http, https and mailto addresses (or to places on the site itself).

Two lines of defence share this one policy:
- ``find_disallowed_html`` lets the validator report every breach with its line, before anything
  is built;
- ``sanitise`` (the nh3 library, a well-kept HTML sanitiser) cleans the rendered HTML of the
  prose in both outputs, in case something slips past the validator.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {
        # text-level
        "a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
        "q", "s", "small", "span", "strong", "sub", "sup", "u", "var",
        # blocks Markdown itself produces or authors commonly write
        "p", "div", "blockquote", "hr", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "details", "summary", "figure", "figcaption",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    # md_in_html: the attribute that asks for Markdown inside a block; consumed by the converter
    "div": {"markdown"},
    "details": {"open", "markdown"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitise(fragment: str) -> str:
    """``fragment`` (rendered prose) with everything outside the policy removed."""
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # no rel at all: rel="attachment" would embed a file in the PDF
        strip_comments=True,
    )


@dataclass(frozen=True)
class HtmlBreach:
    line: int  # 1-based, within the prose
    column: int  # 1-based
    message: str
    hint: str


_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_LINK_TARGET = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]*)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<url>\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]*)>")
_HREF = re.compile(r"""\bhref\s*=\s*["']?(?P<url>[^"'\s>]+)""", re.I)
_ATTR_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*)\}")
_ATTR_ASSIGNMENT = re.compile(r"(?P<name>[^\s=.#\"']+)\s*=")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _masked(text: str) -> str:
    """``text`` with code spans blanked out (same length, same lines): what is written between
    backticks is shown as code, not interpreted. Fenced blocks are not masked: without a fenced
    code extension they are ordinary paragraphs, whose HTML would be live."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, text)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, after entities and control characters are removed
    (``java&#x09;script:`` and `` JavaScript:`` are both ``javascript``)."""
    cleaned = _CONTROL.sub("", html.unescape(url))
    scheme = urlsplit(cleaned).scheme.lower()
    return scheme or None


def url_allowed(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in URL_SCHEMES


class _TagScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.breaches: list[HtmlBreach] = []

    def _add(self, message: str, hint: str) -> None:
        line, offset = self.getpos()
        self.breaches.append(HtmlBreach(line, offset + 1, message, hint))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._add(
                f"HTML-element <{tag}> is niet toegestaan in de tekst",
                "gebruik Markdown; toegestaan zijn enkel eenvoudige opmaak-elementen zoals "
                "<abbr>, <sub>, <sup>, <kbd>, <details>",
            )
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self._add(
                    f"attribuut '{name}' op <{tag}> is niet toegestaan in de tekst",
                    "laat het attribuut weg; scripts en opmaak horen niet in de inhoud",
                )
            elif name == "href" and value is not None and not url_allowed(value):
                self._add(
                    f"link met schema '{url_scheme(value)}:' is niet toegestaan",
                    "gebruik een adres dat begint met https://, http:// of mailto:",
                )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_pi(self, data: str) -> None:
        self._add("verwerkingsinstructie <?…> is niet toegestaan in de tekst", "laat ze weg")

    def unknown_decl(self, data: str) -> None:
        self._add("declaratie <!…> is niet toegestaan in de tekst", "laat ze weg")

    def handle_decl(self, decl: str) -> None:
        self.unknown_decl(decl)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def prose_links(markdown: str) -> Iterator[tuple[str, int, int]]:
    """(address, line, column) of every web address prose links to (Markdown links, reference
    definitions, autolinks, href attributes), for the link rules and the link checker."""
    text = _masked(markdown)
    found = []
    for pattern in (_LINK_TARGET, _REFERENCE_DEFINITION, _AUTOLINK, _HREF):
        for match in pattern.finditer(text):
            url = html.unescape(match.group("url"))
            if url_scheme(url) in {"http", "https"}:
                found.append((url, *_position(text, match.start("url"))))
    yield from sorted(set(found), key=lambda f: (f[1], f[2]))


def find_disallowed_html(markdown: str) -> Iterator[HtmlBreach]:
    """Every place in Markdown prose that breaks the policy, in order of appearance."""
    text = _masked(markdown)
    scanner = _TagScanner()
    # Autolinks (<https://…>) are Markdown, not tags: their addresses are checked below.
    scanner.feed(_AUTOLINK.sub(lambda m: " " * len(m.group(0)), text))
    scanner.close()
    found = list(scanner.breaches)
    for pattern in (_LINK_TARGET, _REFERENCE_DEFINITION, _AUTOLINK):
        for match in pattern.finditer(text):
            url = match.group("url")
            if not url_allowed(url):
                line, column = _position(text, match.start("url"))
                found.append(
                    HtmlBreach(
                        line,
                        column,
                        f"link met schema '{url_scheme(url)}:' is niet toegestaan",
                        "gebruik een adres dat begint met https://, http:// of mailto:",
                    )
                )
    for match in _ATTR_LIST.finditer(text):
        for assignment in _ATTR_ASSIGNMENT.finditer(match.group("body")):
            name = assignment.group("name").lower()
            if name not in ALLOWED_ATTRIBUTES["*"]:
                line, column = _position(text, match.start("body") + assignment.start())
                found.append(
                    HtmlBreach(
                        line,
                        column,
                        f"attribuut '{name}' in een attributenlijst {{…}} is niet toegestaan",
                        "gebruik alleen .klasse, #id, title= of lang=",
                    )
                )
    yield from sorted(found, key=lambda b: (b.line, b.column))
