"""Flow sections of the money report: evolution (by category too), year-over-year comparison, category pies."""

from __future__ import annotations

import pandas as pd

from reports.charts import column_chart, line_chart, pie_chart, stacked_area_chart
from reports.model import Chart, Section, Table
from tasks.expensor.breakdown import category_amounts, year_over_year
from tasks.expensor.cashflow import category_split
from tasks.expensor.colors import KIND_CATEGORY, colours_for, in_sheet_order, measure_colour
from tasks.expensor.schema import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_EXPENSES,
    COL_INCOMES,
    COL_LIQUID,
    COL_MONTH,
    COL_MONTH_NUMBER,
    COL_RESULT,
    COL_SAVINGS_PCT,
    COL_YEAR,
)
from tasks.money_lover.schema import EXPENSES, INCOMES

EUR = "€"
COMPARED_YEARS = 5
MANY_SERIES_HEIGHT = 440  # category charts: their legend wraps onto several rows on a phone


def _categories_chart(tables, kind: str, by_year: bool, locale: str) -> Chart | None:
    months = pd.DatetimeIndex(tables["monthly"][COL_MONTH])
    wide = category_amounts(tables["categories"], kind, months, by_year=by_year)
    x = COL_YEAR if by_year else COL_MONTH
    names = in_sheet_order(tables["colors"], KIND_CATEGORY, [c for c in wide.columns if c != x])
    if not names:
        return None
    period = "year" if by_year else "month"
    chart = stacked_area_chart(
        wide,
        x,
        names,
        title=f"{kind} by category and {period}",
        y_title=kind,
        unit=EUR,
        locale=locale,
        chart_id=f"evolution-{kind.lower()}-{period}",
        x_title=period.title(),
        colors=colours_for(tables["colors"], KIND_CATEGORY, names),
    )
    chart.figure["layout"]["height"] = MANY_SERIES_HEIGHT
    return chart


def evolution_section(tables, locale: str) -> Section:
    monthly, yearly = tables["monthly"], tables["yearly"]
    measures = (COL_INCOMES, COL_EXPENSES, COL_RESULT)
    trends = monthly.rename(columns={f"{c}_trend": c.title() for c in measures})
    charts = [
        line_chart(
            trends,
            COL_MONTH,
            [c.title() for c in measures],
            title="Smoothed trend (12 then 6 months)",
            y_title="Amount",
            unit=EUR,
            locale=locale,
            chart_id="evolution-trend",
            x_title="Month",
            colors=[measure_colour(c) for c in measures],
        ),
        column_chart(
            yearly.rename(columns=str.title),
            COL_YEAR.title(),
            [c.title() for c in measures],
            title="Per year",
            y_title="Amount",
            unit=EUR,
            locale=locale,
            chart_id="evolution-year",
            x_title="Year",
            colors=[measure_colour(c) for c in measures],
        ),
        *[
            _categories_chart(tables, kind, by_year, locale)
            for by_year in (False, True)
            for kind in (EXPENSES, INCOMES)
        ],
        column_chart(
            yearly,
            COL_YEAR,
            COL_SAVINGS_PCT,
            title="Savings ratio per year",
            y_title="Savings",
            unit="%",
            locale=locale,
            decimals=1,
            chart_id="evolution-savings",
            x_title="Year",
            colors=[measure_colour("savings")],
        ),
        line_chart(
            tables["salary"],
            COL_MONTH,
            ["fixed", "bonus"],
            title="Salary (gross)",
            y_title="Salary",
            unit=EUR,
            locale=locale,
            chart_id="evolution-salary",
            x_title="Month",
        ),
    ]
    return Section("evolution", "Evolution", charts=[c for c in charts if c is not None])


def comparison_section(tables, month: pd.Timestamp, locale: str) -> Section:
    sources = [
        ("incomes", tables["monthly"], COL_INCOMES),
        ("expenses", tables["monthly"], COL_EXPENSES),
        ("result", tables["monthly"], COL_RESULT),
        ("liquid", tables["worth"], COL_LIQUID),
    ]
    charts, table = [], None
    for name, frame, column in sources:
        wide = year_over_year(frame, column, month.year, COMPARED_YEARS)
        years = [c for c in wide.columns if c != COL_MONTH_NUMBER]
        if not years:
            continue
        # The newest year darkest, older ones lighter: the 2023 report's shading.
        shades = [max(100, 900 - 200 * (len(years) - 1 - i)) for i in range(len(years))]
        charts.append(
            line_chart(
                wide,
                COL_MONTH_NUMBER,
                years,
                title=f"{name.title()} by month, year over year",
                y_title=name.title(),
                unit=EUR,
                locale=locale,
                chart_id=f"comparison-{name}",
                x_title="Month",
                colors=[measure_colour(name, s) for s in shades],
            )
        )
        if column == COL_EXPENSES:
            rows = [
                [int(n)] + [None if pd.isna(v) else round(float(v), 2) for v in values]
                for n, values in wide.set_index(COL_MONTH_NUMBER).iterrows()
            ]
            table = Table("Expenses by month", ["Month", *years], rows)
    return Section("comparison", "Comparison", charts=charts, tables=[table] if table else [])


def split_pie(tables, kind: str, start, end, title: str, chart_id: str, locale: str) -> Chart | None:
    split = category_split(tables["categories"], kind, start, end)
    if split.empty:
        return None
    return pie_chart(
        split,
        COL_CATEGORY,
        COL_AMOUNT,
        title=title,
        unit=EUR,
        locale=locale,
        chart_id=chart_id,
        colors=colours_for(tables["colors"], KIND_CATEGORY, split[COL_CATEGORY]),
    )


def pies_section(tables, month: pd.Timestamp, locale: str) -> Section:
    pies = []
    for kind in (EXPENSES, INCOMES):
        slug = kind.lower()
        pies += [
            split_pie(tables, kind, month, month, f"{kind} in {month:%B %Y}", f"pie-{slug}-month", locale),
            split_pie(
                tables, kind, month.replace(month=1), month, f"{kind} in {month.year}", f"pie-{slug}-year", locale
            ),
            split_pie(tables, kind, None, month, f"{kind}, all time", f"pie-{slug}-all", locale),
        ]
    return Section("pies", "Categories", charts=[p for p in pies if p is not None])
