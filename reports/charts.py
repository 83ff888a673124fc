"""DataFrame -> plotly.js chart builders, one per kind, each returning a reports.model.Chart holding a figure dict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from reports.chart_style import (
    PALETTE,
    add_reference_lines,
    as_columns,
    date_hover,
    new_figure,
    rgba,
    slugify,
    style_axes,
)
from reports.figure_data import column_values
from reports.locale import hover_value
from reports.model import Chart

RefLines = Sequence[tuple[str, float]]


def _chart(fig: dict, title: str, chart_id: str | None) -> Chart:
    return Chart(id=chart_id or slugify(title), title=title, figure=fig, series=len(fig["data"]))


def _paint(trace: dict, colour: str | Sequence[str]) -> None:
    """A trace's colour: bars take one per bar when given a list, lines and areas one."""
    key = "marker" if trace["type"] == "bar" else "line"
    trace[key] = {**trace.get(key, {}), "color": colour if isinstance(colour, str) else list(colour)}


def _xy_chart(
    df, x, ys, trace, *, title, y_title, unit, locale, decimals, reference_lines, chart_id, x_title, colors=None
):
    """Common part of line/area/column charts: one trace per y column, unified hover; `colors` one per column."""
    cols = as_columns(ys)
    fig = new_figure(locale, height=320, legend=len(cols) > 1)
    x_hover = date_hover(fig, df[x], locale)
    xs = column_values(df[x])
    for i, col in enumerate(cols):
        # In unified hover the header shows x through xaxis.hoverformat; x_hover is for single-trace charts.
        head = f"{col}: " if len(cols) > 1 else f"{x_hover}<br>"
        template = f"{head}{hover_value(locale, unit, decimals)}<extra></extra>"
        fig["data"].append(trace(x=xs, y=column_values(df[col]), name=str(col), hovertemplate=template))
        if colors:
            _paint(fig["data"][-1], colors[i])
    fig["layout"]["hovermode"] = "x unified" if len(cols) > 1 else "closest"
    style_axes(fig, x_title=x_title, y_title=y_title, unit=unit)
    add_reference_lines(fig, reference_lines, locale, unit)
    return _chart(fig, title, chart_id)


def line_chart(
    df: pd.DataFrame,
    x: str,
    ys: str | Sequence[str],
    *,
    title: str,
    y_title: str,
    unit: str | None,
    locale: str,
    smooth: int | None = None,
    decimals: int = 0,
    reference_lines: RefLines = (),
    chart_id: str | None = None,
    x_title: str | None = None,
    colors: Sequence[str] | None = None,
) -> Chart:
    """Lines, one per column in `ys`; `smooth=N` plots an N-row trailing rolling mean instead of raw values."""
    if smooth:
        df = df.assign(**{c: df[c].rolling(smooth, min_periods=1).mean() for c in as_columns(ys)})

    def trace(**kw):
        return {"type": "scatter", "mode": "lines", "line": {"width": 2.2}, **kw}

    return _xy_chart(
        df,
        x,
        ys,
        trace,
        title=title,
        y_title=y_title,
        unit=unit,
        locale=locale,
        decimals=decimals,
        reference_lines=reference_lines,
        chart_id=chart_id,
        x_title=x_title,
        colors=colors,
    )


def stacked_area_chart(
    df: pd.DataFrame,
    x: str,
    ys: Sequence[str],
    *,
    title: str,
    y_title: str,
    unit: str | None,
    locale: str,
    decimals: int = 0,
    reference_lines: RefLines = (),
    chart_id: str | None = None,
    x_title: str | None = None,
    colors: Sequence[str] | None = None,
) -> Chart:
    """Areas stacked in `ys` order (first column at the bottom)."""

    def trace(**kw):
        return {"type": "scatter", "mode": "lines", "stackgroup": "stack", "line": {"width": 1}, **kw}

    return _xy_chart(
        df,
        x,
        ys,
        trace,
        title=title,
        y_title=y_title,
        unit=unit,
        locale=locale,
        decimals=decimals,
        reference_lines=reference_lines,
        chart_id=chart_id,
        x_title=x_title,
        colors=colors,
    )


def column_chart(
    df: pd.DataFrame,
    x: str,
    ys: str | Sequence[str],
    *,
    title: str,
    y_title: str,
    unit: str | None,
    locale: str,
    stacked: bool = False,
    decimals: int = 0,
    reference_lines: RefLines = (),
    chart_id: str | None = None,
    x_title: str | None = None,
    colors: Sequence[str | Sequence[str]] | None = None,
) -> Chart:
    """Vertical bars, grouped or stacked; "relative" stacking keeps negative values below zero; a colour per
    column, or a list of one per bar."""

    def trace(**kw):
        return {"type": "bar", **kw}

    chart = _xy_chart(
        df,
        x,
        ys,
        trace,
        title=title,
        y_title=y_title,
        unit=unit,
        locale=locale,
        decimals=decimals,
        reference_lines=reference_lines,
        chart_id=chart_id,
        x_title=x_title,
        colors=colors,
    )
    chart.figure["layout"].update(barmode="relative" if stacked else "group", bargap=0.25, bargroupgap=0.05)
    return chart


