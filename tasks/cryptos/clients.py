"""CoinGecko (public prices) and Kraken (signed private balances) over a JsonApi or a RecordedApi."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import urlencode

from tasks.cryptos.schema import PATH_BALANCE, PATH_MARKET_CHART, PATH_MARKETS
from tasks.http.client import ApiError


class CoinGecko:
    """Prices and market caps of coins by CoinGecko id, in a `vs_currency` such as `eur`."""

    name = "CoinGecko"

    def __init__(self, api):
        self.api = api

    def markets(self, coins: list[str], currency: str) -> Any:
        params = {"vs_currency": currency, "ids": ",".join(coins), "per_page": 250, "page": 1}
        return self.api.get(PATH_MARKETS, params=params)

    def market_chart(self, coin: str, currency: str, start: datetime, end: datetime) -> Any:
        # Ranges over 90 days come back with one point per day, which is all a monthly table needs.
        params = {"vs_currency": currency, "from": int(start.timestamp()), "to": int(end.timestamp())}
        return self.api.get(PATH_MARKET_CHART.format(coin=coin), params=params)


def kraken_signature(uri_path: str, data: str, nonce: str, secret_b64: str) -> str:
    """API-Sign: base64 HMAC-SHA512, keyed with the decoded secret, of path + SHA256(nonce + POST data)."""
    digest = hashlib.sha256((nonce + data).encode()).digest()
    mac = hmac.new(base64.b64decode(secret_b64), uri_path.encode() + digest, hashlib.sha512)
    return base64.b64encode(mac.digest()).decode()


class Kraken:
    """Account balances from Kraken's private REST API. The secret never leaves `_headers`."""

    name = "Kraken"

    def __init__(self, api, key: str = "", secret: str = "",
                 nonce: Callable[[], int] = lambda: time.time_ns() // 1_000_000):
        self.api, self._key, self._secret, self._nonce = api, key, secret, nonce

    def __repr__(self) -> str:
        return f"Kraken({self.api!r})"

    def balances(self) -> Any:
        """`{asset: "amount"}` as Kraken sends it (amounts are text). Kraken reports errors in the body."""
        nonce = str(self._nonce())
        data = urlencode({"nonce": nonce})
        answer = self.api.post(PATH_BALANCE, data=data, headers=self._headers(PATH_BALANCE, data, nonce))
        errors = answer.get("error") if isinstance(answer, dict) else None
        if errors:
            raise ApiError(f"Kraken POST {PATH_BALANCE}: {', '.join(map(str, errors))}")
        return answer

    def _headers(self, path: str, data: str, nonce: str) -> dict:
        if not self._key:
            return {}
        return {"API-Key": self._key, "API-Sign": kraken_signature(path, data, nonce, self._secret),
                "Content-Type": "application/x-www-form-urlencoded"}


def month_start(day: str | datetime) -> datetime:
    """The first instant of the month `day` falls in, UTC."""
    value = datetime.fromisoformat(day) if isinstance(day, str) else day
    return datetime(value.year, value.month, 1, tzinfo=timezone.utc)
