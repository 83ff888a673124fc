"""Older prices from a CSV the user keeps in storage (`date,coin,price`), as monthly rows; pure transforms.

Prices from CoinGecko win: an imported month is used only where no fetched price exists for that coin, so
the CSV fills the history CoinGecko's plan does not serve and never rewrites what the API answered.
"""

from __future__ import annotations

import pandas as pd

from tasks.cryptos.schema import COL_COIN, COL_MARKET_CAP, COL_MONTH, COL_PRICE, PRICE_COLUMNS
from tasks.validation import Column, InputError, validated_frame

IMPORT_COLUMNS = [Column("date", "date"), Column("coin"), Column("price", "float", minimum=0)]


def imported_prices(
    raw: pd.DataFrame, coins: list[str], before: pd.Timestamp, source: str
) -> tuple[pd.DataFrame, list[str]]:
    """The last imported price of each month before `before`, per configured coin (no market cap).

    Also a warning naming the coins in the file that are not configured (their rows are left out)."""
    raw = raw.rename(columns={c: str(c).strip().lower() for c in raw.columns})
    frame = validated_frame(raw, IMPORT_COLUMNS, source)
    frame[COL_COIN] = frame[COL_COIN].str.lower()
    doubled = frame[frame.duplicated(["date", COL_COIN], keep=False)]
    if len(doubled):
        first = doubled.iloc[0]
        rows = ", ".join(str(i + 2) for i in doubled.index[:5])
        raise InputError(
            f"{source}: rows {rows}: more than one price for {first[COL_COIN]} on "
            f"{first['date']:%Y-%m-%d} (expected one row per date and coin)"
        )
    unknown = sorted(set(frame[COL_COIN]) - set(coins))
    warnings = [f"{source}: coins not in coins, ignored: {', '.join(unknown)}"] if unknown else []
    frame = frame[frame[COL_COIN].isin(coins)].sort_values("date", kind="stable")
    frame[COL_MONTH] = frame["date"].dt.to_period("M").dt.to_timestamp()
    last = frame[frame[COL_MONTH] < before].groupby([COL_MONTH, COL_COIN], as_index=False).last()
    last[COL_MARKET_CAP] = float("nan")
    out = last[PRICE_COLUMNS].astype(
        {COL_MONTH: "datetime64[ns]", COL_COIN: "string", COL_PRICE: "float64", COL_MARKET_CAP: "float64"}
    )
    return out.reset_index(drop=True), warnings


def with_rows_replaced(old: pd.DataFrame | None, new: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`old` without the rows whose `keys` are in `new`, plus `new`, sorted by `keys`."""
    if old is None or old.empty:
        merged = new
    elif new.empty:
        merged = old
    else:
        index = pd.MultiIndex.from_frame(new[keys].astype({COL_COIN: "string"}))
        kept = old[~pd.MultiIndex.from_frame(old[keys].astype({COL_COIN: "string"})).isin(index)]
        merged = pd.concat([kept, new], ignore_index=True)
    merged = merged.astype({COL_MONTH: "datetime64[ns]", COL_COIN: "string"})
    return merged.sort_values(keys, kind="stable").reset_index(drop=True)


def with_gaps_filled(prices: pd.DataFrame, imported: pd.DataFrame) -> pd.DataFrame:
    """`prices` plus the imported rows for (month, coin) pairs CoinGecko gave no price for.

    Rows imported before are the ones without a market cap (CoinGecko always sends one): the file's current
    prices replace them, so a price corrected in the file is corrected in the table; none is dropped."""
    keys = [COL_MONTH, COL_COIN]
    from_api = prices[prices[COL_MARKET_CAP].notna()]
    imports = with_rows_replaced(prices[prices[COL_MARKET_CAP].isna()], imported, keys)
    return with_rows_replaced(imports, from_api, keys)
