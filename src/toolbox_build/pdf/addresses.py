"""Addresses a printed copy can follow: a short readable web address and a QR code.

On paper a link is only as good as what the reader can type or scan. ``short_address`` prints the
host and path without the scheme (and without tracking parameters), with line-break opportunities
(<wbr>) only after "/" and before ".", so a long address wraps where a reader expects and no
hyphen is ever added to it. ``qr_code`` draws a QR code as inline SVG whose <title> becomes the
figure's alternative text in the tagged PDF.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import segno
from markupsafe import Markup, escape

TRACKING = re.compile(r"^(utm_|mc_|fbclid$|gclid$)")
_BREAK = re.compile(r"(/+|\.)")


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
    """``readable_address`` as escaped HTML with break opportunities after '/' and before '.'."""
    pieces = []
    for piece in _BREAK.split(readable_address(url)):
        if not piece:
            continue
        if piece == ".":
            pieces.append(Markup("<wbr>."))
        elif piece.startswith("/"):
            pieces.append(escape(piece) + Markup("<wbr>"))
        else:
            pieces.append(escape(piece))
    return Markup('<span class="address">') + Markup("").join(pieces) + Markup("</span>")


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
        scheme, rest = "", url.strip()
    pieces = [escape(scheme + "://")] if sep else []
    for piece in _BREAK.split(rest):
        if not piece:
            continue
        if piece == ".":
            pieces.append(Markup("<wbr>."))
        elif piece.startswith("/"):
            pieces.append(escape(piece) + Markup("<wbr>"))
        else:
            pieces.append(escape(piece))
    return Markup('<span class="address">') + Markup("").join(pieces) + Markup("</span>")
