"""Charts as SVG drawn on the server: no script, no CDN, nothing the pages' CSP has to allow beyond 'self'.

:func:`bar_chart` draws one bar per day (a rate in 0..1) with a labelled y axis (0, 50, 100 %), the first and last
day under the x axis, a ``<title>`` for each bar (its day, rate and counts: what a pointer shows on hover) and
``role="img"`` with an accessible name. Colours and sizes are presentation attributes, not ``style``, so a
``style-src 'self'`` policy has nothing to block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36


@dataclass(frozen=True)
class Bar:
    label: str  # the day, shown under the axis for the first and last bar
    value: float  # 0..1
    detail: str  # the bar's tooltip: day, rate and counts


def bar_chart(bars: Sequence[Bar], title: str, empty_label: str) -> str:
    """An ``<svg>`` element (a string of markup, every text escaped)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" width="100%" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title>",
    ]
    for fraction in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - fraction)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d0d7de" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#57606a">{int(fraction * 100)}%</text>')
    if not bars or not any(bar.value for bar in bars):
        parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" font-size="14" '
                     f'fill="#57606a">{escape(empty_label)}</text>')
    step = plot_w / max(len(bars), 1)
    for index, bar in enumerate(bars):
        value = min(max(bar.value, 0.0), 1.0)
        height = plot_h * value
        x = LEFT + index * step + step * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot_h - height:.1f}" width="{step * 0.7:.1f}" height="{height:.1f}" fill="#0b4f8a">'
            f"<title>{escape(bar.detail)}</title></rect>"
        )
    if bars:
        y = HEIGHT - BOTTOM + 18
        parts.append(f'<text x="{LEFT}" y="{y}" font-size="12" fill="#57606a">{escape(bars[0].label)}</text>')
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{y}" text-anchor="end" font-size="12" fill="#57606a">{escape(bars[-1].label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
