"""The cryptos report: what the holdings are worth, how that changed, and prices relative to their start."""

from __future__ import annotations

import pandas as pd

from reports.charts import column_chart, line_chart, pie_chart
from reports.locale import format_number
from reports.model import Card, Report, Section, Table
from tasks.cryptos.schema import COL_MONTH, COL_TOTAL
from tasks.cryptos.transform import latest_holdings, price_index

SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£"}


def cryptos_report(
    prices: pd.DataFrame,
    balances: pd.DataFrame,
    value: pd.DataFrame,
    coins: list[str],
    currency: str,
    locale: str,
    generated_at: str,
) -> Report:
    """Build the report from the three parquet tables the cryptos subflow writes."""
    unit = SYMBOLS.get(currency, currency.upper())
    newest = value[COL_MONTH].max()
    subtitle = (
        f"Holdings valued in {currency.upper()}, newest month {newest:%Y-%m}" if len(value) else "No holdings yet"
    )
    sections = [_dashboard(prices, balances, value, coins, unit, locale), _prices(prices, coins, locale)]
    return Report("Cryptos", subtitle, sections, generated_at, locale)


def _dashboard(prices, balances, value, coins, unit, locale) -> Section:
    holdings = latest_holdings(prices, balances)
    held = holdings[holdings["value"] > 0]
    total = float(value[COL_TOTAL].iloc[-1]) if len(value) else 0.0
    cards = [
        Card("Total value", format_number(total, locale, unit)),
        Card("Coins held", format_number(len(held), locale)),
    ]
    if len(value) > 1:
        change = total - float(value[COL_TOTAL].iloc[-2])
        cards.append(Card("Change since last month", format_number(change, locale, unit)))
    monthly = value.assign(**{COL_MONTH: value[COL_MONTH].dt.strftime("%Y-%m")})
    charts = [
        column_chart(
            monthly,
            COL_MONTH,
            coins,
            title="Value per month by coin",
            y_title="Value",
            unit=unit,
            locale=locale,
            stacked=True,
            chart_id="value-month",
            x_title="Month",
        ),
    ]
    if len(held):
        charts.append(
            pie_chart(
                held, "coin", "value", title="Holdings by value", unit=unit, locale=locale, chart_id="holdings-share"
            )
        )
    table = Table(
        "Holdings this month",
        ["Coin", "Units", f"Price ({unit})", f"Value ({unit})"],
        [
            [
                r.coin,
                format_number(r.units, locale, decimals=6),
                format_number(r.price, locale, decimals=2),
                format_number(r.value, locale, decimals=2),
            ]
            for r in holdings.itertuples()
        ],
    )
    return Section("dashboard", "Dashboard", cards=cards, charts=charts, tables=[table])


def _prices(prices, coins, locale) -> Section:
    indexed = price_index(prices, coins)
    series = [c for c in coins if c in indexed.columns]
    charts = (
        [
            line_chart(
                indexed,
                COL_MONTH,
                series,
                title="Price as % of the first month",
                y_title="Price index",
                unit="%",
                locale=locale,
                chart_id="price-index",
                x_title="Month",
                reference_lines=[("first month", 100)],
            )
        ]
        if series
        else []
    )
    return Section(
        "prices", "Prices", charts=charts, note="Month-end prices; the current month shows the latest price."
    )
