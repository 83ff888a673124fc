"""Pure transforms of the cryptos subflow: API answers in, monthly prices, balances and values out."""

from __future__ import annotations

import pandas as pd

from tasks.cryptos.schema import (
    BALANCE_COLUMNS,
    COL_COIN,
    COL_MARKET_CAP,
    COL_MONTH,
    COL_PRICE,
    COL_TOTAL,
    COL_UNITS,
    PRICE_COLUMNS,
)
from tasks.http.payload import PayloadError, as_number, number, of_type


def current_prices(markets, coins: list[str], month: pd.Timestamp, source: str) -> pd.DataFrame:
    """One row per configured coin for `month`, from a `/coins/markets` answer; every coin must be in it."""
    found = {}
    for i, _ in enumerate(of_type(markets, "", list, source)):
        coin = of_type(markets, f"{i}.id", str, source)
        found[coin] = (number(markets, f"{i}.current_price", source), number(markets, f"{i}.market_cap", source))
    missing = [c for c in coins if c not in found]
    if missing:
        raise PayloadError(
            f"{source}: no entry with 'id' {', '.join(map(repr, missing))} (expected one per configured coin)"
        )
    rows = [(month, c, *found[c]) for c in coins]
    return _typed(pd.DataFrame(rows, columns=PRICE_COLUMNS))


def monthly_prices(chart, coin: str, before: pd.Timestamp, source: str) -> pd.DataFrame:
    """Last price and market cap of each month before `before`, from a `/market_chart/range` answer."""
    series = {}
    for key in ("prices", "market_caps"):
        points = of_type(chart, key, list, source)
        series[key] = pd.Series(
            {
                int(number(chart, f"{key}.{i}.0", source)): number(chart, f"{key}.{i}.1", source)
                for i in range(len(points))
            },
            dtype="float64",
        )
    frame = pd.DataFrame({COL_PRICE: series["prices"], COL_MARKET_CAP: series["market_caps"]}).sort_index()
    frame[COL_MONTH] = pd.to_datetime(frame.index, unit="ms").to_period("M").to_timestamp()
    frame = frame[frame[COL_MONTH] < before].dropna(subset=[COL_PRICE])
    last = frame.groupby(COL_MONTH, as_index=False).last()
    last[COL_COIN] = coin
    return _typed(last[PRICE_COLUMNS])


def exchange_units(balance, assets: dict[str, str], source: str) -> tuple[dict[str, float], list[str]]:
    """Units per coin id from a Kraken Balance answer; also the asset codes not mapped to a coin."""
    result = of_type(balance, "result", dict, source)
    units: dict[str, float] = {}
    for asset in result:
        if asset in assets:
            units[assets[asset]] = units.get(assets[asset], 0.0) + as_number(result[asset], f"result.{asset}", source)
    return units, sorted(a for a in result if a not in assets)


def balances_table(month: pd.Timestamp, coins: list[str], *holdings: dict[str, float]) -> pd.DataFrame:
    """Units per configured coin for `month`: the sum over every source of holdings (config, exchanges)."""
    rows = [(month, coin, sum(h.get(coin, 0.0) for h in holdings)) for coin in coins]
    return _typed(pd.DataFrame(rows, columns=BALANCE_COLUMNS))


def value_table(prices: pd.DataFrame, balances: pd.DataFrame, coins: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """`month` plus the value of each coin held (units x price that month) and `total`; months with balances.

    Also warnings for units held in a month without a price (valued at 0 rather than dropped)."""
    both = balances.merge(prices[[COL_MONTH, COL_COIN, COL_PRICE]], on=[COL_MONTH, COL_COIN], how="left")
    unpriced = both[(both[COL_UNITS] != 0) & both[COL_PRICE].isna()]
    warnings = [f"no {r[COL_COIN]} price for {r[COL_MONTH]:%Y-%m}; valued at 0" for _, r in unpriced.iterrows()]
    both["value"] = (both[COL_UNITS] * both[COL_PRICE]).fillna(0.0)
    wide = both.pivot_table(index=COL_MONTH, columns=COL_COIN, values="value", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=coins, fill_value=0.0).round(2)
    wide[COL_TOTAL] = wide.sum(axis=1).round(2)
    wide.columns.name = None
    out = wide.reset_index().astype({COL_MONTH: "datetime64[ns]"})
    return out.astype({c: "float64" for c in [*coins, COL_TOTAL]}), warnings


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    numeric = [c for c in frame.columns if c not in (COL_MONTH, COL_COIN)]
    return frame.astype({COL_MONTH: "datetime64[ns]", COL_COIN: "string", **{c: "float64" for c in numeric}})


def price_index(prices: pd.DataFrame, coins: list[str]) -> pd.DataFrame:
    """`month` plus each coin's price as a percent of its first month's price (100 = first month)."""
    wide = prices.pivot_table(index=COL_MONTH, columns=COL_COIN, values=COL_PRICE, aggfunc="last")
    wide = wide.reindex(columns=[c for c in coins if c in wide.columns])
    indexed = (wide / wide.bfill().iloc[0] * 100).round(1)
    indexed.columns.name = None
    return indexed.reset_index()


def latest_holdings(prices: pd.DataFrame, balances: pd.DataFrame) -> pd.DataFrame:
    """Coin, units, price and value in the newest month with balances, largest value first."""
    newest = balances[balances[COL_MONTH] == balances[COL_MONTH].max()]
    both = newest.merge(prices[[COL_MONTH, COL_COIN, COL_PRICE]], on=[COL_MONTH, COL_COIN], how="left")
    both["value"] = (both[COL_UNITS] * both[COL_PRICE]).fillna(0.0).round(2)
    return both[[COL_COIN, COL_UNITS, COL_PRICE, "value"]].sort_values("value", ascending=False, kind="stable")
