"""Which price history each coin lacks, from the stored prices and what earlier runs already asked for.

Pure: no clock, no I/O. The state (`{"through": day, "coins": {coin: first day asked}}`) is what the last
good run fetched: monthly prices up to `through` (the current month's row is that day's price) and each
coin's history from its first day asked, so months CoinGecko had no price for are not asked again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd

from tasks.cryptos.schema import COL_COIN, COL_MONTH


def window_start(run_day: date, days: int) -> datetime:
    """The first instant asked for: midnight `days - 1` days before `run_day`, inside a `days`-day window
    whenever the call is made on `run_day` (CoinGecko counts the window back from the moment of the call)."""
    return datetime.combine(run_day - timedelta(days=days - 1), time(), tzinfo=UTC)


def history_starts(
    prices: pd.DataFrame | None, state: dict, coins: list[str], start: datetime, run_day: date
) -> dict[str, datetime]:
    """Per coin lacking history in [start, the run's month): from when to fetch it (never before `start`)."""
    current = pd.Timestamp(run_day.year, run_day.month, 1)
    first = pd.Timestamp(start.year, start.month, 1)
    wanted = list(pd.date_range(first, current, freq="MS", inclusive="left"))
    through = date.fromisoformat(state["through"]) if state.get("through") else None
    asked = state.get("coins", {})
    held = set() if prices is None else set(zip(prices[COL_COIN].astype(str), prices[COL_MONTH]))
    starts = {}
    for coin in coins:
        since = date.fromisoformat(asked[coin]) if coin in asked else None
        lacking = [m for m in wanted if (coin, m) not in held and _not_asked(m, since, through)]
        candidates = [datetime(m.year, m.month, 1, tzinfo=UTC) for m in lacking]
        if through and _month(through) < current and not _is_month_end(through) and since:
            # The run that wrote `through`'s month did not see it end: its last price is still to fetch.
            candidates.append(datetime.combine(through, time(), tzinfo=UTC))
        if candidates:
            starts[coin] = max(min(candidates), start)
    end = datetime.combine(run_day, time(), tzinfo=UTC)
    return {coin: since for coin, since in starts.items() if since < end}


def _not_asked(month: pd.Timestamp, since: date | None, through: date | None) -> bool:
    # Months between the first day asked and `through` were asked already: a gap there is CoinGecko's.
    if since is None or through is None:
        return True
    return month < _month(since) or month > _month(through)


def _month(day: date) -> pd.Timestamp:
    return pd.Timestamp(day.year, day.month, 1)


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def next_state(state: dict, asked: dict[str, datetime], coins: list[str], run_day: date) -> dict:
    """The state after a good run on `run_day` that fetched history from `asked[coin]` for some coins."""
    before = state.get("coins", {})
    merged = {}
    for coin in coins:
        days = [d for d in (before.get(coin), asked[coin].date().isoformat() if coin in asked else None) if d]
        if days:
            merged[coin] = min(days)
    return {"through": run_day.isoformat(), "coins": merged}
