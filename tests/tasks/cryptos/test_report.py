"""The cryptos report's figures: price index and holdings by hand, and the report built from tiny tables."""

import pandas as pd

from reports.cryptos import cryptos_report
from tasks.cryptos.transform import latest_holdings, price_index

NOV, DEC = pd.Timestamp("2026-11-01"), pd.Timestamp("2026-12-01")
PRICES = pd.DataFrame(
    {
        "month": [NOV, NOV, DEC, DEC],
        "coin": ["bitcoin", "ethereum"] * 2,
        "price": [40000.0, 2000.0, 50000.0, 1500.0],
        "market_cap": 1.0,
    }
)
BALANCES = pd.DataFrame(
    {"month": [NOV, NOV, DEC, DEC], "coin": ["bitcoin", "ethereum"] * 2, "units": [0.1, 1.0, 0.1, 0.0]}
)
VALUE = pd.DataFrame(
    {"month": [NOV, DEC], "bitcoin": [4000.0, 5000.0], "ethereum": [2000.0, 0.0], "total": [6000.0, 5000.0]}
)


def test_price_index_is_percent_of_the_first_month():
    out = price_index(PRICES, ["bitcoin", "ethereum"])
    assert out[["bitcoin", "ethereum"]].values.tolist() == [[100.0, 100.0], [125.0, 75.0]]


def test_latest_holdings_are_the_newest_month_largest_first():
    out = latest_holdings(PRICES, BALANCES)
    assert out.values.tolist() == [["bitcoin", 0.1, 50000.0, 5000.0], ["ethereum", 0.0, 1500.0, 0.0]]


def test_report_cards_charts_and_holdings_table():
    report = cryptos_report(PRICES, BALANCES, VALUE, ["bitcoin", "ethereum"], "eur", "en_GB", "now")
    dashboard = report.sections[0]
    assert [(c.label, c.value) for c in dashboard.cards] == [
        ("Total value", "€5,000"),
        ("Coins held", "1"),
        ("Change since last month", "-€1,000"),
    ]
    assert [c.id for s in report.sections for c in s.charts] == ["value-month", "holdings-share", "price-index"]
    assert dashboard.tables[0].rows[0] == ["bitcoin", "0.100000", "50,000.00", "5,000.00"]
    assert "2026-12" in report.subtitle
