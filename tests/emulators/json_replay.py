"""A generic local JSON API emulator: recorded answers per URL path, faults, call counters, an auth hook.

    with JsonReplayEmulator({"/v1/things": [...]}) as emu: ...emu.url...
Subclasses (coingecko_api, kraken_api, indexa_api) add auth checks and request-dependent answers.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.emulators.dropbox_control import Fault, Faults
from tests.emulators.http_base import BackgroundServer, EmulatorHandler, serve_until_interrupted, standalone_parser


class Raw:
    """An answer sent as given: malformed JSON, HTML error pages, empty bodies."""

    def __init__(self, body: str, status: int = 200, content_type: str = "text/html"):
        self.body, self.status, self.content_type = body.encode(), status, content_type


class JsonReplayEmulator(BackgroundServer):
    """Serves `routes` (path -> JSON value or Raw) on 127.0.0.1 from a background thread."""

    name = "JSON replay"

    @property
    def handler(self):  # defined below, with the routes it serves
        return _Handler

    @property
    def thread_name(self) -> str:
        return f"{self.name}-emulator"

    def __init__(
        self, routes: dict[str, Any] | None = None, host: str = "127.0.0.1", port: int = 0, latency_s: float = 0.0
    ):
        super().__init__(host, port, latency_s)
        self.routes = dict(routes or {})
        self.faults = Faults()
        self.calls: Counter[str] = Counter()
        self.requests: list[dict] = []  # method, path, query, headers, body of every call
        self._lock = threading.Lock()

    def add_fault(self, path: str, **fields) -> Fault:
        """Queue a fault for a path, e.g. add_fault("/api/v3/coins/markets", status=429, retry_after=1)."""
        return self.faults.add(path, **fields)

    # -- hooks for subclasses -----------------------------------------------------------------
    def refuse(self, request: dict) -> tuple[int, Any] | None:
        """An error answer (status, body) when the request is not allowed, e.g. a bad token."""
        return None

    def answer(self, request: dict, recorded: Any) -> Any:
        """The body for an allowed request; by default the recording as is."""
        return recorded

    def counts(self) -> dict:
        with self._lock:
            return {
                "calls": dict(self.calls),
                "faults_served": dict(self.faults.served),
                "faults_pending": self.faults.pending(),
            }

    def control(self, method: str, action: str, body: str) -> tuple[int, bytes, str, dict]:
        """Standalone knobs: GET counters, POST faults ({path, status?, retry_after?, ...}), POST reset."""
        if action == "counters" and method == "GET":
            return _json(200, self.counts())
        if action == "faults" and method == "POST":
            try:
                spec = json.loads(body or "[]")
                for item in spec if isinstance(spec, list) else [spec]:
                    self.add_fault(item.pop("path"), **item)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                return _json(
                    400,
                    {
                        "error": f"expected {{path, status?, retry_after?, latency_s?, drop_connection?, "
                        f"drop_after?, count?}}: {error!r}"
                    },
                )
            return _json(200, self.faults.pending())
        if action == "reset" and method == "POST":
            with self._lock:
                self.calls.clear()
                self.requests.clear()
            self.faults.clear()
            return _json(200, None)
        return _json(404, {"error": f"unknown emulator action {action}"})

    def handle(self, request: dict) -> tuple[int, bytes, str, dict]:
        with self._lock:
            self.calls[request["path"]] += 1
            self.requests.append(request)
        time.sleep(self.latency_s)
        if request["path"] not in self.routes:
            return _json(404, {"error": f"no route {request['path']}"})
        refused = self.refuse(request)
        if refused:
            return _json(*refused)
        body = self.answer(request, self.routes[request["path"]])
        if isinstance(body, Raw):
            return body.status, body.body, body.content_type, {}
        return _json(200, body)


class _Handler(EmulatorHandler):
    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        emulator = self.server.emulator
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        url = urlsplit(self.path)
        if url.path.startswith("/__emulator__/"):
            return self._reply(*emulator.control(method, url.path.rsplit("/", 1)[1], body))
        fault = emulator.faults.take(url.path.strip("/"))
        if fault and self._fault(fault, emulator, url.path):
            return
        request = {
            "method": method,
            "path": url.path,
            "query": {k: v[0] for k, v in parse_qs(url.query).items()},
            "headers": dict(self.headers),
            "body": body,
        }
        status, data, content_type, headers = emulator.handle(request)
        if fault and fault.drop_after:
            return self.drop_connection()  # the call took effect but the client never hears so
        self._reply(status, data, content_type, headers)

    def _reply(self, status: int, data: bytes, content_type: str, headers: dict) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": content_type, "Content-Length": str(len(data)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _fault(self, fault: Fault, emulator: JsonReplayEmulator, path: str) -> bool:
        with emulator._lock:
            emulator.calls[path] += 1
        time.sleep(fault.latency_s)
        if fault.drop_connection:
            self.drop_connection()
            return True
        if fault.status:
            headers = {"Retry-After": str(math.ceil(fault.retry_after))} if fault.retry_after is not None else {}
            status, data, content_type, _ = _json(fault.status, {"error": f"emulated HTTP {fault.status}"})
            self._reply(status, data, content_type, headers)
            return True
        return False


def _json(status: int, value: Any) -> tuple[int, bytes, str, dict]:
    return status, json.dumps(value).encode(), "application/json", {}


def serve_standalone(make, description: str, argv: list[str] | None = None) -> None:
    """`python -m tests.emulators.<api> --port N --latency-ms M`: run `make(port, latency_s)` until Ctrl-C."""
    args = standalone_parser(description).parse_args(argv)
    emulator = make(args.port, args.latency_ms / 1000)
    emulator.host = args.host
    serve_until_interrupted(emulator, f"{emulator.name} emulator")
