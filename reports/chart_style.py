"""Shared plotly.js styling for reports.charts: palette, compact responsive layout, axes, reference lines.

Figures are plain plotly.js dicts ({"data": [...], "layout": {...}}): plotly.graph_objects would load ~21 MB of
validators and spend ~12 ms validating each figure, only for plotly.js to draw the same JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from reports.locale import axis_title, format_number, get_locale, plotly_separators

PALETTE = [
    "#4f46e5",
    "#0ea5e9",
    "#10b981",
    "#f59e0b",
    "#ef4444",
    "#8b5cf6",
    "#ec4899",
    "#14b8a6",
    "#64748b",
    "#84cc16",
]
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


def new_figure(locale: str, *, height: int, legend: bool) -> dict:
    """An empty figure dict with the compact house layout (no template: plotly.js has no default one)."""
    layout = {
        "height": height,
        "autosize": True,
        "separators": plotly_separators(locale),
        "colorway": list(PALETTE),
        "font": {"family": FONT, "size": 12, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 8, "r": 8, "t": 8 if not legend else 4, "b": 8, "pad": 2},
        "showlegend": legend,
        # Above the plot and left-aligned: wraps onto extra rows at 390 px instead of squeezing the plot.
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "font": {"size": 11}},
        "hoverlabel": {"font": {"family": FONT, "size": 12}},
        "dragmode": False,  # dragging on a phone should scroll the page, not zoom the chart
    }
    return {"data": [], "layout": layout}


def _axis(title: str | None, **extra) -> dict:
    axis = {"automargin": True, "gridcolor": GRID, "zerolinecolor": GRID, "linecolor": GRID, **extra}
    axis["title"] = {"font": {"size": 12, "color": MUTED}, **({"text": title} if title else {})}
    return axis


def style_axes(fig: dict, *, x_title: str | None, y_title: str, unit: str | None, x_unit=None) -> None:
    layout = fig["layout"]
    xaxis = layout.get("xaxis", {})  # may already hold the date hoverformat
    layout["xaxis"] = {**xaxis, **_axis(axis_title(x_title, x_unit) if x_title else None, showgrid=False)}
    layout["yaxis"] = {**layout.get("yaxis", {}), **_axis(axis_title(y_title, unit), separatethousands=True)}


def date_hover(fig: dict, x: pd.Series, locale: str) -> str:
    """Hover format for the x value: the locale's short date for datetime columns."""
    if pd.api.types.is_datetime64_any_dtype(x):
        fmt = get_locale(locale).date_format
        fig["layout"].setdefault("xaxis", {})["hoverformat"] = fmt
        return f"%{{x|{fmt}}}"
    return "%{x}"


def add_reference_lines(fig: dict, lines: Iterable[tuple[str, float]], locale: str, unit: str | None) -> None:
    """Dashed horizontal lines labelled "label · value"; shapes, so they do not count as traces.

    The shape and annotation are what plotly.py's `add_hline(annotation_position="top left")` makes.
    """
    layout = fig["layout"]
    for label, value in lines:
        layout.setdefault("shapes", []).append(
            {
                "type": "line",
                "xref": "x domain",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": value,
                "y1": value,
                "line": {"dash": "dash", "width": 1.5, "color": MUTED},
            }
        )
        layout.setdefault("annotations", []).append(
            {
                "text": f"{label} · {format_number(value, locale, unit)}",
                "showarrow": False,
                "xref": "x domain",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": value,
                "yanchor": "bottom",
                "font": {"size": 11, "color": MUTED},
                "bgcolor": "rgba(255,255,255,0.75)",  # stays readable where a trace crosses the label
            }
        )


def as_columns(ys: str | Sequence[str]) -> list[str]:
    return [ys] if isinstance(ys, str) else list(ys)
