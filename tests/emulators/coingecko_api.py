"""Local CoinGecko API emulator with the real service's limits: `/coins/markets`, `/market_chart/range`.

Keyless and demo-key callers get the past 365 days only (401 with CoinGecko's 10012 body), every caller a
calls-per-minute limit (429 with `Retry-After`); a demo key goes in `x-cg-demo-api-key` to the public
URL, a pro key in `x-cg-pro-api-key` to `pro_url` (the emulator's `/pro` prefix stands for
pro-api.coingecko.com). Ranges over 90 days answer one point a day, shorter ones one an hour.

    python -m tests.emulators.coingecko_api --port 8766 [--latency-ms 50]
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

import numpy as np

from tasks.cryptos.demo import COINS, demo_coingecko
from tests.emulators.json_replay import JsonReplayEmulator, _json, serve_standalone

PATH_MARKETS = "/api/v3/coins/markets"
PRO_PREFIX = "/pro"
DEMO_KEY, PRO_KEY = "CG-demoEmulatorKey0001", "CG-proEmulatorKey0001"  # the emulator's own test keys
# Calls a minute per caller: keyless is IP-based (5 to 15 under load), a demo key 30, a paid plan 500.
LIMITS = {"keyless": 10, "demo": 30, "pro": 500}
PUBLIC_DAYS = 365
HOUR_MS, DAY_S = 3_600_000, 86_400
PRICING = "https://www.coingecko.com/en/api/pricing"
RANGE_ERROR = (
    "Your request exceeds the allowed time range. Public API users are limited to querying historical "
    f"data within the past 365 days. Upgrade to a paid plan to enjoy full historical data access: {PRICING}. "
)
RATE_ERROR = (
    f"You've exceeded the Rate Limit. Please visit {PRICING} to subscribe to our API plans for higher rate limits."
)


class CoinGeckoEmulator(JsonReplayEmulator):
    name = "CoinGecko"

    def __init__(
        self,
        routes: dict | None = None,
        today: date | None = None,
        limits: dict | None = None,
        window_s: float = 60.0,
        **kwargs,
    ):
        """`today`: the service's date (its clock stands at the end of that day); default the real UTC date."""
        self.today = today
        super().__init__(
            routes if routes is not None else demo_coingecko(42, self.now().date(), 2, list(COINS)), **kwargs
        )
        self.limits, self.window_s = {**LIMITS, **(limits or {})}, window_s
        self.statuses: Counter[int] = Counter()
        self._recent: dict[str, deque] = {}

    @property
    def pro_url(self) -> str:
        return self.url + PRO_PREFIX

    def counts(self) -> dict:
        """The standalone counters, with the answers' statuses (how many 401 and 429 callers got)."""
        with self._lock:
            statuses = {str(k): v for k, v in self.statuses.items()}
        return {**super().counts(), "statuses": statuses}

    def now(self) -> datetime:
        if self.today is None:
            return datetime.now(UTC)
        return datetime.combine(self.today, clock(23, 59, 59), tzinfo=UTC)

    def handle(self, request: dict):
        pro = request["path"].startswith(PRO_PREFIX + "/")
        request = {**request, "path": request["path"][len(PRO_PREFIX) :] if pro else request["path"]}
        status, refused = self.refused_caller(request, pro)
        if refused is not None:
            with self._lock:
                self.calls[request["path"]] += 1
                self.requests.append(request)
            answer = _json(status, refused)
            if status == 429:
                answer = (*answer[:3], {"Retry-After": str(self._retry_after(self._tier(request)))})
        else:
            answer = super().handle(request)
        with self._lock:
            self.statuses[answer[0]] += 1
        return answer

    def _tier(self, request: dict) -> str:
        headers = {k.lower(): v for k, v in request["headers"].items()}
        return "pro" if "x-cg-pro-api-key" in headers else "demo" if "x-cg-demo-api-key" in headers else "keyless"

    def refused_caller(self, request: dict, pro: bool):
        """The key checks of each host, then the calls-per-minute limit of the caller's tier."""
        headers = {k.lower(): v for k, v in request["headers"].items()}
        tier = self._tier(request)
        if pro and tier == "demo":
            return 400, _status(
                10011,
                "If you are using Demo API key, please change your root URL from "
                "pro-api.coingecko.com to api.coingecko.com",
            )
        if not pro and tier == "pro":
            return 400, _status(
                10010,
                "If you are using Pro API key, please change your root URL from "
                "api.coingecko.com to pro-api.coingecko.com",
            )
        if pro and tier == "keyless":
            return 401, _status(10002, "API Key Missing")
        if tier != "keyless" and headers[f"x-cg-{tier}-api-key"] != (PRO_KEY if pro else DEMO_KEY):
            return 401, _status(10002, "You have provided incorrect API key credentials.")
        if not self._within_limit(tier):
            return 429, _status(429, RATE_ERROR)
        return None, None

    def _within_limit(self, tier: str) -> bool:
        with self._lock:
            recent = self._recent.setdefault(tier, deque())
            now = time.monotonic()
            while recent and recent[0] <= now - self.window_s:
                recent.popleft()
            if len(recent) >= self.limits[tier]:
                return False
            recent.append(now)
            return True

    def _retry_after(self, tier: str) -> int:
        with self._lock:
            oldest = self._recent[tier][0]
        return max(1, math.ceil(oldest + self.window_s - time.monotonic()))

    def refuse(self, request: dict):
        if request["method"] != "GET":
            return 405, {"error": "method not allowed"}
        if "vs_currency" not in request["query"]:
            return 400, {"error": "Missing parameter vs_currency"}
        if request["path"].endswith("/market_chart/range"):
            query = request["query"]
            if "from" not in query or "to" not in query:
                return 400, {"error": "Missing parameter from or to"}
            oldest = self.now() - timedelta(days=PUBLIC_DAYS)
            if self._tier(request) != "pro" and float(query["from"]) < oldest.timestamp():
                stamp = self.now().isoformat(timespec="milliseconds")
                return 401, {
                    "error": {"status": {"timestamp": stamp, "error_code": 10012, "error_message": RANGE_ERROR}}
                }
        return None

    def answer(self, request: dict, recorded):
        query = request["query"]
        if request["path"] == PATH_MARKETS and isinstance(recorded, list):
            ids = query.get("ids", "").split(",")
            return [coin for coin in recorded if coin.get("id") in ids]
        if request["path"].endswith("/market_chart/range") and isinstance(recorded, dict):
            low, high = float(query["from"]) * 1000, float(query["to"]) * 1000
            hourly = float(query["to"]) - float(query["from"]) <= 90 * DAY_S
            return {
                key: _points(points, low, high, hourly) if isinstance(points, list) else points
                for key, points in recorded.items()
            }
        return recorded


def _points(daily: list, low: float, high: float, hourly: bool) -> list:
    """The recorded daily points in [low, high]; for 90 days or less, hourly points between them."""
    if not hourly or len(daily) < 2:
        return [p for p in daily if low <= p[0] <= high]
    stamps, values = np.array([p[0] for p in daily], dtype="int64"), np.array([p[1] for p in daily], dtype="float64")
    first = max(int(math.ceil(low / HOUR_MS)) * HOUR_MS, int(stamps[0]))
    hours = np.arange(first, min(high, stamps[-1]) + 1, HOUR_MS, dtype="int64")
    return [[int(t), round(float(v), 6)] for t, v in zip(hours, np.interp(hours, stamps, values))]


def _status(code: int, message: str) -> dict:
    return {"status": {"error_code": code, "error_message": message}}


if __name__ == "__main__":
    serve_standalone(
        lambda port, latency: CoinGeckoEmulator(port=port, latency_s=latency), "Run the CoinGecko API emulator."
    )
