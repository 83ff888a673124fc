"""Deterministic recorded answers of CoinGecko and Kraken for the demo profile and the test emulators."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import numpy as np

from tasks.cryptos.schema import PATH_BALANCE, PATH_MARKET_CHART, PATH_MARKETS
from tasks.http.recorded import PATH_RECORDED

# coin id: (symbol, name, price in EUR at the start, circulating supply, Kraken asset code)
COINS = {
    "bitcoin": ("btc", "Bitcoin", 30000.0, 19.6e6, "XXBT"),
    "ethereum": ("eth", "Ethereum", 2000.0, 120.2e6, "XETH"),
    "cardano": ("ada", "Cardano", 0.40, 35.4e9, "ADA"),
    "solana": ("sol", "Solana", 60.0, 440e6, "SOL"),
    "polkadot": ("dot", "Polkadot", 6.0, 1.4e9, "DOT"),
    "chainlink": ("link", "Chainlink", 12.0, 587e6, "LINK"),
}
DAY_MS = 86_400_000


def demo_coingecko(seed: int, end: date, years: int, coins: list[str]) -> dict:
    """`/coins/markets` and one daily `/market_chart/range` per coin over the `years` before `end`."""
    rng = np.random.default_rng(seed)
    first = datetime(end.year, end.month, end.day, tzinfo=UTC) - timedelta(days=365 * years)
    days = 365 * years + 1
    stamps = [int(first.timestamp()) * 1000 + d * DAY_MS for d in range(days)]
    answers, markets = {}, []
    for rank, coin in enumerate(coins, start=1):
        symbol, name, start_price, supply, _ = COINS.get(coin, (coin[:4], coin.title(), 1.0, 1e9, coin.upper()))
        # A geometric random walk with crypto-like daily volatility (2.5%) and a slight drift up.
        prices = start_price * np.exp(np.cumsum(rng.normal(0.0005, 0.025, days)))
        caps = prices * supply * np.linspace(0.95, 1.0, days)
        volumes = caps * rng.uniform(0.01, 0.05, days)
        answers[PATH_MARKET_CHART.format(coin=coin)] = {
            "prices": [[t, _round(p)] for t, p in zip(stamps, prices)],
            "market_caps": [[t, round(float(c), 0)] for t, c in zip(stamps, caps)],
            "total_volumes": [[t, round(float(v), 0)] for t, v in zip(stamps, volumes)],
        }
        markets.append(
            {
                "id": coin,
                "symbol": symbol,
                "name": name,
                "image": f"https://example.invalid/{coin}.png",
                "current_price": _round(prices[-1]),
                "market_cap": round(float(caps[-1]), 0),
                "market_cap_rank": rank,
                "total_volume": round(float(volumes[-1]), 0),
                "circulating_supply": supply,
                "last_updated": f"{end.isoformat()}T12:00:00.000Z",
            }
        )
    answers[PATH_MARKETS] = markets
    return answers


def demo_kraken(seed: int, coins: list[str], scale: float) -> dict:
    """A `/0/private/Balance` answer: a few units of each coin (amounts as text, as Kraken sends them)."""
    rng = np.random.default_rng(seed + 1)
    result = {"ZEUR": f"{rng.uniform(50, 500) * scale:.4f}"}
    for coin in coins:
        _, _, price, _, asset = COINS.get(coin, (coin, coin, 1.0, 1e9, coin.upper()))
        result[asset] = f"{rng.uniform(100, 3000) * scale / price:.10f}"
    return {PATH_BALANCE: {"error": [], "result": result}}


def _round(price: float) -> float:
    # Cheap coins keep more decimals, as CoinGecko does.
    return round(float(price), 2 if price >= 100 else 4 if price >= 1 else 6)


def demo_files(seed: int, end: date, years: int, scale: float) -> dict[str, bytes]:
    """The `tasks.demo` generator: recorded CoinGecko and Kraken answers for the default coins."""
    coins = list(COINS)
    answers = {"coingecko": demo_coingecko(seed, end, years, coins), "kraken": demo_kraken(seed, coins, scale)}
    return {
        PATH_RECORDED.format(api=api): json.dumps(body, separators=(",", ":")).encode() for api, body in answers.items()
    }
