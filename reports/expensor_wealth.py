"""Wealth sections of the money report: liquid, investments, FIRE and where the income went."""

from __future__ import annotations

import pandas as pd

from reports.charts import bubble_chart, line_chart, sankey_chart, stacked_area_chart
from reports.model import Section
from tasks.expensor.breakdown import assets_over_income, savings_by_month, subtype_shares
from tasks.expensor.colors import KIND_CATEGORY, KIND_SUBTYPE, colours_for, measure_colour
from tasks.expensor.fire import NODE_INCOME, NODE_INVESTMENTS, NODE_SAVINGS, sankey_links, yearly_bubbles
from tasks.expensor.schema import (
    COL_EXPENSES,
    COL_HELD_PCT_INCOME,
    COL_INVESTED,
    COL_INVESTED_PCT_INCOME,
    COL_KIND,
    COL_LIQUID,
    COL_MONTH,
    COL_MONTHLY_EXPENSES,
    COL_SAVINGS_PCT,
    COL_SAVINGS_TREND,
    COL_SUBTYPE,
    COL_SURVIVAL_MONTHS,
    COL_TOTAL_WORTH_PCT_INCOME,
    COL_WORTH,
    COL_WORTH_PCT_INCOME,
    COL_YEAR,
    COL_YEARS_COVERED,
    KIND_LIQUID,
    KIND_WORTH,
)
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
        line_chart(
            worth,
            COL_MONTH,
            COL_LIQUID,
            title="Liquid money",
            y_title="Liquid",
            unit=EUR,
            locale=locale,
            reference_lines=lines,
            chart_id="liquid-total",
            x_title="Month",
        ),
        stacked_area_chart(
            by_subtype,
            COL_MONTH,
            subtypes,
            title="Liquid by subtype",
            y_title="Liquid",
            unit=EUR,
            locale=locale,
            chart_id="liquid-subtype",
            x_title="Month",
            colors=colours_for(tables["colors"], KIND_SUBTYPE, subtypes),
        ),
        line_chart(
            worth,
            COL_MONTH,
            COL_SURVIVAL_MONTHS,
            title="Months of expenses in liquid money",
            y_title="Months",
            unit=None,
            locale=locale,
            decimals=1,
            chart_id="liquid-survival",
            x_title="Month",
            reference_lines=[(f"{m:g} months", m) for m in cfg.liquid_reference_months],
        ),
    ]
    return Section(
        "liquid", "Liquid", charts=charts, note="Reference lines: months of the trailing 12-month mean expenses."
    )


def _shares_chart(tables, kinds: list[str], title: str, chart_id: str, locale: str):
    shares = subtype_shares(tables["balances"], pd.DatetimeIndex(tables["worth"][COL_MONTH]), kinds)
    names = [c for c in shares.columns if c != COL_MONTH]
    return stacked_area_chart(
        shares,
        COL_MONTH,
        names,
        title=title,
        y_title="Share",
        unit="%",
        locale=locale,
        decimals=1,
        chart_id=chart_id,
        x_title="Month",
        colors=colours_for(tables["colors"], KIND_SUBTYPE, names),
    )


def investments_section(tables, locale: str) -> Section:
    worth = tables["worth"]
    by_subtype, subtypes = _by_subtype(tables, KIND_WORTH)
    charts = [
        line_chart(
            worth,
            COL_MONTH,
            [COL_INVESTED, COL_WORTH],
            title="Invested and market value",
            y_title="Amount",
            unit=EUR,
            locale=locale,
            chart_id="investments-value",
            x_title="Month",
        ),
        stacked_area_chart(
            by_subtype,
            COL_MONTH,
            subtypes,
            title="Worth by subtype",
            y_title="Worth",
            unit=EUR,
            locale=locale,
            chart_id="investments-subtype",
            x_title="Month",
            colors=colours_for(tables["colors"], KIND_SUBTYPE, subtypes),
        ),
        _shares_chart(tables, [KIND_WORTH], "Worth by subtype, % of worth", "investments-subtype-pct", locale),
        _shares_chart(
            tables,
            [KIND_LIQUID, KIND_WORTH],
            "Total worth by subtype, % of total worth",
            "investments-subtype-pct-total",
            locale,
        ),
        line_chart(
            worth,
            COL_MONTH,
            [COL_WORTH_PCT_INCOME, COL_INVESTED_PCT_INCOME],
            title="Share of all income earned",
            y_title="Share",
            unit="%",
            locale=locale,
            decimals=1,
            chart_id="investments-share",
            x_title="Month",
        ),
    ]
    return Section("investments", "Investments", charts=charts)


