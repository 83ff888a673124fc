"""Shared plotly styling for reports.charts: palette, compact responsive layout, reference lines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from reports.locale import axis_title, format_number, get_locale, plotly_separators

PALETTE = [
    "#4f46e5", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444",
    "#8b5cf6", "#ec4899", "#14b8a6", "#64748b", "#84cc16",
]  # fmt: skip
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
GRID = "#e2e8f0"
INK = "#334155"
MUTED = "#64748b"

# The modebar covers the legend on touch screens (it never hides there) and zooming is off anyway.
CONFIG = {"responsive": True, "displaylogo": False, "displayModeBar": False}


def slugify(text: str) -> str:
    """DOM-id friendly slug: "Net worth (€)" -> "net-worth"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def rgba(hex_colour: str, alpha: float) -> str:
    """Translucent version of a palette colour (integer rgb: plotly.js 4 parses colours per CSS)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def new_figure(locale: str, *, height: int, legend: bool) -> go.Figure:
    """An empty figure with the compact house layout; the "none" template avoids ~10 kB of JSON per chart."""
    fig = go.Figure()
    fig.update_layout(
        template="none",
        height=height,
        autosize=True,
        separators=plotly_separators(locale),
        colorway=PALETTE,
        font=dict(family=FONT, size=12, color=INK),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin=dict(l=8, r=8, t=8 if not legend else 4, b=8, pad=2),
        showlegend=legend,
        # Above the plot and left-aligned: wraps onto extra rows at 390 px instead of squeezing the plot.
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=11)),
        hoverlabel=dict(font=dict(family=FONT, size=12)),
        dragmode=False,  # dragging on a phone should scroll the page, not zoom the chart
    )
    return fig


def style_axes(fig: go.Figure, *, x_title: str | None, y_title: str, unit: str | None, x_unit=None) -> None:
    common = dict(automargin=True, gridcolor=GRID, zerolinecolor=GRID, linecolor=GRID, title_font=dict(size=12, color=MUTED))
    fig.update_xaxes(title_text=axis_title(x_title, x_unit) if x_title else None, showgrid=False, **common)
    fig.update_yaxes(title_text=axis_title(y_title, unit), separatethousands=True, **common)


def date_hover(fig: go.Figure, x: pd.Series, locale: str) -> str:
    """Hover format for the x value: the locale's short date for datetime columns."""
    if pd.api.types.is_datetime64_any_dtype(x):
        fmt = get_locale(locale).date_format
        fig.update_xaxes(hoverformat=fmt)
        return f"%{{x|{fmt}}}"
    return "%{x}"


def add_reference_lines(fig: go.Figure, lines: Iterable[tuple[str, float]], locale: str, unit: str | None) -> None:
    """Dashed horizontal lines labelled "label · value"; shapes, so they do not count as traces."""
    for label, value in lines:
        fig.add_hline(
            y=value,
            line=dict(dash="dash", width=1.5, color=MUTED),
            annotation_text=f"{label} · {format_number(value, locale, unit)}",
            annotation_position="top left",
            annotation_font=dict(size=11, color=MUTED),
            annotation_bgcolor="rgba(255,255,255,0.75)",  # stays readable where a trace crosses the label
        )


def as_columns(ys: str | Sequence[str]) -> list[str]:
    return [ys] if isinstance(ys, str) else list(ys)
