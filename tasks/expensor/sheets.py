"""Validated expensor_data worksheets: typed frames, or InputError naming sheet, row and column."""

from __future__ import annotations

import pandas as pd

from tasks.expensor.schema import (
    ACCOUNT_TYPES,
    ACCOUNTS_COLUMNS,
    CATEGORIES_COLUMNS,
    COL_ACCOUNT,
    COL_AMOUNT,
    COL_KIND,
    COL_MONTH,
    COL_SHEET_DATE,
    COL_SHEET_TOTAL,
    COL_SUBTYPE,
)
from tasks.validation import Column, InputError, column_key, validated_frame


def accounts_frame(raw: pd.DataFrame, source: str, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """Accounts with a Type of Liquid or Investment; a wrong Type is reported with its row."""
    accounts = validated_frame(raw, ACCOUNTS_COLUMNS, source, headers=headers)
    type_header = (headers or {}).get("type", "Type")
    bad = [
        f"row {i + 2}, column '{type_header}': expected Liquid or Investment, got {t!r}"
        for i, t in enumerate(accounts["Type"])
        if t not in ACCOUNT_TYPES
    ]
    if bad:
        raise InputError(f"{source}: " + "; ".join(bad[:5]))
    return accounts


def categories_frame(raw: pd.DataFrame, source: str, headers: dict[str, str] | None = None) -> pd.DataFrame:
    return validated_frame(raw, CATEGORIES_COLUMNS, source, headers=headers)


def balances_long(
    raw: pd.DataFrame, source: str, kind: str, accounts: pd.DataFrame, headers: dict[str, str] | None = None
) -> pd.DataFrame:
    """A month key + one-column-per-account worksheet as rows (month, kind, account, subtype, amount).

    The key may be any month form `validated_frame` reads; two rows for one month are an error.
    """
    key, total = ((headers or {}).get(column_key(c), c) for c in (COL_SHEET_DATE, COL_SHEET_TOTAL))
    names = [c for c in raw.columns if c not in (key, total)]
    unknown = [n for n in names if n not in set(accounts["Name"])]
    if unknown:
        raise InputError(
            f"{source}: column {', '.join(repr(u) for u in unknown)} is not an account in the accounts worksheet"
        )
    columns = [Column(key, "month", unique=True)] + [Column(n, "float", blank=0.0) for n in names]
    typed = validated_frame(raw, columns, source).rename(columns={key: COL_SHEET_DATE})
    long = typed.melt(id_vars=COL_SHEET_DATE, var_name=COL_ACCOUNT, value_name=COL_AMOUNT)
    subtypes = dict(zip(accounts["Name"], accounts["Subtype"].astype(str)))
    return pd.DataFrame(
        {
            COL_MONTH: long[COL_SHEET_DATE].dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]"),
            COL_KIND: kind,
            COL_ACCOUNT: long[COL_ACCOUNT].astype(str),
            COL_SUBTYPE: long[COL_ACCOUNT].map(subtypes).astype(str),
            COL_AMOUNT: long[COL_AMOUNT].astype("float64"),
        }
    )
