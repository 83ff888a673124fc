"""A small Report using every chart kind, shared by the browser tests (and handy for eyeballing the shell)."""

from __future__ import annotations

import pandas as pd

from reports.charts import bubble_chart, column_chart, line_chart, pie_chart, sankey_chart, stacked_area_chart
from reports.locale import format_number
from reports.model import Card, Report, Section, Table


def sample_report(locale: str = "es_ES") -> Report:
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    money = pd.DataFrame(
        {
            "month": months,
            "Liquid": [8200, 8900, 9400, 9100, 10200, 11050, 11800, 11500, 12600, 13300, 13900, 14750],
            "Invested": [21000, 21400, 22100, 22900, 23300, 24100, 24800, 25600, 26000, 26900, 27500, 28400],
            "Income": [3100, 3100, 3300, 3100, 3100, 4600, 3150, 3150, 3150, 3150, 3150, 4700],
            "Expenses": [-2400, -2150, -2800, -2300, -2600, -2900, -3400, -2200, -2300, -2450, -2500, -3300],
        }
    )
    spending = pd.DataFrame(
        {"category": ["Rent", "Food", "Transport", "Travel", "Other"], "amount": [950, 420, 120, 380, 260]}
    )
    flows = pd.DataFrame(
        {
            "source": ["Salary", "Salary", "Salary", "Salary", "Bonus", "Bonus"],
            "target": ["Rent", "Food", "Savings", "Other", "Savings", "Travel"],
            "value": [950, 420, 1100, 380, 900, 400],
        }
    )
    hours = pd.DataFrame(
        {
            "week": pd.date_range("2024-09-02", periods=10, freq="W-MON"),
            "Work": [38, 41, 40, 36, 42, 39, 37, 40, 44, 38],
            "Sport": [4, 5, 3, 6, 4, 5, 2, 6, 5, 4],
            "Reading": [6, 4, 7, 5, 8, 6, 7, 3, 5, 9],
        }
    )
    books = pd.DataFrame(
        {
            "title": ["Dune", "Middlemarch", "Piranesi", "The Road", "Kokoro", "Neuromancer"],
            "year": [1965, 1871, 2020, 2006, 1914, 1984],
            "rating": [4.5, 4.0, 4.8, 3.9, 4.2, 3.6],
            "pages": [612, 880, 272, 287, 248, 271],
            "format": ["Paper", "Ebook", "Paper", "Ebook", "Paper", "Ebook"],
        }
    )
    eur = lambda v, d=0: format_number(v, locale, "€", d)  # noqa: E731
    money_charts = [
        line_chart(
            money,
            "month",
            ["Liquid", "Invested"],
            title="Net worth",
            y_title="Balance",
            unit="€",
            locale=locale,
            reference_lines=[("3 months of expenses", 8400)],
        ),
        column_chart(
            money,
            "month",
            ["Income", "Expenses"],
            title="Income and expenses",
            y_title="Amount",
            unit="€",
            locale=locale,
            stacked=True,
        ),
        pie_chart(spending, "category", "amount", title="Spending by category", unit="€", locale=locale),
        sankey_chart(flows, title="Where the money went", unit="€", locale=locale),
    ]
    time_charts = [
        stacked_area_chart(
            hours,
            "week",
            ["Work", "Sport", "Reading"],
            title="Hours per week",
            y_title="Time",
            unit="hours",
            locale=locale,
            reference_lines=[("Target", 50)],
        ),
        line_chart(
            hours,
            "week",
            "Reading",
            title="Reading time (3-week average)",
            y_title="Time",
            unit="hours",
            locale=locale,
            smooth=3,
            decimals=1,
        ),
    ]
    book_charts = [
        bubble_chart(
            books,
            "year",
            "rating",
            "pages",
            title="Books: year, rating and length",
            x_title="Published",
            y_title="Rating",
            locale=locale,
            text="title",
            group="format",
            decimals=1,
        ),
    ]
    return Report(
        title="Personal dashboard",
        subtitle="Money, time and reading · 2024",
        generated_at="31/12/2024 07:00",
        locale=locale,
        sections=[
            Section(
                "money",
                "Money",
                charts=money_charts,
                cards=[
                    Card("Net worth", eur(43150), "+12,6 % vs. last year"),
                    Card("Liquid", eur(14750)),
                    Card("Savings rate", "27 %", "last 12 months"),
                    Card("Expenses / month", eur(2608.33, 2)),
                ],
            ),
            Section("time", "Time", charts=time_charts, note="Weeks start on Monday."),
            Section(
                "books",
                "Reading",
                charts=book_charts,
                cards=[Card("Books read", "6"), Card("Pages", format_number(2570, locale, "pages"))],
                tables=[
                    Table(
                        "Latest books",
                        ["Title", "Pages", "Rating"],
                        books[["title", "pages", "rating"]].values.tolist(),
                    )
                ],
            ),
        ],
    )
