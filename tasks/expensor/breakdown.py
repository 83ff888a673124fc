"""Pure: categories per month or year, year-over-year frames, shares of worth, savings and assets over income."""

from __future__ import annotations

import pandas as pd

from tasks.expensor.cashflow import savings_pct
from tasks.expensor.schema import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_CUMULATIVE_INCOME,
    COL_HELD_PCT_INCOME,
    COL_INCOMES,
    COL_INVESTED,
    COL_KIND,
    COL_LIQUID,
    COL_MONTH,
    COL_MONTH_NUMBER,
    COL_RESULT,
    COL_SAVINGS_PCT,
    COL_SAVINGS_TREND,
    COL_SUBTYPE,
    COL_TOTAL_WORTH,
    COL_TOTAL_WORTH_PCT_INCOME,
    COL_TYPE,
    COL_YEAR,
)
from tasks.expensor.worth import balances_by


def category_amounts(
    categories: pd.DataFrame, kind: str, months: pd.DatetimeIndex, by_year: bool = False
) -> pd.DataFrame:
    """One column per category of type `kind` (none that is always 0), one row per month of `months` (or per year
    of them, first column `year`), zeros where nothing was spent or earned."""
    rows = categories[(categories[COL_TYPE] == kind) & categories[COL_MONTH].isin(months)]
    wide = rows.pivot_table(index=COL_MONTH, columns=COL_CATEGORY, values=COL_AMOUNT, aggfunc="sum")
    wide = wide.reindex(index=months).fillna(0.0)
    wide = wide.loc[:, (wide != 0).any()]
    wide.columns = [str(c) for c in wide.columns]
    if by_year:
        return wide.groupby(wide.index.year).sum().rename_axis(COL_YEAR).reset_index()
    return wide.rename_axis(COL_MONTH).reset_index()


def year_over_year(frame: pd.DataFrame, value: str, last_year: int, years: int) -> pd.DataFrame:
    """`value` by month number (rows 1-12 that have data) and year (one column per year, as text) for the `years`
    years up to `last_year`; a year of a single month is left out (a line of one point draws nothing)."""
    rows = frame[frame[COL_MONTH].dt.year.between(last_year - years + 1, last_year)]
    wide = rows.pivot_table(
        index=rows[COL_MONTH].dt.month.rename(COL_MONTH_NUMBER),
        columns=rows[COL_MONTH].dt.year,
        values=value,
        aggfunc="sum",
    )
    wide = wide.loc[:, wide.notna().sum() > 1].dropna(how="all")
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def subtype_shares(balances: pd.DataFrame, months: pd.DatetimeIndex, kinds: list[str]) -> pd.DataFrame:
    """Per month, each subtype of the balances of `kinds` as a percent of their sum (0 when it is not positive)."""
    wide = balances_by(balances[balances[COL_KIND].isin(kinds)], months, COL_SUBTYPE)
    total = wide.sum(axis=1)
    out = wide.div(total.where(total > 0), axis=0).mul(100).fillna(0.0)
    out.columns = [str(c) for c in out.columns]
    return out.rename_axis(COL_MONTH).reset_index()


def savings_by_month(monthly: pd.DataFrame) -> pd.DataFrame:
    """Savings % per month, and the ratio of the result and incomes trends (steadier than smoothing the ratio)."""
    trend = savings_pct(monthly[f"{COL_RESULT}_trend"], monthly[f"{COL_INCOMES}_trend"])
    return pd.DataFrame(
        {COL_MONTH: monthly[COL_MONTH], COL_SAVINGS_PCT: monthly[COL_SAVINGS_PCT], COL_SAVINGS_TREND: trend}
    )


def assets_over_income(worth: pd.DataFrame) -> pd.DataFrame:
    """Total worth, and liquid plus invested, as a percent of all income earned so far (100 %: all of it kept)."""
    income = worth[COL_CUMULATIVE_INCOME].where(worth[COL_CUMULATIVE_INCOME] > 0)
    return pd.DataFrame(
        {
            COL_MONTH: worth[COL_MONTH],
            COL_TOTAL_WORTH_PCT_INCOME: (worth[COL_TOTAL_WORTH] / income * 100).fillna(0.0),
            COL_HELD_PCT_INCOME: ((worth[COL_LIQUID] + worth[COL_INVESTED]) / income * 100).fillna(0.0),
        }
    )
