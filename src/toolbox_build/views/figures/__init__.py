"""Figures drawn from data, the same on the website and in the PDF edition.

A figure lives in ``content/figures/<id>.yaml`` (schema: ``catalog/schemas/figure.schema.json``).
Prose places it with a line of its own, ``[[figuur:<id>]]``. Both renderers call
:func:`expand_figures`, which cuts the prose at those lines, lets the renderer handle each piece
of prose as usual (sanitising included) and puts the figure's HTML between the pieces, so the
drawing never passes through the prose sanitiser and is identical in both outputs.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import escape

from ...catalog.figures import SHORTCODE, Figure
from .diagrams import DRAWINGS


def figure_svg(figure: Figure) -> str:
    # The title is the whole text alternative: WeasyPrint makes it the PDF's /Alt.
    title = f"{figure.label}. {figure.alt}"
    key = f"zb-fig-{figure.id}"
    if figure.kind == "card":
        return DRAWINGS["card"](
            key,
            title,
            figure.alt,
            figure.items,
            figure.centre,
            figure.checklist,
            figure.columns,
            figure.checklist_title,
        )
    return DRAWINGS[figure.kind](key, title, figure.alt, figure.items, figure.centre)


def figure_html(figure: Figure) -> str:
    """The figure as an HTML block: the drawing (title and description inside) and a caption."""
    return (
        f'<figure class="zb-figure" id="figuur-{figure.id}">\n'
        f"{figure_svg(figure)}\n"
        f"<figcaption>{escape(figure.label)}</figcaption>\n"
        "</figure>"
    )


def expand_figures(markdown: str, figures: dict[str, Figure], prose: Callable[[str], str]) -> str:
    """Render ``markdown`` piece by piece with ``prose``, with the figures between the pieces.

    A shortcode naming no known figure stays in the prose as written (the validator reports it).
    """
    parts: list[str] = []
    start = 0
    for match in SHORTCODE.finditer(markdown):
        figure = figures.get(match.group(1))
        if figure is None:
            continue
        parts.append(prose(markdown[start : match.start()]))
        parts.append(figure_html(figure))
        start = match.end()
    if not parts:
        return prose(markdown)
    parts.append(prose(markdown[start:]))
    return "\n\n".join(parts)
