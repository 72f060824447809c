"""Addresses a printed copy can follow: a short readable web address and a QR code.

On paper a link is only as good as what the reader can type or scan. ``short_address`` prints the
host and path without the scheme (and without tracking parameters), with line-break opportunities
(<wbr>) only after "/" and before "." (and, inside a piece too long for a table column, after
the address's own "-" or "_"), so a long address wraps where a reader expects and no hyphen is
ever added to it. ``qr_code`` draws a QR code as inline SVG whose <title> becomes the
figure's alternative text in the tagged PDF.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import segno
from markupsafe import Markup, escape

TRACKING = re.compile(r"^(utm_|mc_|fbclid$|gclid$)")
LONG_PIECE = 22  # characters: about the width of the address column of a tool table
_SLUG_BREAK = re.compile(r"(?<=[-_])")
_BREAK = re.compile(r"(?<=/)(?!/)|(?=\.)")  # after a "/" (not inside "//"), before a "."


def readable_address(url: str) -> str:
    """'https://www.example.org/a/b/?utm_source=x' -> 'example.org/a/b'."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port:
        host += f":{parts.port}"
    path = parts.path.rstrip("/")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not TRACKING.match(k)])
    return host + path + (f"?{query}" if query else "")


def short_address(url: str) -> Markup:
    """``readable_address`` as escaped HTML that wraps only after '/' and before '.'."""
    return _breakable(readable_address(url))


def _breakable(address: str) -> Markup:
    # Each piece is unbreakable (white-space: nowrap in print.css); <wbr> between pieces is the
    # only place a line may end, so "watch?v=…" or a hyphen inside a slug never splits it.
    pieces = []
    for piece in filter(None, _BREAK.split(address)):
        if len(piece) > LONG_PIECE:  # a long slug would overflow a table column: it may also
            pieces.extend(filter(None, _SLUG_BREAK.split(piece)))  # wrap after its own - or _
        else:
            pieces.append(piece)
    spans = (Markup("<span>") + escape(p) + Markup("</span>") for p in pieces)
    segments = Markup("<wbr>").join(spans)
    return Markup('<span class="address">') + segments + Markup("</span>")


def qr_code(url: str, title: str) -> Markup:
    """An inline SVG QR code for ``url``; ``title`` is its text alternative."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1, border=2, omitsize=True, title=title, svgclass="qr", lineclass=None
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def full_address(url: str) -> Markup:
    """The whole address, as in a bibliography, with the same break opportunities."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        return _breakable(url.strip())
    return _breakable(scheme + "://" + rest)
