"""Server-side SVG bar charts for the dashboard (no JavaScript, every label escaped).

Only presentation attributes are used (no `style=`), so a strict CSP does not block them.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR_COLOUR = "#000091"  # DSFR bleu France
TEXT_COLOUR = "#161616"
GRID_COLOUR = "#dddddd"
ROW_HEIGHT = 28
LABEL_WIDTH = 260
VALUE_WIDTH = 56
MAX_LABEL_CHARS = 38


def _shorten(label: str) -> str:
    if len(label) <= MAX_LABEL_CHARS:
        return label
    return label[: MAX_LABEL_CHARS - 1] + "…"


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, int]],
    *,
    width: int = 640,
    row_height: int = ROW_HEIGHT,
    links: Sequence[str] | None = None,
) -> Markup:
    """A horizontal bar chart: one row per (label, count), the count written after the bar.

    `chart_id` must be unique in the page (it names the `<title>` for `aria-labelledby`).
    With `links` (one URL per row), a click on a row opens it; the links stay out of the
    keyboard order (`tabindex="-1"`): the chart is an image, its data table holds the same
    links for keyboards and screen readers.
    """
    height = max(1, len(rows)) * row_height + 8
    bar_height = row_height - 10
    baseline = row_height - 10
    bar_space = max(10, width - LABEL_WIDTH - VALUE_WIDTH)
    top = max((count for _, count in rows), default=0)
    safe_id = escape(chart_id)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="staff-chart" role="img" '
            f'aria-labelledby="{safe_id}-title" width="100%" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="xMinYMin meet">'
        ),
        f'<title id="{safe_id}-title">{escape(title)}</title>',
    ]
    if not rows:
        parts.append(f'<text x="0" y="20" fill="{TEXT_COLOUR}" font-size="14">Aucune donnée</text>')
    for index, (label, count) in enumerate(rows):
        y = index * row_height + 4
        bar = 0 if top == 0 else round(bar_space * count / top)
        if count and bar < 2:
            bar = 2
        if links is not None:
            parts.append(f'<a href="{escape(links[index])}" tabindex="-1">')
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + baseline}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}" font-size="13">{escape(_shorten(label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{bar_space}" height="{bar_height}" '
            f'fill="none" stroke="{GRID_COLOUR}"/>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{bar}" height="{bar_height}" '
            f'fill="{BAR_COLOUR}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + baseline}" fill="{TEXT_COLOUR}" '
            f'font-size="13" font-weight="bold">{int(count)}</text>'
        )
        if links is not None:
            parts.append("</a>")
    parts.append("</svg>")
    return Markup("".join(parts))


def progress_bar(chart_id: str, title: str, value: int, target: int, *, width: int = 640) -> Markup:
    """A single bar showing `value` against `target` (clamped at 100 %)."""
    share = 0.0 if target <= 0 else min(1.0, value / target)
    filled = round((width - 2) * share)
    safe_id = escape(chart_id)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="staff-chart" role="img" '
        f'aria-labelledby="{safe_id}-title" width="100%" viewBox="0 0 {width} 28">'
        f'<title id="{safe_id}-title">{escape(title)}</title>'
        f'<rect x="1" y="1" width="{width - 2}" height="26" fill="#f5f5fe" '
        f'stroke="{BAR_COLOUR}"/>'
        f'<rect x="1" y="1" width="{filled}" height="26" fill="{BAR_COLOUR}"/>'
        "</svg>"
    )
