"""Local CoinGecko API emulator: `/coins/markets` filtered by `ids`, `/market_chart/range` by `from`/`to`.

    python -m tests.emulators.coingecko_api --port 8766 [--latency-ms 50]
"""

from __future__ import annotations

from datetime import date

from tests.emulators.json_replay import JsonReplayEmulator, serve_standalone
from tasks.cryptos.demo import COINS, demo_coingecko

PATH_MARKETS = "/api/v3/coins/markets"


class CoinGeckoEmulator(JsonReplayEmulator):
    name = "CoinGecko"

    def __init__(self, routes: dict | None = None, **kwargs):
        super().__init__(routes if routes is not None else demo_coingecko(42, date(2026, 11, 22), 2, list(COINS)),
                         **kwargs)

    def refuse(self, request: dict):
        if request["method"] != "GET":
            return 405, {"error": "method not allowed"}
        if "vs_currency" not in request["query"]:
            return 400, {"error": "Missing parameter vs_currency"}
        return None

    def answer(self, request: dict, recorded):
        query = request["query"]
        if request["path"] == PATH_MARKETS and isinstance(recorded, list):
            ids = query.get("ids", "").split(",")
            return [coin for coin in recorded if coin.get("id") in ids]
        if request["path"].endswith("/market_chart/range") and isinstance(recorded, dict) and "from" in query:
            low, high = int(query["from"]) * 1000, int(query["to"]) * 1000
            return {key: [p for p in points if low <= p[0] <= high] if isinstance(points, list) else points
                    for key, points in recorded.items()}
        return recorded


if __name__ == "__main__":
    serve_standalone(lambda port, latency: CoinGeckoEmulator(port=port, latency_s=latency),
                     "Run the CoinGecko API emulator.")
