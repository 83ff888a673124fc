"""The money report as of a run date: dashboard here; flows in expensor_flows, wealth in expensor_wealth."""

from __future__ import annotations

import pandas as pd

from reports.charts import column_chart
from reports.expensor_flows import comparison_section, evolution_section, pies_section
from reports.expensor_wealth import fire_section, investments_section, liquid_section, sankey_section
from reports.locale import format_number
from reports.model import Card, Report, Section
from tasks.expensor.colors import measure_colour
from tasks.expensor.dashboard import dashboard_flows, report_months, worth_against_last_year
from tasks.expensor.schema import (
    COL_EXPENSES,
    COL_INCOMES,
    COL_LAST_YEAR,
    COL_LIQUID,
    COL_MEASURE,
    COL_MONTH,
    COL_NOW,
    COL_RESULT,
    COL_SAVINGS_PCT,
    COL_SO_FAR,
    COL_SURVIVAL_MONTHS,
    COL_TOTAL_WORTH,
    COL_TREND,
    COL_YEARS_COVERED,
)

EUR = "€"
LABELS = {
    "incomes": "Incomes",
    "expenses": "Expenses",
    "result": "Result",
    "liquid": "Liquid",
    "invested": "Invested",
    "worth": "Worth",
    "total_worth": "Total worth",
}
GREY = "#9E9E9E"


def expensor_report(
    tables: dict[str, pd.DataFrame], cfg, run_date: pd.Timestamp, locale: str, generated_at: str
) -> Report:
    """The full report for a run on `run_date`: the dashboard on the last complete month, the current one so far."""
    complete, current, days = report_months(run_date)
    sections = [
        dashboard_section(tables, complete, current, days, locale),
        evolution_section(tables, locale),
        comparison_section(tables, current, locale),
        pies_section(tables, complete, locale),
        liquid_section(tables, cfg, complete, locale),
        investments_section(tables, locale),
        fire_section(tables, cfg, locale),
        sankey_section(tables, complete, locale),
    ]
    subtitle = f"Incomes, expenses and worth as of {complete:%B %Y}; {current:%B} so far (days 1–{days})"
    return Report("Money", subtitle, sections, generated_at, locale)


def month_row(frame: pd.DataFrame, month: pd.Timestamp) -> pd.Series | None:
    rows = frame[frame[COL_MONTH] == month]
    return None if rows.empty else rows.iloc[-1]


def _cards(tables, complete: pd.Timestamp, current: pd.Timestamp, days: int, locale: str) -> list[Card]:
    flows, worth = month_row(tables["monthly"], complete), month_row(tables["worth"], complete)
    now = month_row(tables["monthly"], current)
    money = lambda v: format_number(None if v is None else float(v), locale, EUR)  # noqa: E731
    get = lambda row, col: None if row is None else row[col]  # noqa: E731
    return [
        Card("Incomes", money(get(flows, COL_INCOMES)), f"{complete:%B %Y}"),
        Card("Expenses", money(get(flows, COL_EXPENSES))),
        Card("Result", money(get(flows, COL_RESULT))),
        Card("Savings", format_number(get(flows, COL_SAVINGS_PCT), locale, "%", 1)),
        Card(
            f"{current:%B} so far",
            money(get(now, COL_EXPENSES)),
            f"Expenses, days 1–{days}; incomes {money(get(now, COL_INCOMES))}",
        ),
        Card("Liquid", money(get(worth, COL_LIQUID))),
        Card("Total worth", money(get(worth, COL_TOTAL_WORTH))),
        Card("Survival", format_number(get(worth, COL_SURVIVAL_MONTHS), locale, "months", 1)),
        Card("Years covered", format_number(get(worth, COL_YEARS_COVERED), locale, "years", 1)),
    ]


def dashboard_section(tables, complete: pd.Timestamp, current: pd.Timestamp, days: int, locale: str) -> Section:
    flows = dashboard_flows(tables["monthly"], complete, current)
    measures = list(flows[COL_MEASURE])
    month, so_far = f"{complete:%B %Y}", f"{current:%B} so far (1–{days})"
    bars = flows.assign(**{COL_MEASURE: [LABELS[m] for m in measures]}).rename(
        columns={COL_NOW: month, COL_TREND: "Trend", COL_SO_FAR: so_far}
    )
    worth = worth_against_last_year(tables["worth"], complete)
    held = list(worth[COL_MEASURE])
    last_year = f"End of {complete.year - 1}"
    worth = worth.assign(**{COL_MEASURE: [LABELS[m] for m in held]}).rename(
        columns={COL_NOW: month, COL_LAST_YEAR: last_year}
    )
    recent = tables["monthly"][tables["monthly"][COL_MONTH] <= current].tail(24).rename(columns=LABELS)
    charts = [
        column_chart(
            bars,
            COL_MEASURE,
            [month, "Trend", so_far],
            title=f"{month} against its trend",
            y_title="Amount",
            unit=EUR,
            locale=locale,
            chart_id="dashboard-month",
            colors=[[measure_colour(m) for m in measures], [measure_colour(m, 200) for m in measures], GREY],
        ),
        column_chart(
            worth,
            COL_MEASURE,
            [month, last_year],
            title="Worth against last year",
            y_title="Amount",
            unit=EUR,
            locale=locale,
            chart_id="dashboard-worth",
            colors=[[measure_colour(m) for m in held], [measure_colour(m, 200) for m in held]],
        ),
        column_chart(
            recent,
            COL_MONTH,
            [LABELS[COL_INCOMES], LABELS[COL_EXPENSES]],
            title="Last 24 months",
            y_title="Amount",
            unit=EUR,
            locale=locale,
            chart_id="dashboard-24-months",
            x_title="Month",
            colors=[measure_colour("incomes"), measure_colour("expenses")],
        ),
    ]
    return Section("dashboard", "Dashboard", cards=_cards(tables, complete, current, days, locale), charts=charts)