def pie_chart(
    df: pd.DataFrame,
    names: str,
    values: str,
    *,
    title: str,
    unit: str | None,
    locale: str,
    decimals: int = 0,
    hole: float = 0.5,
    chart_id: str | None = None,
    colors: Sequence[str] | None = None,
) -> Chart:
    """A donut of `values` by `names`; percentages on the slices, absolute values on hover; `colors` one per row."""
    fig = new_figure(locale, height=340, legend=True)
    fig["data"].append(
        dict(
            type="pie",
            labels=column_values(df[names]),
            values=column_values(df[values]),
            hole=hole,
            sort=True,
            texttemplate="%{percent:.0%}",
            textposition="inside",
            insidetextorientation="horizontal",
            marker=dict(colors=list(colors or PALETTE)),
            hovertemplate=f"%{{label}}<br>{hover_value(locale, unit, decimals, 'value')} · %{{percent}}<extra></extra>",
        )
    )
    layout = fig["layout"]
    # Legend below the donut: at 390 px a side legend would shrink the donut to a ring of labels.
    layout["legend"].update(y=-0.02, yanchor="top")
    layout["margin"].update(t=8, b=8)
    layout["uniformtext"] = dict(minsize=10, mode="hide")
    return _chart(fig, title, chart_id)


def sankey_chart(
    links_df: pd.DataFrame,
    *,
    title: str,
    unit: str | None,
    locale: str,
    source: str = "source",
    target: str = "target",
    value: str = "value",
    decimals: int = 0,
    chart_id: str | None = None,
    node_colors: Mapping[str, str] | None = None,
) -> Chart:
    """Flows between named nodes (e.g. income -> spending categories); one row per link; `node_colors` by label."""
    labels = list(dict.fromkeys([*links_df[source].astype(str), *links_df[target].astype(str)]))
    index = {label: i for i, label in enumerate(labels)}
    colours = [(node_colors or {}).get(label) or PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)]
    src = [index[s] for s in links_df[source].astype(str)]
    fig = new_figure(locale, height=420, legend=False)
    amount = hover_value(locale, unit, decimals, "value")
    fig["data"].append(
        dict(
            type="sankey",
            arrangement="snap",
            valueformat=f",.{decimals}f",
            valuesuffix=f" {unit}" if unit else "",
            node=dict(
                label=labels,
                color=colours,
                pad=14,
                thickness=14,
                line=dict(width=0),
                hovertemplate=f"%{{label}}<br>{amount}<extra></extra>",
            ),
            link=dict(
                source=src,
                target=[index[t] for t in links_df[target].astype(str)],
                value=links_df[value].tolist(),
                color=[rgba(colours[s], 0.35) for s in src],
                hovertemplate=f"%{{source.label}} → %{{target.label}}<br>{amount}<extra></extra>",
            ),
        )
    )
    return _chart(fig, title, chart_id)


def bubble_chart(
    df: pd.DataFrame,
    x: str,
    y: str,
    size: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    locale: str,
    unit: str | None = None,
    x_unit: str | None = None,
    text: str | None = None,
    group: str | None = None,
    decimals: int = 0,
    reference_lines: RefLines = (),
    chart_id: str | None = None,
    max_px: int = 40,
) -> Chart:
    """Scatter with marker area proportional to `size`; one trace per `group` value when given."""
    groups = list(df.groupby(group, sort=False)) if group else [(None, df)]
    fig = new_figure(locale, height=360, legend=group is not None)
    sizeref = 2.0 * float(df[size].max() or 1) / max_px**2
    x_hover = date_hover(fig, df[x], locale)
    label = "%{text}<br>" if text else ""
    for name, part in groups:
        fig["data"].append(
            dict(
                type="scatter",
                x=column_values(part[x]),
                y=column_values(part[y]),
                mode="markers",
                name=str(name) if name is not None else y,
                **({"text": column_values(part[text])} if text else {}),
                customdata=column_values(part[[size]]),
                marker=dict(
                    size=column_values(part[size]),
                    sizemode="area",
                    sizeref=sizeref,
                    sizemin=4,
                    opacity=0.75,
                    line=dict(width=1, color="white"),
                ),
                hovertemplate=f"{label}{x_hover} · {hover_value(locale, unit, decimals)}<br>{size}: %{{customdata[0]:,.0f}}<extra></extra>",
            )
        )
    fig["layout"]["hovermode"] = "closest"
    style_axes(fig, x_title=x_title, y_title=y_title, unit=unit, x_unit=x_unit)
    add_reference_lines(fig, reference_lines, locale, unit)
    return _chart(fig, title, chart_id)
