"""Small SVG writing helpers: escaped, deterministic markup for inline figures.

Elements are built with ElementTree, which escapes every text and attribute value, so labels from
YAML can never break out of the drawing. Numbers are rounded to two decimals so the same data
always gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
CHAR_WIDTH = 0.62  # average glyph width as a share of the font size (DejaVu Sans)
LEADING = 1.2  # distance between baselines as a share of the font size


def num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: Any) -> ET.Element:
    """An element with attributes in the given order; floats are rounded, None is left out.

    Attribute names use Python spelling: ``stroke_width`` becomes ``stroke-width``, a trailing
    underscore (``class_``) is dropped.
    """
    clean: dict[str, str] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        clean[name] = (
            num(value)
            if isinstance(value, float | int) and not isinstance(value, bool)
            else str(value)
        )
    node = ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)
    if text is not None:
        node.text = text
    return node


def root_svg(width: float, height: float, *, title: str, desc: str, **attrs: Any) -> ET.Element:
    """The <svg> element with its <title> and <desc> as first children."""
    svg = el(
        None,
        "svg",
        xmlns=SVG_NS,
        viewBox=f"0 0 {num(width)} {num(height)}",
        width=width,
        height=height,
        **attrs,
    )
    title_id = attrs.get("aria_labelledby", "").split(" ")[0] or None
    desc_id = attrs.get("aria_describedby") or None
    el(svg, "title", title, id=title_id)
    el(svg, "desc", desc, id=desc_id)
    return svg


def serialize(svg: ET.Element) -> str:
    """One line per element, no blank lines (so Markdown keeps it as one HTML block)."""
    ET.indent(svg, space="")
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def text_width(text: str, size: float, share: float = CHAR_WIDTH) -> float:
    return len(text) * size * share


def wrap(
    text: str, size: float, max_width: float, max_lines: int = 4, share: float = CHAR_WIDTH
) -> list[str]:
    """Split ``text`` into lines that fit ``max_width`` at ``size`` (estimated widths)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, share) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return lines


def block_height(lines: int, size: float) -> float:
    """Height of ``lines`` lines of text as ``text_block`` sets them (cap height to descent)."""
    return size * LEADING * (lines - 1) + size


def fit(
    text: str,
    size: float,
    max_width: float,
    max_height: float,
    share: float = CHAR_WIDTH,
    smallest: float = 8.0,
) -> tuple[list[str], float]:
    """``text`` wrapped into lines that fit ``max_width`` and, together, ``max_height``: at
    ``size`` if it fits, else at the largest size down to ``smallest`` (in steps of half a unit)
    that does. Returns the lines and their size."""
    trial = size
    while True:
        lines = wrap(text, trial, max_width, max(1, len(text.split())), share)
        wide = max((text_width(line, trial, share) for line in lines), default=0.0)
        if wide <= max_width and block_height(len(lines), trial) <= max_height:
            return lines, trial
        if trial - 0.5 < smallest:
            return lines, trial
        trial -= 0.5


def text_block(
    parent: ET.Element,
    lines: list[str],
    x: float,
    y_center: float,
    size: float,
    *,
    anchor: str = "middle",
    weight: str | None = None,
    fill: str = "#1a1a1a",
) -> ET.Element:
    """Lines of text centred vertically on ``y_center`` (baselines computed, no CSS baseline)."""
    leading = size * LEADING
    first = y_center - leading * (len(lines) - 1) / 2 + size * 0.35
    node = el(
        parent,
        "text",
        x=x,
        y=first,
        font_family=FONT,
        font_size=size,
        font_weight=weight,
        text_anchor=anchor,
        fill=fill,
    )
    for n, line in enumerate(lines):
        el(node, "tspan", line, x=x, y=first + n * leading)
    return node
