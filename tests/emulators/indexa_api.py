"""Local Indexa Capital API emulator: recorded answers behind an `X-AUTH-TOKEN` check.

python -m tests.emulators.indexa_api --port 8768   (token INDEXA_TOKEN below)
"""

from __future__ import annotations

from datetime import date

from tasks.indexa.demo import demo_indexa
from tests.emulators.json_replay import JsonReplayEmulator, serve_standalone

INDEXA_TOKEN = "emu-indexa-token"


class IndexaEmulator(JsonReplayEmulator):
    name = "Indexa"

    def __init__(self, routes: dict | None = None, token: str = INDEXA_TOKEN, **kwargs):
        super().__init__(routes if routes is not None else demo_indexa(42, date(2026, 11, 22), 2, 1.0), **kwargs)
        self.token = token

    def refuse(self, request: dict):
        if request["method"] != "GET":
            return 405, {"message": "Method Not Allowed"}
        headers = {k.lower(): v for k, v in request["headers"].items()}
        if headers.get("x-auth-token") != self.token:
            return 401, {"message": "Invalid credentials."}
        return None


if __name__ == "__main__":
    serve_standalone(
        lambda port, latency: IndexaEmulator(port=port, latency_s=latency), "Run the Indexa Capital API emulator."
    )
