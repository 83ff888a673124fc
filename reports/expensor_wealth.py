"""Wealth sections of the money report: liquid, investments, FIRE and where the income went."""

from __future__ import annotations

import pandas as pd

from reports.charts import bubble_chart, line_chart, sankey_chart, stacked_area_chart
from reports.model import Section
from tasks.expensor.fire import sankey_links, yearly_bubbles
from tasks.expensor.schema import (
    COL_EXPENSES, COL_INVESTED, COL_INVESTED_PCT_INCOME, COL_KIND, COL_LIQUID, COL_MONTH, COL_MONTHLY_EXPENSES,
    COL_SAVINGS_PCT, COL_SUBTYPE, COL_SURVIVAL_MONTHS, COL_WORTH, COL_WORTH_PCT_INCOME, COL_YEAR, COL_YEARS_COVERED,
    KIND_LIQUID, KIND_WORTH,
)  # fmt: skip
from tasks.expensor.worth import balances_by, passive_income

EUR = "€"


def _by_subtype(tables, kind: str) -> tuple[pd.DataFrame, list[str]]:
    months = pd.DatetimeIndex(tables["worth"][COL_MONTH])
    rows = tables["balances"][tables["balances"][COL_KIND] == kind]
    wide = balances_by(rows, months, COL_SUBTYPE)
    wide.columns = [str(c) for c in wide.columns]
    return wide.rename_axis(COL_MONTH).reset_index(), list(wide.columns)


def liquid_section(tables, cfg, month: pd.Timestamp, locale: str) -> Section:
    worth = tables["worth"]
    now = worth[worth[COL_MONTH] <= month].iloc[-1]
    lines = [(f"{m:g} months", float(now[COL_MONTHLY_EXPENSES]) * m) for m in cfg.liquid_reference_months]
    by_subtype, subtypes = _by_subtype(tables, KIND_LIQUID)
    charts = [
        line_chart(worth, COL_MONTH, COL_LIQUID, title="Liquid money", y_title="Liquid", unit=EUR, locale=locale,
                   reference_lines=lines, chart_id="liquid-total", x_title="Month"),
        stacked_area_chart(by_subtype, COL_MONTH, subtypes, title="Liquid by subtype", y_title="Liquid", unit=EUR,
                           locale=locale, chart_id="liquid-subtype", x_title="Month"),
        line_chart(worth, COL_MONTH, COL_SURVIVAL_MONTHS, title="Months of expenses in liquid money", y_title="Months",
                   unit=None, locale=locale, decimals=1, chart_id="liquid-survival", x_title="Month",
                   reference_lines=[(f"{m:g} months", m) for m in cfg.liquid_reference_months]),
    ]  # fmt: skip
    return Section("liquid", "Liquid", charts=charts, note="Reference lines: months of the trailing 12-month mean expenses.")


def investments_section(tables, locale: str) -> Section:
    worth = tables["worth"]
    by_subtype, subtypes = _by_subtype(tables, KIND_WORTH)
    charts = [
        line_chart(worth, COL_MONTH, [COL_INVESTED, COL_WORTH], title="Invested and market value", y_title="Amount",
                   unit=EUR, locale=locale, chart_id="investments-value", x_title="Month"),
        stacked_area_chart(by_subtype, COL_MONTH, subtypes, title="Worth by subtype", y_title="Worth", unit=EUR,
                           locale=locale, chart_id="investments-subtype", x_title="Month"),
        line_chart(worth, COL_MONTH, [COL_WORTH_PCT_INCOME, COL_INVESTED_PCT_INCOME], title="Share of all income earned",
                   y_title="Share", unit="%", locale=locale, decimals=1, chart_id="investments-share", x_title="Month"),
    ]  # fmt: skip
    return Section("investments", "Investments", charts=charts)


def fire_section(tables, cfg, locale: str) -> Section:
    worth = tables["worth"]
    passive = passive_income(worth, cfg.fire_rates_pct)
    bubbles = yearly_bubbles(tables["yearly"], worth)
    charts = [
        line_chart(passive, COL_MONTH, [c for c in passive.columns if c != COL_MONTH], title="Passive income vs expenses",
                   y_title="Per month", unit=EUR, locale=locale, chart_id="fire-passive", x_title="Month"),
        line_chart(worth, COL_MONTH, COL_YEARS_COVERED, title="Years of expenses covered", y_title="Years", unit=None,
                   locale=locale, decimals=1, chart_id="fire-years",  x_title="Month",
                   reference_lines=[(f"{y:g} years", y) for y in cfg.fire_reference_years]),
        bubble_chart(bubbles.assign(label=bubbles[COL_YEAR].astype(str)), COL_SAVINGS_PCT, COL_YEARS_COVERED, COL_EXPENSES,
                     title="Years: savings, years covered and expenses", x_title="Savings", x_unit="%",
                     y_title="Years covered", locale=locale, text="label", decimals=1, chart_id="fire-bubbles"),
    ]  # fmt: skip
    return Section("fire", "FIRE", charts=charts, note="Passive income: total worth times the yearly rate, per month.")


def sankey_section(tables, month: pd.Timestamp, locale: str) -> Section:
    start = month - pd.DateOffset(months=11)
    links = sankey_links(tables["categories"], tables["worth"], start, month)
    if links.empty:
        return Section("sankey", "Flows", note="No incomes or expenses in the last 12 months.")
    chart = sankey_chart(links, title="Where the last 12 months' income went", unit=EUR, locale=locale, chart_id="sankey")
    return Section("sankey", "Flows", charts=[chart])
