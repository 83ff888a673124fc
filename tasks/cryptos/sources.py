"""Chooses where cryptos data comes from, once per run: the live APIs or recorded demo answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from config.cryptos import CryptosSettings
from tasks.cryptos.clients import CoinGecko, Kraken
from tasks.cryptos.demo import demo_coingecko, demo_kraken
from tasks.http.client import JsonApi
from tasks.http.recorded import RecordedApi, demo_options, ensure_recorded, uses_recorded
from tasks.storage.base import Storage


@dataclass
class CryptoSources:
    """The CoinGecko client and, when there is an account to read, the Kraken one."""

    coingecko: CoinGecko
    kraken: Kraken | None
    mode: str  # "live" or "recorded", for the run summary


def build_crypto_sources(cfg: CryptosSettings, storage: Storage, profile: str, run_date: str) -> CryptoSources:
    """Live: CoinGecko always, Kraken only with KRAKEN_API_KEY and KRAKEN_API_SECRET set.

    Recorded: answers under `_demo/api/`, generated from the demo's seed on first use."""
    if uses_recorded(cfg.source, profile):
        opts = demo_options(storage, run_date)
        end = date.fromisoformat(opts["end"])
        ensure_recorded(storage, "coingecko", lambda: demo_coingecko(opts["seed"], end, opts["years"], cfg.coins))
        ensure_recorded(storage, "kraken", lambda: demo_kraken(opts["seed"], cfg.coins, opts["scale"]))
        return CryptoSources(CoinGecko(RecordedApi("CoinGecko", storage, "coingecko")),
                             Kraken(RecordedApi("Kraken", storage, "kraken")), "recorded")
    coingecko = CoinGecko(JsonApi("CoinGecko", cfg.coingecko_url, cfg.http))
    kraken = None
    if cfg.has_kraken:
        kraken = Kraken(JsonApi("Kraken", cfg.kraken_url, cfg.http),
                        cfg.kraken_api_key.get_secret_value(), cfg.kraken_api_secret.get_secret_value())
    return CryptoSources(coingecko, kraken, "live")
