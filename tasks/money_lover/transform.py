"""Pure transforms of Money Lover exports: typed export rows in, the tidy transactions table out."""

from __future__ import annotations

import pandas as pd

from tasks.money_lover.schema import (
    COL_AMOUNT, COL_CATEGORY, COL_DATE, COL_EXPORT_AMOUNT, COL_EXPORT_CATEGORY, COL_EXPORT_DATE, COL_EXPORT_NOTE,
    COL_NOTE, COL_TYPE, EXPENSES, INCOMES, TRANSACTION_COLUMNS,
)  # fmt: skip


def transactions_table(export: pd.DataFrame, excluded_categories: list[str]) -> pd.DataFrame:
    """Typed export rows without excluded categories (any case); type from the sign, amounts absolute."""
    excluded = {c.strip().casefold() for c in excluded_categories}
    kept = export[~export[COL_EXPORT_CATEGORY].str.strip().str.casefold().isin(excluded)]
    amount = kept[COL_EXPORT_AMOUNT].astype("float64")
    out = pd.DataFrame(
        {
            COL_DATE: kept[COL_EXPORT_DATE].astype("datetime64[ns]"),
            COL_CATEGORY: kept[COL_EXPORT_CATEGORY].astype(str),
            COL_AMOUNT: amount.abs(),
            COL_TYPE: amount.gt(0).map({True: INCOMES, False: EXPENSES}).astype(str),
            COL_NOTE: kept[COL_EXPORT_NOTE].astype(str),
        }
    )
    out = out.sort_values([COL_DATE, COL_TYPE, COL_CATEGORY, COL_AMOUNT], kind="stable")
    return out[TRANSACTION_COLUMNS].reset_index(drop=True)
