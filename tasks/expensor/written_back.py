"""Values cryptos and indexa write back into the spreadsheet: read from there when write-back is on, so each
value has one source (the sheet's column, or the subflow's table), never both."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from config.write_back import CryptosWriteBack, IndexaWriteBack
from tasks.expensor.schema import (
    COL_ACCOUNT,
    COL_AMOUNT,
    COL_KIND,
    COL_MONTH,
    COL_SHEET_DATE,
    COL_SUBTYPE,
    KIND_INVESTED,
    KIND_WORTH,
    SUBTYPE_CRYPTO,
    SUBTYPE_INDEXA,
)
from tasks.validation import Column, validated_frame

ACCOUNT_CRYPTOS = "Cryptos"  # the account upstream_balances gives the crypto total


@dataclass(frozen=True)
class SheetValue:
    """A written-back column and the balance rows it stands for (kind, account, subtype as from the table)."""

    spreadsheet: str
    worksheet: str
    column: str
    kind: str
    account: str
    subtype: str


def sheet_values(cryptos: CryptosWriteBack | None, indexa: IndexaWriteBack | None) -> list[SheetValue]:
    """Every column the subflows write back to, from their `write_back` settings."""
    values = []
    if cryptos is not None:
        values.append(
            SheetValue(
                cryptos.spreadsheet,
                cryptos.total.worksheet,
                cryptos.total.column,
                KIND_WORTH,
                ACCOUNT_CRYPTOS,
                SUBTYPE_CRYPTO,
            )
        )
    if indexa is not None:
        for account, places in indexa.accounts.items():
            for kind, place in ((KIND_INVESTED, places.invested), (KIND_WORTH, places.value)):
                if place is not None:
                    values.append(
                        SheetValue(indexa.spreadsheet, place.worksheet, place.column, kind, account, SUBTYPE_INDEXA)
                    )
    return values


def without_sheet_values(upstream: pd.DataFrame, values: list[SheetValue]) -> pd.DataFrame:
    """The subflows' table rows minus those read from the sheet instead."""
    covered = {(v.kind, v.account, v.subtype) for v in values}
    if not covered or upstream.empty:
        return upstream
    keys = zip(upstream[COL_KIND], upstream[COL_ACCOUNT], upstream[COL_SUBTYPE])
    return upstream[[k not in covered for k in keys]].reset_index(drop=True)


def sheet_value_balances(
    raw: pd.DataFrame, value: SheetValue, source: str, headers: dict[str, str] | None = None
) -> pd.DataFrame:
    """One written-back column as balance rows; blank cells (months before write-back) are no row."""
    key = (headers or {}).get("date", COL_SHEET_DATE)
    picked = raw.loc[:, [c for c in (key, value.column) if c in raw.columns]]
    picked.attrs = dict(raw.attrs)  # the sheet's number format
    columns = [Column(key, "month", unique=True), Column(value.column, "float", blank=float("nan"))]
    typed = validated_frame(picked, columns, source).dropna(subset=[value.column])
    return pd.DataFrame(
        {
            COL_MONTH: typed[key].dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]"),
            COL_KIND: value.kind,
            COL_ACCOUNT: value.account,
            COL_SUBTYPE: value.subtype,
            COL_AMOUNT: typed[value.column].astype("float64"),
        }
    )
