"""Chooses where cryptos data comes from, once per run: the live APIs or recorded demo answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from config.cryptos import CryptosSettings
from tasks.cryptos.clients import CoinGecko, Kraken
from tasks.cryptos.demo import demo_coingecko, demo_kraken
from tasks.cryptos.schema import HEADER_DEMO_KEY, HEADER_PRO_KEY
from tasks.demo_options import demo_options
from tasks.http.client import JsonApi
from tasks.http.recorded import RecordedApi, ensure_recorded, uses_recorded
from tasks.storage.base import Storage


@dataclass
class CryptoSources:
    """The CoinGecko client and, when there is an account to read, the Kraken one."""

    coingecko: CoinGecko
    kraken: Kraken | None
    mode: str  # "live" or "recorded", for the run summary


def build_crypto_sources(cfg: CryptosSettings, storage: Storage, profile: str, run_date: date) -> CryptoSources:
    """Live: CoinGecko always (keyless, or with COINGECKO_API_KEY as the plan's key), Kraken only with
    KRAKEN_API_KEY and KRAKEN_API_SECRET set.

    Recorded: answers under `_demo/api/`, generated from the demo's seed on first use."""
    if uses_recorded(cfg.source, profile):
        opts = demo_options(storage, run_date)
        end = opts["end"]
        ensure_recorded(storage, "coingecko", lambda: demo_coingecko(opts["seed"], end, opts["years"], cfg.coins))
        ensure_recorded(storage, "kraken", lambda: demo_kraken(opts["seed"], cfg.coins, opts["scale"]))
        return CryptoSources(
            CoinGecko(RecordedApi("CoinGecko", storage, "coingecko")),
            Kraken(RecordedApi("Kraken", storage, "kraken")),
            "recorded",
        )
    coingecko = CoinGecko(coingecko_api(cfg), cfg.coingecko_tier)
    kraken = None
    if cfg.has_kraken:
        kraken = Kraken(
            JsonApi("Kraken", cfg.kraken_url, cfg.http),
            cfg.kraken_api_key.get_secret_value(),
            cfg.kraken_api_secret.get_secret_value(),
        )
    return CryptoSources(coingecko, kraken, "live")


def coingecko_api(cfg: CryptosSettings) -> JsonApi:
    """Keyless, or the key in the plan's header: a demo key to the public URL, a pro key to the pro URL."""
    if cfg.coingecko_tier == "keyless":
        return JsonApi("CoinGecko", cfg.coingecko_url, cfg.http)
    header = {"demo": HEADER_DEMO_KEY, "pro": HEADER_PRO_KEY}[cfg.coingecko_tier]
    url = cfg.coingecko_pro_url if cfg.coingecko_tier == "pro" else cfg.coingecko_url
    return JsonApi("CoinGecko", url, cfg.http, headers={header: cfg.coingecko_api_key.get_secret_value()})
