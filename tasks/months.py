"""A transform every monthly table shares: a new extract replaces the months it covers, older ones are kept."""

from __future__ import annotations

import pandas as pd

COL_MONTH = "month"


def with_months_replaced(old: pd.DataFrame | None, new: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """History kept: `old` without the months `new` covers, plus `new`, sorted by `keys`."""
    if old is None or old.empty:
        merged = new
    else:
        merged = pd.concat([old[~old[COL_MONTH].isin(new[COL_MONTH])], new], ignore_index=True)
    merged = merged.astype({COL_MONTH: "datetime64[ns]"})
    return merged.sort_values(keys, kind="stable").reset_index(drop=True)
