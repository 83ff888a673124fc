"""The money report for one month: dashboard, evolution, comparison and category pies (wealth in expensor_wealth)."""

from __future__ import annotations

import pandas as pd

from reports.charts import column_chart, line_chart, pie_chart
from reports.expensor_wealth import fire_section, investments_section, liquid_section, sankey_section
from reports.locale import format_number
from reports.model import Card, Chart, Report, Section, Table
from tasks.expensor.cashflow import category_split
from tasks.expensor.schema import (
    COL_AMOUNT, COL_CATEGORY, COL_EXPENSES, COL_INCOMES, COL_LIQUID, COL_MONTH, COL_MONTH_NUMBER, COL_RESULT,
    COL_SAVINGS_PCT, COL_SURVIVAL_MONTHS, COL_TOTAL_WORTH, COL_YEAR, COL_YEARS_COVERED,
)  # fmt: skip
from tasks.money_lover.schema import EXPENSES

EUR = "€"
COMPARED_YEARS = 5


def expensor_report(tables: dict[str, pd.DataFrame], cfg, month: pd.Timestamp, locale: str, generated_at: str) -> Report:
    """The full report as of `month` (first of month) from the tables the extract step wrote."""
    sections = [
        dashboard_section(tables, month, locale), _evolution(tables, locale), _comparison(tables, month, locale),
        _pies(tables, month, locale), liquid_section(tables, cfg, month, locale),
        investments_section(tables, locale), fire_section(tables, cfg, locale), sankey_section(tables, month, locale),
    ]  # fmt: skip
    return Report("Money", f"Incomes, expenses and worth as of {month:%B %Y}", sections, generated_at, locale)


def month_row(frame: pd.DataFrame, month: pd.Timestamp) -> pd.Series | None:
    rows = frame[frame[COL_MONTH] == month]
    return None if rows.empty else rows.iloc[-1]


def dashboard_section(tables, month: pd.Timestamp, locale: str) -> Section:
    flows, worth = month_row(tables["monthly"], month), month_row(tables["worth"], month)
    money = lambda v: format_number(None if v is None else float(v), locale, EUR)  # noqa: E731
    get = lambda row, col: None if row is None else row[col]  # noqa: E731
    cards = [
        Card("Incomes", money(get(flows, COL_INCOMES)), f"{month:%B %Y}"),
        Card("Expenses", money(get(flows, COL_EXPENSES))),
        Card("Result", money(get(flows, COL_RESULT))),
        Card("Savings", format_number(get(flows, COL_SAVINGS_PCT), locale, "%", 1)),
        Card("Liquid", money(get(worth, COL_LIQUID))),
        Card("Total worth", money(get(worth, COL_TOTAL_WORTH))),
        Card("Survival", format_number(get(worth, COL_SURVIVAL_MONTHS), locale, "months", 1)),
        Card("Years covered", format_number(get(worth, COL_YEARS_COVERED), locale, "years", 1)),
    ]
    recent = tables["monthly"][tables["monthly"][COL_MONTH] <= month].tail(24)
    charts = [column_chart(recent, COL_MONTH, [COL_INCOMES, COL_EXPENSES], title="Last 24 months", y_title="Amount",
                           unit=EUR, locale=locale, chart_id="dashboard-24-months", x_title="Month")]  # fmt: skip
    return Section("dashboard", "Dashboard", cards=cards, charts=charts)


def _evolution(tables, locale: str) -> Section:
    monthly, yearly = tables["monthly"], tables["yearly"]
    trends = [f"{c}_trend" for c in (COL_INCOMES, COL_EXPENSES, COL_RESULT)]
    charts = [
        line_chart(monthly, COL_MONTH, trends, title="Smoothed trend (12 then 6 months)", y_title="Amount", unit=EUR,
                   locale=locale, chart_id="evolution-trend", x_title="Month"),
        column_chart(yearly, COL_YEAR, [COL_INCOMES, COL_EXPENSES, COL_RESULT], title="Per year", y_title="Amount",
                     unit=EUR, locale=locale, chart_id="evolution-year", x_title="Year"),
        column_chart(yearly, COL_YEAR, COL_SAVINGS_PCT, title="Savings ratio per year", y_title="Savings", unit="%",
                   locale=locale, decimals=1, chart_id="evolution-savings", x_title="Year"),
        line_chart(tables["salary"], COL_MONTH, ["fixed", "bonus"], title="Salary (gross)", y_title="Salary", unit=EUR,
                   locale=locale, chart_id="evolution-salary", x_title="Month"),
    ]  # fmt: skip
    return Section("evolution", "Evolution", charts=charts)


def _comparison(tables, month: pd.Timestamp, locale: str) -> Section:
    compared = tables["comparison"][tables["comparison"][COL_YEAR].between(month.year - COMPARED_YEARS + 1, month.year)]
    wide = compared.pivot_table(index=COL_MONTH_NUMBER, columns=COL_YEAR, values=COL_EXPENSES, aggfunc="sum")
    wide = wide.loc[:, wide.notna().sum() > 1]  # a one-month year would be a line of one point: nothing drawn
    wide.columns = [str(c) for c in wide.columns]
    chart = line_chart(wide.reset_index(), COL_MONTH_NUMBER, list(wide.columns), title="Expenses by month, year over year",
                       y_title="Expenses", unit=EUR, locale=locale, chart_id="comparison-expenses", x_title="Month")  # fmt: skip
    rows = [[int(n)] + [None if pd.isna(v) else round(float(v), 2) for v in values] for n, values in wide.iterrows()]
    return Section("comparison", "Comparison", charts=[chart], tables=[Table("Expenses by month", ["Month", *wide.columns], rows)])


def split_pie(categories, kind: str, start, end, title: str, chart_id: str, locale: str) -> Chart | None:
    split = category_split(categories, kind, start, end)
    if split.empty:
        return None
    return pie_chart(split, COL_CATEGORY, COL_AMOUNT, title=title, unit=EUR, locale=locale, chart_id=chart_id)


def _pies(tables, month: pd.Timestamp, locale: str) -> Section:
    categories = tables["categories"]
    pies = [
        split_pie(categories, EXPENSES, month, month, f"Expenses in {month:%B %Y}", "pie-month", locale),
        split_pie(categories, EXPENSES, month.replace(month=1), month, f"Expenses in {month.year}", "pie-year", locale),
        split_pie(categories, EXPENSES, None, month, "Expenses, all time", "pie-all", locale),
    ]
    return Section("pies", "Categories", charts=[p for p in pies if p is not None])
