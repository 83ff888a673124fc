"""Dashboard months and bars, categories per period, year over year, shares, savings and assets on tiny frames."""

import pandas as pd

from tasks.expensor.breakdown import (
    assets_over_income,
    category_amounts,
    savings_by_month,
    subtype_shares,
    year_over_year,
)
from tasks.expensor.dashboard import dashboard_flows, report_months, worth_against_last_year

DEC, JAN, FEB, MAR = (pd.Timestamp(d) for d in ("2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01"))


def test_report_months_last_complete_month_and_days_so_far():
    assert report_months(pd.Timestamp("2025-03-15")) == (FEB, MAR, 15)
    assert report_months(pd.Timestamp("2025-01-01")) == (DEC, JAN, 1)


def test_dashboard_flows_month_trend_and_so_far():
    monthly = pd.DataFrame(
        {
            "month": [JAN, FEB, MAR],
            "incomes": [1000.0, 1200.0, 0.0],
            "expenses": [700.0, 900.0, 150.0],
            "result": [300.0, 300.0, -150.0],
            "incomes_trend": [1100.0, 1050.0, 900.0],
            "expenses_trend": [800.0, 820.0, 840.0],
            "result_trend": [300.0, 230.0, 60.0],
        }
    )
    bars = dashboard_flows(monthly, FEB, MAR)
    assert bars.values.tolist() == [
        ["incomes", 1200.0, 1050.0, 0.0],
        ["expenses", 900.0, 820.0, 150.0],
        ["result", 300.0, 230.0, -150.0],
    ]
    assert dashboard_flows(monthly, DEC, JAN)["now"].tolist() == [0.0, 0.0, 0.0]  # no complete month yet


def test_worth_against_the_end_of_last_year():
    worth = pd.DataFrame(
        {
            "month": [DEC, JAN, FEB],
            "liquid": [100.0, 150.0, 170.0],
            "invested": [50.0, 50.0, 60.0],
            "worth": [55.0, 58.0, 70.0],
            "total_worth": [155.0, 208.0, 240.0],
        }
    )
    out = worth_against_last_year(worth, FEB)
    assert out.values.tolist() == [
        ["liquid", 170.0, 100.0],
        ["invested", 60.0, 50.0],
        ["worth", 70.0, 55.0],
        ["total_worth", 240.0, 155.0],
    ]
    assert worth_against_last_year(worth, pd.Timestamp("2026-02-01"))["now"].tolist() == [0.0] * 4


CATEGORIES = pd.DataFrame(
    {
        "month": [DEC, JAN, JAN, MAR, JAN, MAR],
        "type": ["Expenses"] * 4 + ["Incomes"] * 2,
        "category": ["Food", "Food", "Rent", "Food", "Salary", "Salary"],
        "amount": [10.0, 20.0, 500.0, 30.0, 900.0, 1000.0],
    }
)


def test_category_amounts_per_month_and_per_year_zero_filled():
    months = pd.DatetimeIndex([DEC, JAN, FEB, MAR])
    by_month = category_amounts(CATEGORIES, "Expenses", months)
    assert by_month.values.tolist() == [[DEC, 10.0, 0.0], [JAN, 20.0, 500.0], [FEB, 0.0, 0.0], [MAR, 30.0, 0.0]]
    assert list(by_month.columns) == ["month", "Food", "Rent"]
    by_year = category_amounts(CATEGORIES, "Expenses", months, by_year=True)
    assert by_year.to_dict("list") == {"year": [2024, 2025], "Food": [10.0, 50.0], "Rent": [0.0, 500.0]}
    # A category never seen in the months asked for has no column.
    assert list(category_amounts(CATEGORIES, "Expenses", pd.DatetimeIndex([DEC])).columns) == ["month", "Food"]


def test_year_over_year_by_month_number_leaves_out_one_month_years():
    frame = pd.DataFrame({"month": [DEC, JAN, FEB, MAR], "liquid": [5.0, 1.0, 2.0, 3.0]})
    wide = year_over_year(frame, "liquid", 2025, 5)
    assert wide.to_dict("list") == {"month_number": [1, 2, 3], "2025": [1.0, 2.0, 3.0]}  # 2024 had only December
    assert list(year_over_year(frame, "liquid", 2024, 1).columns) == ["month_number"]


def test_subtype_shares_of_worth_and_of_total_worth():
    balances = pd.DataFrame(
        {
            "month": [JAN, JAN, JAN, FEB, FEB],
            "kind": ["worth", "worth", "liquid", "worth", "worth"],
            "subtype": ["Funds", "Stocks", "Bank", "Funds", "Stocks"],
            "amount": [30.0, 10.0, 60.0, 0.0, 0.0],
        }
    )
    months = pd.DatetimeIndex([JAN, FEB])
    worth = subtype_shares(balances, months, ["worth"])
    assert worth.to_dict("list") == {"month": [JAN, FEB], "Funds": [75.0, 0.0], "Stocks": [25.0, 0.0]}  # 0 of 0: 0 %
    total = subtype_shares(balances, months, ["liquid", "worth"])
    assert total[["Bank", "Funds", "Stocks"]].iloc[0].tolist() == [60.0, 30.0, 10.0]


def test_savings_by_month_and_assets_over_income():
    monthly = pd.DataFrame(
        {
            "month": [JAN, FEB],
            "savings_pct": [30.0, -10.0],
            "result_trend": [200.0, 100.0],
            "incomes_trend": [1000.0, 0.0],
        }
    )
    assert savings_by_month(monthly).values.tolist() == [[JAN, 30.0, 20.0], [FEB, -10.0, 0.0]]
    worth = pd.DataFrame(
        {
            "month": [JAN, FEB],
            "total_worth": [500.0, 2400.0],
            "liquid": [300.0, 400.0],
            "invested": [100.0, 1500.0],
            "cumulative_income": [0.0, 2000.0],
        }
    )
    assert assets_over_income(worth).values.tolist() == [[JAN, 0.0, 0.0], [FEB, 120.0, 95.0]]
