"""Pure transforms of balances: liquid, invested and worth per month, what they cover, and FIRE figures."""

from __future__ import annotations

import pandas as pd

from tasks.expensor.schema import (
    COL_ACCOUNT,
    COL_AMOUNT,
    COL_CUMULATIVE_INCOME,
    COL_EXPENSES,
    COL_INCOMES,
    COL_INVESTED,
    COL_INVESTED_PCT_INCOME,
    COL_KIND,
    COL_LIQUID,
    COL_MONTH,
    COL_MONTHLY_EXPENSES,
    COL_SUBTYPE,
    COL_SURVIVAL_MONTHS,
    COL_TOTAL_WORTH,
    COL_WORTH,
    COL_WORTH_PCT_INCOME,
    COL_YEARS_COVERED,
    KIND_INVESTED,
    KIND_LIQUID,
    KIND_WORTH,
    SUBTYPE_CRYPTO,
    SUBTYPE_INDEXA,
)

KINDS = [KIND_LIQUID, KIND_INVESTED, KIND_WORTH]


def upstream_balances(cryptos: pd.DataFrame | None, indexa: pd.DataFrame | None) -> pd.DataFrame:
    """Crypto value (worth only) and Indexa invested/value per account as balance rows; empty when absent."""
    parts = []
    if cryptos is not None and len(cryptos):
        parts.append(
            pd.DataFrame(
                {
                    COL_MONTH: cryptos["month"],
                    COL_KIND: KIND_WORTH,
                    COL_ACCOUNT: "Cryptos",
                    COL_SUBTYPE: SUBTYPE_CRYPTO,
                    COL_AMOUNT: cryptos["total"],
                }
            )
        )
    if indexa is not None and len(indexa):
        for kind, col in ((KIND_INVESTED, "invested"), (KIND_WORTH, "value")):
            parts.append(
                pd.DataFrame(
                    {
                        COL_MONTH: indexa["month"],
                        COL_KIND: kind,
                        COL_ACCOUNT: indexa["account"],
                        COL_SUBTYPE: SUBTYPE_INDEXA,
                        COL_AMOUNT: indexa[col],
                    }
                )
            )
    if not parts:
        return pd.DataFrame(
            {
                COL_MONTH: pd.Series(dtype="datetime64[ns]"),
                COL_KIND: pd.Series(dtype=str),
                COL_ACCOUNT: pd.Series(dtype=str),
                COL_SUBTYPE: pd.Series(dtype=str),
                COL_AMOUNT: pd.Series(dtype="float64"),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out[COL_MONTH] = out[COL_MONTH].astype("datetime64[ns]")
    return out


def balances_by(balances: pd.DataFrame, months: pd.DatetimeIndex, by: str) -> pd.DataFrame:
    """Per month (rows) the sum of each `by` value (kind, subtype...); months without a row repeat the last."""
    wide = balances.pivot_table(index=COL_MONTH, columns=by, values=COL_AMOUNT, aggfunc="sum")
    return wide.reindex(months.union(wide.index)).ffill().reindex(months).fillna(0.0)


def worth_table(balances: pd.DataFrame, monthly: pd.DataFrame) -> pd.DataFrame:
    """Liquid, invested, worth and total worth per month, how long they last and their share of income.

    Monthly expenses are the trailing 12-month mean, so one big month does not swing every ratio.
    """
    months = pd.DatetimeIndex(monthly[COL_MONTH])
    kinds = balances_by(balances, months, COL_KIND).reindex(columns=KINDS, fill_value=0.0)
    out = pd.DataFrame({COL_MONTH: months, **{k: kinds[k].to_numpy() for k in KINDS}})
    out[COL_TOTAL_WORTH] = out[COL_LIQUID] + out[COL_WORTH]
    spend = monthly[COL_EXPENSES].rolling(12, min_periods=1).mean().to_numpy()
    out[COL_MONTHLY_EXPENSES] = spend
    positive = out[COL_MONTHLY_EXPENSES].where(out[COL_MONTHLY_EXPENSES] > 0)
    out[COL_SURVIVAL_MONTHS] = (out[COL_LIQUID] / positive).fillna(0.0)
    out[COL_YEARS_COVERED] = (out[COL_TOTAL_WORTH] / (12 * positive)).fillna(0.0)
    out[COL_CUMULATIVE_INCOME] = monthly[COL_INCOMES].cumsum().to_numpy()
    income = out[COL_CUMULATIVE_INCOME].where(out[COL_CUMULATIVE_INCOME] > 0)
    out[COL_WORTH_PCT_INCOME] = (out[COL_WORTH] / income * 100).fillna(0.0)
    out[COL_INVESTED_PCT_INCOME] = (out[COL_INVESTED] / income * 100).fillna(0.0)
    return out


def passive_income(worth: pd.DataFrame, rates_pct: list[float]) -> pd.DataFrame:
    """Monthly income the total worth would give at each yearly withdrawal rate, beside monthly expenses."""
    out = worth[[COL_MONTH, COL_MONTHLY_EXPENSES]].copy()
    for rate in rates_pct:
        out[f"{rate:g} %"] = worth[COL_TOTAL_WORTH] * rate / 100 / 12
    return out
