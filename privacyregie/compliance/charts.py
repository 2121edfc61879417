"""Small server-side SVG charts: readable without JavaScript, in print and in PDF (ADR 0053)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_BOTTOM, PAD_TOP = 320, 140, 44, 28, 24, 14


def _fmt(value) -> str:
    from .scorecard import format_number

    return format_number(value)


def line_chart(points: list[tuple[str, Decimal | None]], title: str, fmt=None) -> str:
    """An inline SVG line chart of quarterly values; missing values are gaps, labelled "n.v.t.".

    ``fmt`` turns a value into its label (default: a number in the active language's notation)."""
    _fmt_value = fmt or _fmt
    values = [v for _label, v in points if v is not None]
    top = max([Decimal(1), *values])
    step = (WIDTH - PAD_LEFT - PAD_RIGHT) / max(len(points) - 1, 1)
    plot_height = HEIGHT - PAD_BOTTOM - PAD_TOP

    def xy(index, value):
        return PAD_LEFT + index * step, PAD_TOP + plot_height - float(Decimal(value) / top) * plot_height

    description = "; ".join(f"{label}: {_fmt_value(v) if v is not None else _('n.v.t.')}" for label, v in points)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}: {escape(description)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_height}" x2="{WIDTH - 5}" y2="{PAD_TOP + plot_height}" '
        'stroke="#666" stroke-width="1"/>',
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 4}" font-size="10" text-anchor="end" fill="#333">'
        f"{escape(_fmt_value(top))}</text>",
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + plot_height}" font-size="10" text-anchor="end" fill="#333">'
        f"{escape(_fmt_value(Decimal(0)))}</text>",
    ]
    segment: list[str] = []
    segments = []
    for index, (_label, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        x, y = xy(index, value)
        segment.append(f"{x:.1f},{y:.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(f'<polyline fill="none" stroke="#1f5f8b" stroke-width="2" points="{" ".join(seg)}"/>')
    for index, (label, value) in enumerate(points):
        x = PAD_LEFT + index * step
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 6}" font-size="10" text-anchor="middle" fill="#333">'
                     f"{escape(label)}</text>")
        if value is None:
            parts.append(f'<text x="{x:.1f}" y="{PAD_TOP + plot_height / 2:.1f}" font-size="9" text-anchor="middle" '
                         f'fill="#666">{escape(_("n.v.t."))}</text>')
        else:
            cx, cy = xy(index, value)
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="#1f5f8b"/>')
            parts.append(f'<text x="{cx:.1f}" y="{cy - 6:.1f}" font-size="10" text-anchor="middle" fill="#111">'
                         f"{escape(_fmt_value(value))}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