def fire_section(tables, cfg, locale: str) -> Section:
    worth = tables["worth"]
    passive = passive_income(worth, cfg.fire_rates_pct)
    bubbles = yearly_bubbles(tables["yearly"], worth)
    savings = savings_by_month(tables["monthly"]).rename(
        columns={COL_SAVINGS_PCT: "Savings", COL_SAVINGS_TREND: "Trend"}
    )
    assets = assets_over_income(worth).rename(
        columns={COL_TOTAL_WORTH_PCT_INCOME: "Total worth", COL_HELD_PCT_INCOME: "Liquid and invested"}
    )
    charts = [
        line_chart(
            savings,
            COL_MONTH,
            ["Savings", "Trend"],
            title="Savings ratio by month",
            y_title="Savings",
            unit="%",
            locale=locale,
            decimals=1,
            chart_id="fire-savings-month",
            x_title="Month",
            reference_lines=[("All income saved", 100.0)],
            colors=[measure_colour("savings", 200), measure_colour("savings", 700)],
        ),
        line_chart(
            assets,
            COL_MONTH,
            ["Total worth", "Liquid and invested"],
            title="Total assets / total income",
            y_title="Share of income",
            unit="%",
            locale=locale,
            decimals=1,
            chart_id="fire-assets-income",
            x_title="Month",
            reference_lines=[("All income kept", 100.0)],
            colors=[measure_colour("total_worth"), measure_colour("invested")],
        ),
        line_chart(
            passive,
            COL_MONTH,
            [c for c in passive.columns if c != COL_MONTH],
            title="Passive income vs expenses",
            y_title="Per month",
            unit=EUR,
            locale=locale,
            chart_id="fire-passive",
            x_title="Month",
        ),
        line_chart(
            worth,
            COL_MONTH,
            COL_YEARS_COVERED,
            title="Years of expenses covered",
            y_title="Years",
            unit=None,
            locale=locale,
            decimals=1,
            chart_id="fire-years",
            x_title="Month",
            reference_lines=[(f"{y:g} years", y) for y in cfg.fire_reference_years],
        ),
        bubble_chart(
            bubbles.assign(label=bubbles[COL_YEAR].astype(str)),
            COL_SAVINGS_PCT,
            COL_YEARS_COVERED,
            COL_EXPENSES,
            title="Years: savings, years covered and expenses",
            x_title="Savings",
            x_unit="%",
            y_title="Years covered",
            locale=locale,
            text="label",
            decimals=1,
            chart_id="fire-bubbles",
        ),
    ]
    return Section("fire", "FIRE", charts=charts, note="Passive income: total worth times the yearly rate, per month.")


def _sankey(tables, start: pd.Timestamp, end: pd.Timestamp, title: str, chart_id: str, locale: str):
    links = sankey_links(tables["categories"], tables["worth"], start, end)
    if links.empty:
        return None
    nodes = list(dict.fromkeys([*links["source"], *links["target"]]))
    colours = dict(zip(nodes, colours_for(tables["colors"], KIND_CATEGORY, nodes)))
    colours.update(
        {
            NODE_INCOME: measure_colour("incomes"),
            NODE_SAVINGS: measure_colour("liquid"),
            NODE_INVESTMENTS: measure_colour("worth"),
        }
    )
    return sankey_chart(links, title=title, unit=EUR, locale=locale, chart_id=chart_id, node_colors=colours)


def sankey_section(tables, month: pd.Timestamp, locale: str) -> Section:
    charts = [
        _sankey(tables, month, month, f"Where {month:%B %Y}'s income went", "sankey-month", locale),
        _sankey(tables, month.replace(month=1), month, f"Where {month.year}'s income went", "sankey-year", locale),
        _sankey(
            tables, month - pd.DateOffset(months=11), month, "Where the last 12 months' income went", "sankey", locale
        ),
    ]
    charts = [c for c in charts if c is not None]
    if not charts:
        return Section("sankey", "Flows", note="No incomes or expenses in the last 12 months.")
    return Section("sankey", "Flows", charts=charts)
