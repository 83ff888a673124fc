"""A local Google Sheets v4 + Drive v3 files.list emulator the real gspread talks to, in-process or standalone.

with SheetsEmulator() as emu: emu.load("books_data", {"Books": rows}); ...emu.url...
python -m tests.emulators.sheets_api --port 8766 --latency-ms 20
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
from collections import Counter
from urllib.parse import parse_qs

from tests.emulators.dropbox_control import Fault, Faults
from tests.emulators.http_base import BackgroundServer, serve_until_interrupted, standalone_parser
from tests.emulators.sheets_format import Typed
from tests.emulators.sheets_routes import ApiError
from tests.emulators.sheets_server import Handler
from tests.emulators.sheets_store import Store

FAULT_FIELDS = "{route, status?, retry_after?, latency_s?, drop_connection?, drop_after?, count?}"


class SheetsEmulator(BackgroundServer):
    """Store, faults, counters and OAuth tokens behind an HTTP server on a background thread.

    Requests without Authorization are served (gspread with `auth=None`); a bearer token must be one
    this emulator issued at POST /token, as after a service account's JWT exchange.
    """

    handler = Handler
    thread_name = "sheets-emulator"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency_s: float = 0.0):
        super().__init__(host, port, latency_s)
        self.store, self.faults = Store(), Faults()
        self.calls: Counter[str] = Counter()
        self.tokens: set[str] = set()
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    # -- knobs for tests ----------------------------------------------------------------------
    def load(self, title: str, worksheets: dict[str, list[list]], key: str | None = None, locale: str = "en_US") -> str:
        """Add a spreadsheet (rows header first; a cell may be a sheets_format.Typed) and return its key."""
        return self.store.load(title, worksheets, key, locale)

    def rows(self, title: str, worksheet: str) -> list[list]:
        """A worksheet's stored rows (typed values, None for empty cells inside)."""
        book = next(b for b in self.store.dump() if b["title"] == title)
        return book["worksheets"][worksheet]

    def add_fault(self, route: str, **fields) -> Fault:
        """Queue a fault, e.g. add_fault("values.get", status=429, count=2); route "*" is any route."""
        return self.faults.add(route, **fields)

    def count_call(self, route: str) -> None:
        with self._lock:
            self.calls[route] += 1

    def counts(self) -> dict:
        with self._lock:
            return {
                "routes": dict(self.calls),
                "faults_served": dict(self.faults.served),
                "faults_pending": self.faults.pending(),
                "spreadsheets": len(self.store.books),
                "tokens_issued": len(self.tokens),
            }

    def reset(self) -> None:
        with self._lock:
            self.store = Store()
            self.calls.clear()
            self.faults.clear()
            self.tokens.clear()

    # -- OAuth: the JWT-bearer exchange google-auth makes for a service account ------------------
    def issue_token(self, form_text: str) -> dict:
        form = {k: v[0] for k, v in parse_qs(form_text).items()}
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" or not form.get("assertion"):
            raise ApiError(400, "invalid_grant: expected a JWT bearer assertion", "INVALID_ARGUMENT")
        token = f"ya29.emu{next(self._numbers)}-{secrets.token_urlsafe(16)}"
        with self._lock:
            self.tokens.add(token)
        return {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def check_token(self, header: str | None) -> None:
        if header is None:
            return
        if header.removeprefix("Bearer ") in self.tokens:
            self.count_call("authorized")
            return
        raise ApiError(
            401,
            "Request had invalid authentication credentials. Expected OAuth 2 access token, "
            "login cookie or other valid authentication credential.",
            "UNAUTHENTICATED",
        )

    # -- the HTTP control API: /__emulator__/{counters,faults,reset,spreadsheets} ----------------
    def control(self, method: str, action: str, body: bytes) -> tuple[int, object]:
        try:
            spec = json.loads(body) if body else None
            if (method, action) == ("GET", "counters"):
                return 200, self.counts()
            if (method, action) == ("GET", "spreadsheets"):
                return 200, {"spreadsheets": json.loads(json.dumps(self.store.dump(), default=Typed.as_json))}
            if (method, action) == ("POST", "spreadsheets"):
                return 200, {
                    "spreadsheetId": self.load(
                        spec["title"], spec.get("worksheets") or {}, spec.get("key"), spec.get("locale", "en_US")
                    )
                }
            if (method, action) == ("POST", "faults"):
                for item in spec if isinstance(spec, list) else [spec]:
                    self.add_fault(item.pop("route"), **item)
                return 200, self.faults.pending()
            if (method, action) == ("POST", "reset"):
                self.reset()
                return 200, None
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            expected = FAULT_FIELDS if action == "faults" else "{title, key?, locale?, worksheets: {name: rows}}"
            return 400, {
                "error": {"code": 400, "message": f"expected {expected}: {error!r}", "status": "INVALID_ARGUMENT"}
            }
        return 404, {
            "error": {"code": 404, "message": f"unknown emulator action {method} {action}", "status": "NOT_FOUND"}
        }


def main(argv: list[str] | None = None) -> None:
    args = standalone_parser("Run the Google Sheets v4 + Drive files.list emulator.", 8766).parse_args(argv)
    serve_until_interrupted(SheetsEmulator(args.host, args.port, args.latency_ms / 1000), "Sheets emulator")


if __name__ == "__main__":
    main()
