"""Prefect tasks of the cryptos subflow: fetch prices and balances, then write the monthly tables."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, time

import pandas as pd

from config.cryptos import CryptosSettings
from tasks.cryptos.history import history_starts, next_state, window_start
from tasks.cryptos.price_import import imported_prices, with_gaps_filled, with_rows_replaced
from tasks.cryptos.schema import (
    BALANCES_HISTORY,
    COL_COIN,
    COL_MONTH,
    PATH_BALANCE,
    PATH_MARKET_CHART,
    PATH_MARKETS,
    PATH_PRICE_STATE,
    PRICES_HISTORY,
)
from tasks.cryptos.sources import CryptoSources
from tasks.cryptos.transform import (
    balances_table,
    current_prices,
    exchange_units,
    monthly_prices,
    value_table,
)
from tasks.months import with_months_replaced
from tasks.run.history_guard import Guard
from tasks.run.outputs import write_tables, written_warnings
from tasks.run.report_state import report_state_path
from tasks.run.step import step
from tasks.storage.base import Storage
from tasks.validation import InputError


@step("cryptos.extract")
def extract_cryptos(
    sources: CryptoSources, storage: Storage, cfg: CryptosSettings, run_date: date, guard: Guard | None = None
) -> dict:
    """Update this month's prices and balances, fetch only the history lacking, recompute values; all or nothing."""
    month = pd.Timestamp(run_date.year, run_date.month, 1)
    # What this run reads of its own, in one round trip instead of one after another.
    storage.read_ahead_files(
        [cfg.paths.prices, PATH_PRICE_STATE, cfg.paths.balances, report_state_path(cfg.paths.report)]
    )
    old_prices = _read(storage, cfg.paths.prices)
    state = json.loads(storage.read_text(PATH_PRICE_STATE)) if storage.exists(PATH_PRICE_STATE) else {}
    imported, warnings = None, _history_warnings(cfg)
    if storage.exists(cfg.paths.price_import):  # read first: a bad file fails the run before any API call
        imported, unknown = imported_prices(
            _read_csv(storage, cfg.paths.price_import), cfg.coins, month, cfg.paths.price_import
        )
        warnings += unknown
    new_prices = [
        current_prices(
            sources.coingecko.markets(cfg.coins, cfg.currency), cfg.coins, month, f"CoinGecko {PATH_MARKETS}"
        )
    ]
    since = history_starts(old_prices, state, cfg.coins, window_start(run_date, cfg.served_history_days), run_date)
    new_prices += _fetched_history(sources, cfg, since, run_date)
    prices = with_rows_replaced(old_prices, pd.concat(new_prices, ignore_index=True), [COL_MONTH, COL_COIN])
    prices = prices if imported is None else with_gaps_filled(prices, imported)
    warnings += [f"holdings of {c!r} ignored: not in coins" for c in cfg.holdings if c not in cfg.coins]
    units = {}
    if sources.kraken is not None:
        units, unknown = exchange_units(sources.kraken.balances(), cfg.kraken_assets, f"Kraken {PATH_BALANCE}")
        unknown = [a for a in unknown if a not in cfg.kraken_ignored]
        warnings += [f"Kraken assets not in kraken_assets, ignored: {', '.join(unknown)}"] if unknown else []
    balances = with_months_replaced(
        _read(storage, cfg.paths.balances), balances_table(month, cfg.coins, cfg.holdings, units), [COL_MONTH, COL_COIN]
    )
    value, unpriced = value_table(prices, balances, cfg.coins)
    written = write_tables(
        storage,
        {cfg.paths.prices: prices, cfg.paths.balances: balances, cfg.paths.value: value},
        {cfg.paths.prices: PRICES_HISTORY, cfg.paths.balances: BALANCES_HISTORY},
        guard,
    )
    # Written after the tables: a lost state only makes the next run fetch some history again.
    storage.write_text(PATH_PRICE_STATE, json.dumps(next_state(state, since, cfg.coins, run_date), sort_keys=True))
    return {
        "rows": sum(w.rows for w in written),
        "files": [w.path for w in written],
        "newest": run_date.isoformat(),
        "warnings": warnings + unpriced + written_warnings(written),
        "source": sources.mode,
        "history_calls": len(since),
    }


def _fetched_history(sources: CryptoSources, cfg: CryptosSettings, since: dict, run_day: date) -> list[pd.DataFrame]:
    """Monthly prices of each coin from its start in `since` to the run's month (one range call per coin)."""
    month = pd.Timestamp(run_day.year, run_day.month, 1)
    end = datetime.combine(run_day, time(), tzinfo=UTC)
    frames = []
    for coin, start in since.items():
        chart = sources.coingecko.market_chart(coin, cfg.currency, start, end)
        history = monthly_prices(chart, coin, month, f"CoinGecko {PATH_MARKET_CHART.format(coin=coin)}")
        frames.append(history[history[COL_MONTH] >= pd.Timestamp(start.year, start.month, 1)])
    return frames


def _history_warnings(cfg: CryptosSettings) -> list[str]:
    if cfg.served_history_days >= cfg.history_days:
        return []
    return [
        f"history_days {cfg.history_days} is more than the {cfg.served_history_days} days the "
        f"{cfg.coingecko_tier} CoinGecko API serves; fetched {cfg.served_history_days} (older prices: "
        f"import them into {cfg.paths.price_import}, or use a paid key with VTASKS_CRYPTOS__COINGECKO_PLAN=pro)"
    ]


def _read(storage: Storage, path: str) -> pd.DataFrame | None:
    return storage.read_parquet(path) if storage.exists(path) else None


def _read_csv(storage: Storage, path: str) -> pd.DataFrame:
    try:
        return pd.read_csv(
            io.BytesIO(storage.read_bytes(path)),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            encoding="utf-8-sig",
        )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not a readable CSV with a header row date,coin,price ({exc})") from None
