"""Balances, what they cover, FIRE figures, yearly bubbles and sankey links on hand-checked numbers."""

import pandas as pd
import pytest

from tasks.expensor.fire import sankey_links, yearly_bubbles
from tasks.expensor.worth import balances_by, passive_income, upstream_balances, worth_table

JAN, FEB = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")


def balances(rows):
    return pd.DataFrame(rows, columns=["month", "kind", "account", "subtype", "amount"])


@pytest.fixture
def monthly():
    return pd.DataFrame({"month": [JAN, FEB], "incomes": [1000.0, 2000.0], "expenses": [200.0, 400.0]})


@pytest.fixture
def held():
    return balances(
        [
            (JAN, "liquid", "Bank 1", "Bank", 400.0),
            (JAN, "liquid", "Cash 1", "Cash", 200.0),
            (JAN, "invested", "Fund 1", "Funds", 1000.0),
            (JAN, "worth", "Fund 1", "Funds", 1200.0),
        ]
    )


def test_worth_table_repeats_last_balances_and_divides_by_trailing_expenses(monthly, held):
    worth = worth_table(held, monthly).set_index("month")
    assert worth["liquid"].tolist() == [600, 600] and worth["total_worth"].tolist() == [1800, 1800]
    assert worth["monthly_expenses"].tolist() == [200, 300]  # trailing mean of 200 and 400
    assert worth["survival_months"].tolist() == [3, 2]  # 600 / 200, 600 / 300
    assert worth["years_covered"].tolist() == [0.75, 0.5]  # 1800 / (12 * 200), 1800 / (12 * 300)
    assert worth["cumulative_income"].tolist() == [1000, 3000]
    assert worth["worth_pct_income"].tolist() == [120, 40]
    assert worth["invested_pct_income"].round(2).tolist() == [100, 33.33]


def test_balances_by_subtype(held):
    wide = balances_by(held[held["kind"] == "liquid"], pd.DatetimeIndex([JAN, FEB]), "subtype")
    assert wide.loc[FEB].to_dict() == {"Bank": 400.0, "Cash": 200.0}


def test_passive_income_at_each_rate(monthly, held):
    passive = passive_income(worth_table(held, monthly), [3, 4])
    assert passive["4 %"].tolist() == [6.0, 6.0]  # 1800 * 4 % / 12
    assert passive["3 %"].tolist() == [4.5, 4.5]


def test_upstream_balances_from_cryptos_and_indexa():
    cryptos = pd.DataFrame({"month": [JAN], "BTC": [90.0], "ETH": [10.0], "total": [100.0]})
    indexa = pd.DataFrame({"month": [JAN], "account": ["ABC"], "invested": [500.0], "value": [550.0]})
    rows = upstream_balances(cryptos, indexa)
    assert rows[["kind", "account", "subtype", "amount"]].values.tolist() == [
        ["worth", "Cryptos", "Crypto", 100.0],
        ["invested", "ABC", "Indexa", 500.0],
        ["worth", "ABC", "Indexa", 550.0],
    ]
    assert upstream_balances(None, None).empty


def test_yearly_bubbles_take_years_covered_at_year_end(monthly, held):
    yearly = pd.DataFrame({"year": [2025], "savings_pct": [40.0], "expenses": [600.0]})
    bubbles = yearly_bubbles(yearly, worth_table(held, monthly))
    assert bubbles.to_dict("records") == [{"year": 2025, "savings_pct": 40.0, "years_covered": 0.5, "expenses": 600.0}]


def test_sankey_links_split_the_result_into_investments_and_savings(monthly, held):
    categories = pd.DataFrame(
        {
            "month": [FEB, FEB, FEB],
            "type": ["Incomes", "Expenses", "Expenses"],
            "category": ["Salary", "Food", "Rent"],
            "amount": [2000.0, 300.0, 900.0],
        }
    )
    grown = pd.concat([held, balances([(FEB, "invested", "Fund 1", "Funds", 1500.0)])])
    links = sankey_links(categories, worth_table(grown, monthly), FEB, FEB)
    # Result 800; invested grew 1000 -> 1500 over February: 500 to Investments, 300 left as Savings.
    assert links.values.tolist() == [
        ["Salary", "Income", 2000.0],
        ["Income", "Rent", 900.0],
        ["Income", "Food", 300.0],
        ["Income", "Investments", 500.0],
        ["Income", "Savings", 300.0],
    ]
