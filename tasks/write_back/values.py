"""Pure: the month's values a subflow writes back, from its own tables, as (worksheet, column, value)."""

from __future__ import annotations

import pandas as pd

from config.write_back import CryptosWriteBack, IndexaWriteBack
from tasks.write_back.transform import WriteBackError

Target = tuple[str, str, float]  # worksheet, column, value


def cryptos_values(value: pd.DataFrame, month: pd.Timestamp, wb: CryptosWriteBack, source: str) -> list[Target]:
    """The month's `total` of `cryptos/value.parquet` into its column."""
    row = value[value["month"] == month]
    if row.empty:
        raise WriteBackError(
            f"write-back: {source} has no row for {month:%Y-%m}; nothing written to '{wb.spreadsheet}'"
        )
    return [(wb.total.worksheet, wb.total.column, float(row["total"].iloc[0]))]


def indexa_values(performance: pd.DataFrame, month: pd.Timestamp, wb: IndexaWriteBack, source: str) -> list[Target]:
    """Each listed account's invested amount and value for the month into their columns."""
    rows = performance[performance["month"] == month].set_index("account")
    missing = [a for a in wb.accounts if a not in rows.index]
    if missing:
        raise WriteBackError(
            f"write-back: {source} has no {month:%Y-%m} row for account "
            f"{', '.join(repr(a) for a in missing)} (listed in indexa's write_back.accounts); "
            f"nothing written to '{wb.spreadsheet}'"
        )
    targets = []
    for account, places in wb.accounts.items():
        for field in ("invested", "value"):
            place = getattr(places, field)
            if place is not None:
                targets.append((place.worksheet, place.column, float(rows.at[account, field])))
    return targets
