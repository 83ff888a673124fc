"""Pure transforms of transactions: monthly and yearly incomes, expenses, result, savings, categories."""

from __future__ import annotations

import pandas as pd

from tasks.expensor.schema import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_EXPENSES,
    COL_INCOMES,
    COL_MONTH,
    COL_MONTH_NUMBER,
    COL_RESULT,
    COL_SAVINGS_PCT,
    COL_TYPE,
    COL_YEAR,
)
from tasks.money_lover.schema import COL_DATE, EXPENSES, INCOMES


def month_range(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    """Every first-of-month from `first`'s month to `last`'s month."""
    return pd.date_range(first.to_period("M").to_timestamp(), last.to_period("M").to_timestamp(), freq="MS")


def smoothed_trend(series: pd.Series) -> pd.Series:
    """A centred 12-month rolling mean, smoothed again by a centred 6-month one (edges use what exists)."""
    return series.rolling(12, center=True, min_periods=1).mean().rolling(6, center=True, min_periods=1).mean()


def savings_pct(result: pd.Series, incomes: pd.Series) -> pd.Series:
    """Result as a percent of incomes; 0 where there was no income."""
    return (result / incomes.where(incomes > 0) * 100).fillna(0.0)


def categories_by_month(transactions: pd.DataFrame) -> pd.DataFrame:
    """Sum of amounts per month, type and category (as text, whether they came as text or categoricals)."""
    month = transactions[COL_DATE].dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]").rename(COL_MONTH)
    # Grouped on codes of the few distinct types and categories, not on each row's text, and without
    # copying the frame; the sums are small, so the text comes back only for them.
    keys = [month, transactions[COL_TYPE].astype("category"), transactions[COL_CATEGORY].astype("category")]
    sums = transactions[COL_AMOUNT].groupby(keys, observed=True, sort=False).sum().reset_index()
    sums = sums.astype({COL_TYPE: str, COL_CATEGORY: str})
    return sums[[COL_MONTH, COL_TYPE, COL_CATEGORY, COL_AMOUNT]].sort_values(
        [COL_MONTH, COL_TYPE, COL_CATEGORY], ignore_index=True
    )


def monthly_flows(categories: pd.DataFrame, months: pd.DatetimeIndex) -> pd.DataFrame:
    """Incomes, expenses, result and savings % per month (zeros for empty months), with smoothed trends."""
    wide = categories.pivot_table(index=COL_MONTH, columns=COL_TYPE, values=COL_AMOUNT, aggfunc="sum")
    wide = wide.reindex(index=months, columns=[INCOMES, EXPENSES]).fillna(0.0)
    out = pd.DataFrame(
        {COL_MONTH: months, COL_INCOMES: wide[INCOMES].to_numpy(), COL_EXPENSES: wide[EXPENSES].to_numpy()}
    )
    out[COL_RESULT] = out[COL_INCOMES] - out[COL_EXPENSES]
    out[COL_SAVINGS_PCT] = savings_pct(out[COL_RESULT], out[COL_INCOMES])
    for col in (COL_INCOMES, COL_EXPENSES, COL_RESULT):
        out[f"{col}_trend"] = smoothed_trend(out[col])
    return out


def yearly_flows(monthly: pd.DataFrame) -> pd.DataFrame:
    """Incomes, expenses, result and savings % per calendar year."""
    year = monthly[COL_MONTH].dt.year.rename(COL_YEAR)
    out = monthly.groupby(year)[[COL_INCOMES, COL_EXPENSES, COL_RESULT]].sum().reset_index()
    out[COL_SAVINGS_PCT] = savings_pct(out[COL_RESULT], out[COL_INCOMES])
    return out


def comparison_by_month(monthly: pd.DataFrame) -> pd.DataFrame:
    """Year-over-year: one row per (year, month number) with incomes, expenses and result."""
    out = monthly[[COL_MONTH, COL_INCOMES, COL_EXPENSES, COL_RESULT]].copy()
    out.insert(0, COL_MONTH_NUMBER, out[COL_MONTH].dt.month)
    out.insert(0, COL_YEAR, out[COL_MONTH].dt.year)
    return out.drop(columns=COL_MONTH)


def category_split(categories: pd.DataFrame, kind: str, start: pd.Timestamp | None, end: pd.Timestamp) -> pd.DataFrame:
    """Amount per category of one type between two months (inclusive; no start = all time), largest first."""
    rows = categories[(categories[COL_TYPE] == kind) & (categories[COL_MONTH] <= end)]
    if start is not None:
        rows = rows[rows[COL_MONTH] >= start]
    out = rows.groupby(COL_CATEGORY, as_index=False)[COL_AMOUNT].sum()
    return out[out[COL_AMOUNT] > 0].sort_values([COL_AMOUNT, COL_CATEGORY], ascending=[False, True], ignore_index=True)
