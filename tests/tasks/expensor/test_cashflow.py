"""Monthly and yearly flows, trends, comparison and category splits on tiny hand-checked frames."""

import numpy as np
import pandas as pd
import pytest

from tasks.expensor.cashflow import (
    categories_by_month,
    category_split,
    comparison_by_month,
    month_range,
    monthly_flows,
    smoothed_trend,
    yearly_flows,
)

JAN, FEB, MAR = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01"), pd.Timestamp("2025-03-01")


@pytest.fixture
def categories():
    transactions = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-01-31", "2025-03-02", "2025-03-03"]),
            "category": ["Salary", "Food", "Rent", "Salary", "Food"],
            "amount": [1000.0, 200.0, 500.0, 1000.0, 1200.0],
            "type": ["Incomes", "Expenses", "Expenses", "Incomes", "Expenses"],
            "note": [""] * 5,
        }
    )
    return categories_by_month(transactions)


def test_monthly_flows_fill_empty_months(categories):
    monthly = monthly_flows(categories, month_range(JAN, pd.Timestamp("2025-03-17")))
    assert monthly["month"].tolist() == [JAN, FEB, MAR]
    assert monthly["incomes"].tolist() == [1000, 0, 1000]
    assert monthly["expenses"].tolist() == [700, 0, 1200]
    assert monthly["result"].tolist() == [300, 0, -200]
    assert monthly["savings_pct"].tolist() == [30, 0, -20]  # February had no income: 0, not a division error


def test_yearly_flows_and_comparison(categories):
    monthly = monthly_flows(categories, month_range(JAN, MAR))
    yearly = yearly_flows(monthly)
    assert yearly.to_dict("records") == [
        {"year": 2025, "incomes": 2000.0, "expenses": 1900.0, "result": 100.0, "savings_pct": 5.0}
    ]
    comparison = comparison_by_month(monthly)
    assert comparison[["year", "month_number", "expenses"]].values.tolist() == [
        [2025, 1, 700],
        [2025, 2, 0],
        [2025, 3, 1200],
    ]


def test_smoothed_trend_is_12_then_6_month_centred_mean():
    trend = smoothed_trend(pd.Series(range(24), dtype=float))
    # Month 12: the 12-month means of months 9..14 are 8.5..13.5 (window i-6..i+5), their mean is 11.
    assert trend[12] == pytest.approx(11.0)
    # A constant stays constant, edges included.
    assert smoothed_trend(pd.Series([5.0] * 7)).tolist() == [5.0] * 7


def test_category_split_for_month_year_and_all_time(categories):
    assert category_split(categories, "Expenses", MAR, MAR).values.tolist() == [["Food", 1200.0]]
    assert category_split(categories, "Expenses", JAN, MAR).values.tolist() == [["Food", 1400.0], ["Rent", 500.0]]
    assert category_split(categories, "Expenses", None, FEB).values.tolist() == [["Rent", 500.0], ["Food", 200.0]]
    assert category_split(categories, "Incomes", FEB, FEB).empty


def test_categories_by_month_sum_every_month_type_and_category_and_keep_text_columns():
    rng = np.random.default_rng(5)
    n = 3000
    transactions = pd.DataFrame(
        {
            "date": pd.Timestamp("2024-11-03") + pd.to_timedelta(rng.integers(0, 120, n), unit="D"),
            "category": rng.choice(["Food", "Rent", "Salary", "Élan", "food"], n),
            "amount": rng.gamma(2.0, 20.0, n).round(2),
            "type": rng.choice(["Incomes", "Expenses"], n),
        }
    )
    got = categories_by_month(transactions)
    month = transactions["date"].dt.to_period("M").dt.to_timestamp()
    expected = transactions.assign(month=month).groupby(["month", "type", "category"], as_index=False)["amount"].sum()
    pd.testing.assert_frame_equal(got, expected.astype({"month": "datetime64[ns]"}))
    assert [str(t) for t in got.dtypes] == ["datetime64[ns]", "str", "str", "float64"]
    # Read as categoricals (categories in the order met, as Parquet dictionaries give them): the same table.
    coded = transactions.assign(
        **{c: pd.Categorical(transactions[c], categories=transactions[c].unique()[::-1]) for c in ("type", "category")}
    )
    pd.testing.assert_frame_equal(categories_by_month(coded), got)
    empty = categories_by_month(transactions.iloc[:0])
    assert empty.empty and list(empty.columns) == ["month", "type", "category", "amount"]
