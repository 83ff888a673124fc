"""CoinGecko (public prices) and Kraken (signed private balances) over a JsonApi or a RecordedApi."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from config.cryptos import PUBLIC_HISTORY_DAYS
from config.subflows import ConfigError
from tasks.cryptos.schema import PATH_BALANCE, PATH_MARKET_CHART, PATH_MARKETS
from tasks.http.client import ApiError


class CoinGecko:
    """Prices and market caps of coins by CoinGecko id, in a `vs_currency` such as `eur`.

    `tier` (keyless, demo or pro) only shapes error messages: the key travels in the JsonApi's headers."""

    name = "CoinGecko"

    def __init__(self, api, tier: str = "keyless"):
        self.api, self.tier = api, tier

    def markets(self, coins: list[str], currency: str) -> Any:
        params = {"vs_currency": currency, "ids": ",".join(coins), "per_page": 250, "page": 1}
        return self._get(PATH_MARKETS, params)

    def market_chart(self, coin: str, currency: str, start: datetime, end: datetime) -> Any:
        # Ranges over 90 days come back with one point per day, shorter ones hourly; a month's last is enough.
        params = {"vs_currency": currency, "from": int(start.timestamp()), "to": int(end.timestamp())}
        return self._get(PATH_MARKET_CHART.format(coin=coin), params, start)

    def _get(self, path: str, params: dict, start: datetime | None = None) -> Any:
        try:
            return self.api.get(path, params=params)
        except ApiError as exc:
            raise ApiError(explained(str(exc), self.tier, start)) from None


def explained(message: str, tier: str, start: datetime | None) -> str:
    """CoinGecko's refusals with what to change: the history window, the key, or the plan."""
    if "HTTP 401" in message and ("10012" in message or "time range" in message):
        asked = f" (asked from {start:%Y-%m-%d})" if start else ""
        return (
            f"{message}: the {tier} CoinGecko API serves the past {PUBLIC_HISTORY_DAYS} days only{asked}; "
            f"set history_days to {PUBLIC_HISTORY_DAYS} or less in config/cryptos.yaml "
            "(VTASKS_CRYPTOS__HISTORY_DAYS), import older prices from paths.price_import, or set "
            "COINGECKO_API_KEY with VTASKS_CRYPTOS__COINGECKO_PLAN=pro for a paid plan's history"
        )
    if any(f"HTTP {s}" in message for s in (400, 401, 403)) and any(c in message for c in ("10002", "10010", "10011")):
        return (
            f"{message}: CoinGecko refused the {tier} key; check COINGECKO_API_KEY and "
            "VTASKS_CRYPTOS__COINGECKO_PLAN (demo keys use api.coingecko.com, pro keys pro-api.coingecko.com)"
        )
    return message


def kraken_signature(uri_path: str, data: str, nonce: str, secret_b64: str) -> str:
    """API-Sign: base64 HMAC-SHA512, keyed with the decoded secret, of path + SHA256(nonce + POST data)."""
    digest = hashlib.sha256((nonce + data).encode()).digest()
    mac = hmac.new(base64.b64decode(secret_b64, validate=True), uri_path.encode() + digest, hashlib.sha512)
    return base64.b64encode(mac.digest()).decode()


class Kraken:
    """Account balances from Kraken's private REST API. The secret never leaves `_headers`."""

    name = "Kraken"

    def __init__(
        self, api, key: str = "", secret: str = "", nonce: Callable[[], int] = lambda: time.time_ns() // 1_000_000
    ):
        self.api, self._key, self._secret, self._nonce = api, key, secret, nonce
        self._last_nonce = 0

    def __repr__(self) -> str:
        return f"Kraken({self.api!r})"

    def balances(self) -> Any:
        """`{asset: "amount"}` as Kraken sends it (amounts are text). Kraken reports errors in the body."""
        answer = self.api.post(PATH_BALANCE, signed=lambda: self._signed(PATH_BALANCE))
        errors = answer.get("error") if isinstance(answer, dict) else None
        if errors:
            raise ApiError(f"Kraken POST {PATH_BALANCE}: {', '.join(map(str, errors))}")
        return answer

    def _signed(self, path: str) -> dict:
        # A fresh nonce for every attempt: Kraken refuses a nonce it has seen, even on a retry.
        self._last_nonce = max(self._nonce(), self._last_nonce + 1)
        nonce = str(self._last_nonce)
        data = urlencode({"nonce": nonce})
        if not self._key:
            return {"data": data}
        try:
            signature = kraken_signature(path, data, nonce, self._secret)
        except (binascii.Error, ValueError):
            raise ConfigError(
                "subflow 'cryptos': KRAKEN_API_SECRET is not valid base64 "
                "(copy the private key exactly as Kraken shows it)"
            ) from None
        headers = {"API-Key": self._key, "API-Sign": signature, "Content-Type": "application/x-www-form-urlencoded"}
        return {"data": data, "headers": headers}
