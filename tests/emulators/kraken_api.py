"""Local Kraken private API emulator: checks API-Key, API-Sign and nonces as Kraken does.

python -m tests.emulators.kraken_api --port 8767   (key "emu-key", secret KRAKEN_SECRET below)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qs

from tasks.cryptos.demo import COINS, demo_kraken
from tests.emulators.json_replay import JsonReplayEmulator, serve_standalone

KRAKEN_KEY = "emu-key"
KRAKEN_SECRET = base64.b64encode(b"emulator secret for kraken tests, 64 bytes long.............!!").decode()


class KrakenEmulator(JsonReplayEmulator):
    """Kraken answers HTTP 200 with `{"error": [...]}` for auth problems; so does this emulator."""

    name = "Kraken"

    def __init__(self, routes: dict | None = None, key: str = KRAKEN_KEY, secret: str = KRAKEN_SECRET, **kwargs):
        super().__init__(routes if routes is not None else demo_kraken(42, list(COINS), 1.0), **kwargs)
        self.key, self.secret = key, secret
        self.last_nonce = 0

    def refuse(self, request: dict):
        if request["method"] != "POST":
            return 200, {"error": ["EGeneral:Invalid arguments"]}
        headers = {k.lower(): v for k, v in request["headers"].items()}
        if headers.get("api-key") != self.key:
            return 200, {"error": ["EAPI:Invalid key"]}
        nonce = parse_qs(request["body"]).get("nonce", [""])[0]
        # Written out here rather than imported, so the client's signing is checked independently.
        message = request["path"].encode() + hashlib.sha256((nonce + request["body"]).encode()).digest()
        expected = base64.b64encode(hmac.new(base64.b64decode(self.secret), message, hashlib.sha512).digest())
        if not hmac.compare_digest(headers.get("api-sign", "").encode(), expected):
            return 200, {"error": ["EAPI:Invalid signature"]}
        if not nonce.isdigit() or int(nonce) <= self.last_nonce:
            return 200, {"error": ["EAPI:Invalid nonce"]}
        self.last_nonce = int(nonce)
        return None


if __name__ == "__main__":
    serve_standalone(
        lambda port, latency: KrakenEmulator(port=port, latency_s=latency), "Run the Kraken private API emulator."
    )
