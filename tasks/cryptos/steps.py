"""Prefect tasks of the cryptos subflow: fetch prices and balances, then write the monthly tables."""

from __future__ import annotations

import pandas as pd

from config.cryptos import CryptosSettings
from tasks.cryptos.clients import month_start
from tasks.cryptos.schema import COL_COIN, COL_MONTH, PATH_BALANCE, PATH_MARKET_CHART, PATH_MARKETS
from tasks.cryptos.sources import CryptoSources
from tasks.cryptos.transform import (
    balances_table, current_prices, exchange_units, monthly_prices, value_table, with_months_replaced,
)
from tasks.outputs import write_report_page, write_tables
from tasks.report_state import inputs_digest, mark_report_current, report_is_current
from tasks.steps import step
from tasks.storage.base import Storage


@step("cryptos.extract")
def extract_cryptos(sources: CryptoSources, storage: Storage, cfg: CryptosSettings, run_date: str) -> dict:
    """Update this month's prices and balances, keep earlier months, recompute values; all or nothing."""
    start = month_start(run_date)
    month = pd.Timestamp(start.replace(tzinfo=None))
    old_prices = _read(storage, cfg.paths.prices)
    new_prices = [current_prices(sources.coingecko.markets(cfg.coins, cfg.currency), cfg.coins, month,
                                 f"CoinGecko {PATH_MARKETS}")]
    if old_prices is None and cfg.history_months:
        first = (month - pd.DateOffset(months=cfg.history_months)).to_pydatetime().replace(tzinfo=start.tzinfo)
        for coin in cfg.coins:
            chart = sources.coingecko.market_chart(coin, cfg.currency, first, start)
            history = monthly_prices(chart, coin, month, f"CoinGecko {PATH_MARKET_CHART.format(coin=coin)}")
            new_prices.append(history[history[COL_MONTH] >= pd.Timestamp(first.replace(tzinfo=None))])
    warnings = [f"holdings of {c!r} ignored: not in coins" for c in cfg.holdings if c not in cfg.coins]
    units = {}
    if sources.kraken is not None:
        units, unknown = exchange_units(sources.kraken.balances(), cfg.kraken_assets, f"Kraken {PATH_BALANCE}")
        unknown = [a for a in unknown if a not in cfg.kraken_ignored]
        warnings += [f"Kraken assets not in kraken_assets, ignored: {', '.join(unknown)}"] if unknown else []
    prices = with_months_replaced(old_prices, pd.concat(new_prices, ignore_index=True), [COL_MONTH, COL_COIN])
    balances = with_months_replaced(_read(storage, cfg.paths.balances),
                                    balances_table(month, cfg.coins, cfg.holdings, units), [COL_MONTH, COL_COIN])
    value, unpriced = value_table(prices, balances, cfg.coins)
    written = write_tables(storage, {cfg.paths.prices: prices, cfg.paths.balances: balances, cfg.paths.value: value})
    return {
        "rows": sum(w.rows for w in written),
        "files": [w.path for w in written],
        "newest": run_date,
        "warnings": warnings + unpriced,
        "source": sources.mode,
    }


def _read(storage: Storage, path: str) -> pd.DataFrame | None:
    return storage.read_parquet(path) if storage.exists(path) else None


@step("cryptos.report")
def write_cryptos_report(storage: Storage, cfg: CryptosSettings, locale: str, generated_at: str) -> list[str]:
    """Render the cryptos report when its inputs changed; return the reports rebuilt."""
    from reports.cryptos import cryptos_report

    paths = cfg.paths
    digest = inputs_digest(storage, [paths.prices, paths.balances, paths.value], locale=locale,
                           coins=",".join(cfg.coins), currency=cfg.currency)
    if report_is_current(storage, paths.report, digest):
        return []
    report = cryptos_report(storage.read_parquet(paths.prices), storage.read_parquet(paths.balances),
                            storage.read_parquet(paths.value), cfg.coins, cfg.currency, locale, generated_at)
    write_report_page(storage, paths.report, report)
    mark_report_current(storage, paths.report, digest)
    return [paths.report]
