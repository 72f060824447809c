"""Figures of the toolbox redrawn from data: a cycle of steps and a core with its parts."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from .svg import block_height, el, fit, root_svg, serialize, text_block, text_width, wrap

INK = "#1a1a1a"
ACCENT = "#00584d"
FILL = "#e6f2f0"
# Bold glyph width as a share of the font size: wider than DejaVu Sans Bold's average (about
# 0.64 for Dutch words, 0.70 for the widest labels), so an estimated label fits the real one.
BOLD_WIDTH = 0.72
PADDING = 7.0  # between a box's edge and its label
GAP = 8.0  # between a free label and the nearest box


def _box(
    parent: ET.Element,
    x: float,
    y: float,
    w: float,
    h: float,
    label: str,
    size: float,
    *,
    strong: bool = False,
) -> None:
    el(
        parent,
        "rect",
        x=x - w / 2,
        y=y - h / 2,
        width=w,
        height=h,
        rx=10,
        fill=ACCENT if strong else FILL,
        stroke=ACCENT,
        stroke_width=2,
    )
    # The label wraps inside the box, smaller if it must: no word runs over the edge.
    lines, size = fit(label, size, w - 2 * PADDING, h - 2 * PADDING, BOLD_WIDTH)
    text_block(parent, lines, x, y, size, weight="bold", fill="#ffffff" if strong else INK)


def _free_label(
    text: str,
    size: float,
    centre: tuple[float, float],
    boxes: list[tuple[float, float]],
    box_w: float,
    box_h: float,
) -> tuple[list[str], float]:
    """A label centred among boxes (of one size, by their centres): the lines and size at which it
    stays clear of every box, as large as the room allows."""
    cx, cy = centre
    trial = size
    while True:
        for count in range(1, 6):
            half_h = block_height(count, trial) / 2
            # Boxes level with the label limit its width; the nearest sets the room.
            room = min(
                (
                    abs(x - cx) - box_w / 2 - GAP
                    for x, y in boxes
                    if abs(y - cy) < box_h / 2 + half_h + GAP
                ),
                default=cx - GAP,
            )
            if room <= 0:
                break
            lines = wrap(text, trial, 2 * room, max(1, len(text.split())), BOLD_WIDTH)
            half_w = max(text_width(line, trial, BOLD_WIDTH) for line in lines) / 2
            if len(lines) > count or half_w > room:
                continue
            # Boxes above and below the label limit its height.
            clear = all(
                abs(y - cy) - box_h / 2 - GAP >= half_h
                for x, y in boxes
                if abs(x - cx) < box_w / 2 + half_w + GAP
            )
            if clear:
                return lines, trial
        if trial - 0.5 < 8:
            return wrap(text, trial, 2 * max(room, 1.0), 5, BOLD_WIDTH), trial
        trial -= 0.5


def _clip(dx: float, dy: float, half_w: float, half_h: float) -> float:
    """Share of the vector (dx, dy) that lies inside a box of the given half sizes."""
    limits = [half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf]
    return min(min(limits), 0.45)


def cycle(key: str, title: str, desc: str, items: list[str], centre: str | None) -> str:
    """Steps on a circle, each with an arrow to the next and the last back to the first."""
    width, height = 560.0, 400.0
    cx, cy, radius = width / 2, height / 2, 145.0
    box_w, box_h = 170.0, 64.0
    svg = root_svg(width, height, title=title, desc=desc, role="img", class_="zb-figure-svg")
    defs = el(svg, "defs")
    marker = el(
        defs,
        "marker",
        id=f"{key}-arrow",
        viewBox="0 0 10 10",
        refX=8,
        refY=5,
        markerWidth=7,
        markerHeight=7,
        orient="auto",
    )
    el(marker, "path", d="M0,0 L10,5 L0,10 z", fill=ACCENT)
    count = len(items)
    angles = [-math.pi / 2 + 2 * math.pi * n / count for n in range(count)]
    centres = [(cx + radius * math.cos(a), cy + radius * math.sin(a)) for a in angles]
    # Arrows from each step to the next, the last back to the first, clear of the boxes.
    for n in range(count):
        (x1, y1), (x2, y2) = centres[n], centres[(n + 1) % count]
        dx, dy = x2 - x1, y2 - y1
        t1 = _clip(dx, dy, box_w / 2 + 6, box_h / 2 + 6)
        t2 = _clip(dx, dy, box_w / 2 + 10, box_h / 2 + 10)
        el(
            svg,
            "line",
            x1=x1 + dx * t1,
            y1=y1 + dy * t1,
            x2=x2 - dx * t2,
            y2=y2 - dy * t2,
            stroke=ACCENT,
            stroke_width=3,
            marker_end=f"url(#{key}-arrow)",
        )
    if centre:
        lines, size = _free_label(centre, 14, (cx, cy), centres, box_w, box_h)
        text_block(svg, lines, cx, cy, size, weight="bold", fill=ACCENT)
    for n, ((x, y), item) in enumerate(zip(centres, items, strict=True), start=1):
        _box(svg, x, y, box_w, box_h, f"{n}. {item}", 14)
    return serialize(svg)


def hub(key: str, title: str, desc: str, items: list[str], centre: str | None) -> str:
    """A core in the middle with its parts around it, each joined to the core."""
    width, height = 600.0, 440.0
    cx, cy = width / 2, height / 2
    rx, ry = 208.0, 150.0
    box_w, box_h = 172.0, 70.0
    svg = root_svg(width, height, title=title, desc=desc, role="img", class_="zb-figure-svg")
    count = len(items)
    angles = [-math.pi / 2 + 2 * math.pi * (n + 0.5) / count for n in range(count)]
    points = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]
    for x, y in points:
        el(svg, "line", x1=cx, y1=cy, x2=x, y2=y, stroke=ACCENT, stroke_width=3)
    if centre:
        _box(svg, cx, cy, 180.0, 80.0, centre, 15, strong=True)
    for (x, y), item in zip(points, items, strict=True):
        _box(svg, x, y, box_w, box_h, item, 13)
    return serialize(svg)


def card(
    key: str,
    title: str,
    desc: str,
    items: list[str],
    centre: str | None,
    checklist: list[str],
    columns: list[str],
    checklist_title: str | None,
) -> str:
    """A form to fill in: its fields on the left, a checklist with tick columns on the right."""
    width = 620.0
    row = 22.0
    field_h = 38.0
    top = 64.0
    height = max(top + field_h * len(items), top + 30 + row * (len(checklist) + 1)) + 20
    svg = root_svg(width, height, title=title, desc=desc, role="img", class_="zb-figure-svg")
    el(
        svg,
        "rect",
        x=2,
        y=2,
        width=width - 4,
        height=height - 4,
        rx=12,
        fill="#ffffff",
        stroke=ACCENT,
        stroke_width=2,
    )
    if centre:
        text_block(svg, [centre], 22, 34, 18, anchor="start", weight="bold", fill=ACCENT)
    left_w = 270.0
    for n, item in enumerate(items):
        y = top + field_h * n
        text_block(
            svg, wrap(item, 11, left_w - 20, 2), 22, y + 8, 11, anchor="start", weight="bold"
        )
        el(
            svg,
            "line",
            x1=22,
            y1=y + 26,
            x2=left_w,
            y2=y + 26,
            stroke="#6b6b6b",
            stroke_width=1,
            stroke_dasharray="2 3",
        )
    x0 = left_w + 26
    col_w = 64.0
    label_w = width - 22 - x0 - col_w * len(columns)
    header_y = top - 10
    if checklist_title:
        text_block(svg, [checklist_title], x0, header_y, 11, anchor="start", weight="bold")
    for c, column in enumerate(columns):
        cx = x0 + label_w + col_w * c + col_w / 2
        text_block(svg, wrap(column, 10, col_w - 4, 2), cx, header_y, 10, weight="bold")
    for n, item in enumerate(checklist):
        y = top + 14 + row * n
        el(
            svg,
            "line",
            x1=x0,
            y1=y + row / 2,
            x2=width - 22,
            y2=y + row / 2,
            stroke="#d0d7de",
            stroke_width=1,
        )
        text_block(svg, wrap(item, 11, label_w - 8, 1), x0, y, 11, anchor="start")
        for c in range(len(columns)):
            cx = x0 + label_w + col_w * c + col_w / 2
            el(
                svg,
                "rect",
                x=cx - 6,
                y=y - 6,
                width=12,
                height=12,
                fill="#ffffff",
                stroke=INK,
                stroke_width=1.2,
            )
    return serialize(svg)


DRAWINGS = {"cycle": cycle, "hub": hub, "card": card}
