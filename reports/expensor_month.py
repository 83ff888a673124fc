"""A light archived report for one month, built from its view; figures are copies of two cached templates."""

from __future__ import annotations

import copy
import functools

import pandas as pd

from reports.charts import column_chart, pie_chart
from reports.locale import format_number
from reports.model import Card, Chart, Report, Section, Table

EUR = "€"


@functools.cache
def _templates(locale: str) -> tuple[dict, dict]:
    # Every month shares these layouts: copying one and swapping the data skips a DataFrame and a builder per chart.
    pie = pie_chart(pd.DataFrame({"c": ["a"], "v": [1.0]}), "c", "v", title="t", unit=EUR, locale=locale)
    bars = column_chart(
        pd.DataFrame({"c": ["a"], "v": [1.0]}),
        "c",
        ["v"],
        title="t",
        y_title="Amount",
        unit=EUR,
        locale=locale,
        x_title="Subtype",
    )
    return pie.figure, bars.figure


def _pie(locale: str, pairs: list, colours: list[str], chart_id: str, title: str) -> Chart:
    figure = copy.deepcopy(_templates(locale)[0])
    figure["data"][0].update(labels=[p[0] for p in pairs], values=[p[1] for p in pairs], marker={"colors": colours})
    return Chart(chart_id, title, figure, series=1)


def _bars(locale: str, names: list[str], values: list[float], chart_id: str, title: str) -> Chart:
    figure = copy.deepcopy(_templates(locale)[1])
    figure["data"][0].update(x=names, y=values, name="amount")
    return Chart(chart_id, title, figure, series=1)


def month_report(key: str, view: dict, locale: str, generated_at: str) -> Report:
    """The archived report of month `key` ("YYYY-MM"): key figures, where the money went, balances."""
    month = pd.Timestamp(f"{key}-01")
    money = lambda v: format_number(v, locale, EUR)  # noqa: E731
    incomes, expenses, result, savings = view["flows"]
    cards = [
        Card("Incomes", money(incomes)),
        Card("Expenses", money(expenses)),
        Card("Result", money(result)),
        Card("Savings", format_number(savings, locale, "%", 1)),
    ]
    if view["previous"]:
        cards.append(
            Card(
                f"Expenses, {month:%B} {month.year - 1}",
                money(view["previous"][1]),
                f"{money(expenses - view['previous'][1])} since then",
            )
        )
    charts = (
        [_pie(locale, view["expenses"], view["expense_colors"], "month-expenses", "Expenses by category")]
        if view["expenses"]
        else []
    )
    table = Table("Expenses by category", ["Category", "Amount"], view["expenses"])
    sections = [Section("month", "Month", cards=cards, charts=charts, tables=[table])]
    if view["worth"]:
        liquid, total, survival, years = view["worth"]
        worth_cards = [
            Card("Liquid", money(liquid)),
            Card("Total worth", money(total)),
            Card("Survival", format_number(survival, locale, "months", 1)),
            Card("Years covered", format_number(years, locale, "years", 1)),
        ]
        held = view["subtypes"]
        bars = (
            [
                _bars(
                    locale,
                    [f"{s} ({k})" for k, s, _ in held],
                    [v for _, _, v in held],
                    "month-balances",
                    "Balances by subtype",
                )
            ]
            if held
            else []
        )
        sections.append(Section("balances", "Balances", cards=worth_cards, charts=bars))
    return Report("Money", f"{month:%B %Y}", sections, generated_at, locale)
