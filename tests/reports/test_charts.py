"""Pure tests of reports.charts and reports.locale: series counts, axis units, reference lines, formatting."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reports.charts import bubble_chart, column_chart, line_chart, pie_chart, sankey_chart, stacked_area_chart
from reports.locale import format_date, format_number, hover_value, plotly_separators

MONTHS = pd.date_range("2024-01-01", periods=4, freq="MS")
DF = pd.DataFrame({"month": MONTHS, "a": [1.0, 3.0, 5.0, 7.0], "b": [10, 20, 30, 40], "c": [2, 2, 2, 2]})


def traces_and_layout(chart):
    return chart.figure["data"], chart.figure["layout"]


def xy(kind, **kw):
    args = dict(title="Balance over time", y_title="Balance", unit="€", locale="es_ES")
    return kind(DF, "month", kw.pop("ys", ["a", "b", "c"]), **args, **kw)


@pytest.mark.parametrize("kind", [line_chart, stacked_area_chart, column_chart])
@pytest.mark.parametrize("ys, series", [(["a", "b", "c"], 3), ("a", 1)])
def test_xy_charts_one_trace_per_column(kind, ys, series):
    chart = xy(kind, ys=ys)
    assert chart.series == series == len(chart.figure["data"])
    assert [t["name"] for t in chart.figure["data"]] == ([ys] if isinstance(ys, str) else ys)
    assert chart.id == "balance-over-time"
    assert chart.figure["layout"]["showlegend"] is (series > 1)


@pytest.mark.parametrize("kind", [line_chart, stacked_area_chart, column_chart])
def test_xy_axis_title_unit_hover_and_separators(kind):
    data, layout = traces_and_layout(xy(kind))
    assert layout["yaxis"]["title"]["text"] == "Balance (€)"
    assert layout["separators"] == ",."
    assert layout["xaxis"]["hoverformat"] == "%d/%m/%Y"
    assert all("%{y:,.0f}\u00a0€" in t["hovertemplate"] for t in data)
    assert layout["autosize"] is True and layout["margin"]["l"] <= 10 and layout["legend"]["orientation"] == "h"


@pytest.mark.parametrize("kind", [line_chart, stacked_area_chart, column_chart])
def test_reference_line_is_dashed_shape_with_label(kind):
    data, layout = traces_and_layout(xy(kind, reference_lines=[("3 months of expenses", 7500)]))
    (shape,) = layout["shapes"]
    assert (shape["type"], shape["y0"], shape["y1"], shape["line"]["dash"]) == ("line", 7500, 7500, "dash")
    assert (shape["xref"], shape["x0"], shape["x1"]) == ("x domain", 0, 1)  # across the whole plot width
    assert [a["text"] for a in layout["annotations"]] == ["3 months of expenses · 7.500\u00a0€"]
    assert len(data) == 3  # a reference line is not a series


def test_stacking_modes():
    assert {t["stackgroup"] for t in xy(stacked_area_chart).figure["data"]} == {"stack"}
    assert xy(column_chart, stacked=True).figure["layout"]["barmode"] == "relative"
    assert xy(column_chart).figure["layout"]["barmode"] == "group"


def test_line_smooth_is_trailing_rolling_mean():
    raw, smooth = xy(line_chart, ys="a"), xy(line_chart, ys="a", smooth=2)
    assert list(raw.figure["data"][0]["y"]) == [1, 3, 5, 7]
    assert list(smooth.figure["data"][0]["y"]) == [1, 2, 4, 6]
    assert list(DF["a"]) == [1, 3, 5, 7]  # caller's frame untouched


def test_pie_chart():
    df = pd.DataFrame({"cat": ["Rent", "Food"], "eur": [900, 300]})
    chart = pie_chart(df, "cat", "eur", title="Spending", unit="€", locale="en_GB", chart_id="spend")
    (trace,) = chart.figure["data"]
    assert (chart.series, chart.id, trace["type"]) == (1, "spend", "pie")
    assert list(trace["labels"]) == ["Rent", "Food"] and list(trace["values"]) == [900, 300]
    assert "€%{value:,.0f}" in trace["hovertemplate"]
    assert chart.figure["layout"]["separators"] == ".,"
    assert chart.figure["layout"]["legend"]["yanchor"] == "top"  # below the donut


def test_sankey_chart_indexes_nodes_in_order_of_appearance():
    links = pd.DataFrame(
        {"source": ["Salary", "Salary", "Bonus"], "target": ["Rent", "Savings", "Savings"], "value": [900, 500, 200]}
    )
    chart = sankey_chart(links, title="Flows", unit="€", locale="de_DE")
    (trace,) = chart.figure["data"]
    assert chart.series == 1
    assert trace["node"]["label"] == ["Salary", "Bonus", "Rent", "Savings"]
    assert (trace["link"]["source"], trace["link"]["target"]) == ([0, 0, 1], [2, 3, 3])
    assert trace["link"]["value"] == [900, 500, 200]
    assert chart.figure["layout"]["separators"] == ",."


def test_colours_per_trace_per_bar_per_slice_and_per_node():
    lines = xy(line_chart, ys=["a", "b"], colors=["#111111", "#222222"])
    assert [t["line"]["color"] for t in lines.figure["data"]] == ["#111111", "#222222"]
    assert lines.figure["data"][0]["line"]["width"] == 2.2  # the house width is kept
    areas = xy(stacked_area_chart, ys=["a"], colors=["#333333"])
    assert areas.figure["data"][0]["line"] == {"width": 1, "color": "#333333"}
    bars = xy(column_chart, ys=["a", "b"], colors=[["#1", "#2", "#3", "#4"], "#5"])
    assert [t["marker"]["color"] for t in bars.figure["data"]] == [["#1", "#2", "#3", "#4"], "#5"]
    assert "marker" not in xy(column_chart, ys=["a"]).figure["data"][0]  # without colours, plotly's colorway
    pie = pie_chart(
        pd.DataFrame({"c": ["Rent", "Food"], "v": [9, 3]}),
        "c",
        "v",
        title="P",
        unit="€",
        locale="en_GB",
        colors=["#F44336", "#2196F3"],
    )
    assert pie.figure["data"][0]["marker"]["colors"] == ["#F44336", "#2196F3"]
    links = pd.DataFrame({"source": ["Salary", "Salary"], "target": ["Rent", "Savings"], "value": [900, 500]})
    sankey = sankey_chart(links, title="Flows", unit="€", locale="en_GB", node_colors={"Rent": "#F44336"})
    node_colours = sankey.figure["data"][0]["node"]["color"]
    assert node_colours == ["#4f46e5", "#F44336", "#10b981"]  # Salary and Savings keep the palette
    assert sankey.figure["data"][0]["link"]["color"][0] == "rgba(79,70,229,0.35)"  # links take their source's colour


def test_bubble_chart_groups_and_sizes():
    df = pd.DataFrame(
        {"year": [1965, 2020, 2006], "rating": [4.5, 4.8, 3.9], "pages": [600, 300, 150], "fmt": ["P", "E", "P"]}
    )
    grouped = bubble_chart(
        df,
        "year",
        "rating",
        "pages",
        title="Books",
        x_title="Published",
        y_title="Rating",
        locale="en_US",
        group="fmt",
        reference_lines=[("Good", 4)],
    )
    data, layout = traces_and_layout(grouped)
    assert grouped.series == 2 and [t["name"] for t in data] == ["P", "E"]
    assert data[0]["marker"]["sizeref"] == pytest.approx(2 * 600 / 40**2)
    assert data[0]["customdata"].tolist() == [[600], [150]]  # sizes per point, for the hover text
    assert layout["xaxis"]["title"]["text"] == "Published"
    assert len(layout["shapes"]) == 1
    single = bubble_chart(
        df, "year", "rating", "pages", title="Books", x_title="Year", y_title="Rating", locale="en_US"
    )
    assert single.series == 1 and not single.figure["layout"]["showlegend"]


@pytest.mark.parametrize(
    "value, locale, unit, decimals, expected",
    [
        (12345, "en_US", "pages", 0, "12,345\u00a0pages"),
        (1234.5, "es_ES", "€", 2, "1.234,50\u00a0€"),
        (1234.5, "en_GB", "€", 2, "€1,234.50"),
        (-1234.5, "en_US", "$", 2, "-$1,234.50"),
        (-98765.4, "de_DE", "€", 1, "-98.765,4\u00a0€"),
        (1234567, "fr_FR", "€", 0, "1\u202f234\u202f567\u00a0€"),
        (999, "ca_ES", "h", 0, "999\u00a0h"),
        (1000, "ca_ES", None, 0, "1.000"),
        (2.5, "en_US", None, 0, "3"),  # half-up, not banker's rounding
        (1.005, "en_US", None, 2, "1.01"),
        (-0.001, "es_ES", "€", 2, "0,00\u00a0€"),  # no "-0,00"
        (float("nan"), "en_GB", "€", 0, "—"),
        (None, "en_GB", "€", 0, "—"),
        (12.0, "es-ES.UTF-8", "hours", 1, "12,0\u00a0hours"),
    ],
)
def test_format_number(value, locale, unit, decimals, expected):
    assert format_number(value, locale, unit, decimals) == expected


@pytest.mark.parametrize(
    "locale, separators, date",
    [
        ("en_US", ".,", "01/31/2025"),
        ("en_GB", ".,", "31/01/2025"),
        ("es_ES", ",.", "31/01/2025"),
        ("de_DE", ",.", "31.01.2025"),
        ("fr_FR", ",\u202f", "31/01/2025"),
    ],
)
def test_separators_and_dates(locale, separators, date):
    assert plotly_separators(locale) == separators
    assert format_date(dt.date(2025, 1, 31), locale) == date


def test_hover_value_places_currency_like_format_number():
    assert hover_value("en_US", "$", 2) == "$%{y:,.2f}"
    assert hover_value("es_ES", "€", 0, "value") == "%{value:,.0f}\u00a0€"
    assert hover_value("en_US", None) == "%{y:,.0f}"


def test_unknown_locale_fails_loudly():
    with pytest.raises(ValueError, match="unsupported locale 'pt_BR'"):
        format_number(1, "pt_BR")


@pytest.mark.parametrize(
    "title,unit,expected",
    [
        ("Balance", "€", "Balance (€)"),
        ("Pages", "pages", "Pages"),
        ("Share", None, "Share"),
        ("Hours worked", "hours", "Hours worked"),
    ],
)
def test_axis_title_leaves_out_a_unit_the_title_already_says(title, unit, expected):
    from reports.locale import axis_title

    assert axis_title(title, unit) == expected
