"""Pure transforms of Money Lover exports: typed export rows in, the tidy transactions table out."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from tasks.money_lover.schema import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_DATE,
    COL_EXPORT_AMOUNT,
    COL_EXPORT_CATEGORY,
    COL_EXPORT_DATE,
    COL_EXPORT_NOTE,
    COL_NOTE,
    COL_TYPE,
    EXPENSES,
    INCOMES,
    TRANSACTION_COLUMNS,
)


def transactions_table(export: pd.DataFrame, excluded_categories: list[str]) -> pd.DataFrame:
    """Typed export rows without excluded categories (any case or accents); type from the sign, amounts absolute."""
    excluded = {category_key(c) for c in excluded_categories}
    # Compared once per distinct category, not once per row: an export repeats a few dozen names.
    names = export[COL_EXPORT_CATEGORY]
    dropped = [n for n in names.unique() if isinstance(n, str) and category_key(n) in excluded]
    amount = export[COL_EXPORT_AMOUNT].astype("float64")
    out = pd.DataFrame(
        {
            COL_DATE: export[COL_EXPORT_DATE].astype("datetime64[ns]"),
            COL_CATEGORY: names.astype(str),
            COL_AMOUNT: amount.abs(),
            COL_TYPE: amount.gt(0).map({True: INCOMES, False: EXPENSES}).astype(str),
            COL_NOTE: export[COL_EXPORT_NOTE].astype(str),
        }
    )
    # Filtering the stably sorted rows gives the order of sorting the kept ones, with one copy of the rows, not two.
    order = stable_order(out, [COL_DATE, COL_TYPE, COL_CATEGORY, COL_AMOUNT])
    if dropped:
        order = order[~names.isin(dropped).to_numpy()[order]]
    return out[TRANSACTION_COLUMNS].take(order).reset_index(drop=True)


def category_key(name: str) -> str:
    """A category name compared ignoring case and accents: `Préstamo` is `prestamo`."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stable_order(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Row positions sorted by `columns` (missing values last), ties kept in frame order: sort_values' order."""
    keys = []
    for column in reversed(columns):
        values = frame[column]
        if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biufmM":
            keys.append(values.to_numpy())  # numpy sorts these itself, NaN and NaT last: no copy needed
            continue
        categorical = pd.Categorical(values)  # categories sorted as sort_values sorts text; code -1 is missing
        codes = categorical.codes
        if (codes < 0).any():
            codes = np.where(codes < 0, len(categorical.categories), codes.astype(np.int64))
        keys.append(codes)
    return np.lexsort(keys) if keys else np.arange(len(frame))
