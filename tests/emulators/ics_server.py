"""A local server of ICS feeds (Google "secret address" style), with faults and counters.

with IcsServer(folder) as server: ...server.url_for("Work")...
python -m tests.emulators.ics_server --dir D --port N --latency-ms M
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, unquote

from tests.emulators.http_base import BackgroundServer, serve_until_interrupted, standalone_parser

PATH_PREFIX = "/calendar/ical/"
SECRET = "private-0123456789abcdef"  # the token a real secret address carries; must never be logged


@dataclass
class Fault:
    """Served instead of the feed: an HTTP status (with Retry-After), a garbled body, or a dropped connection."""

    status: int = 503
    retry_after: int | None = None
    body: bytes | None = None
    drop: bool = False


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet: tests read counters instead
        pass

    def do_GET(self) -> None:
        ics: IcsServer = self.server.emulator
        time.sleep(ics.latency_s)
        name, token = ics.name_and_token(self.path)
        fault = ics.take_fault(name)
        ics.count(name, "requests")
        if fault is not None:
            return self._fault(fault)
        data = ics.feed(name) if token == ics.token_for(name) else None  # a reset address is gone for good
        if data is None:
            ics.count(name, "not_found")
            return self._send(404, b"<html>Not Found</html>", "text/html")
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            ics.count(name, "not_modified")
            return self._send(304, b"", None, {"ETag": etag})
        ics.count(name, "served")
        self._send(200, data, "text/calendar; charset=UTF-8", {"ETag": etag, "Last-Modified": formatdate(usegmt=True)})

    def _fault(self, fault: Fault) -> None:
        if fault.drop:
            self.connection.close()
            return
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        body = fault.body if fault.body is not None else b"<html>Server error</html>"
        self._send(fault.status, body, "text/calendar" if fault.status == 200 else "text/html", headers)

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class IcsServer(BackgroundServer):
    """Serves `<folder>/<name>.ics` at `/calendar/ical/<name>/private-<token>/basic.ics`."""

    handler = Handler
    thread_name = "ics-server"

    def __init__(self, folder: str | Path, host: str = "127.0.0.1", port: int = 0, latency_s: float = 0.0):
        super().__init__(host, port, latency_s)
        self.folder = Path(folder)
        self.counters: Counter[tuple[str, str]] = Counter()
        self._faults: dict[str, deque[Fault]] = {}
        self._tokens: dict[str, str] = {}  # per feed, when its address was reset
        self._lock = threading.Lock()

    def url_for(self, name: str) -> str:
        return f"http://{self.host}:{self.port}{PATH_PREFIX}{quote(name)}/{self.token_for(name)}/basic.ics"

    def token_for(self, name: str) -> str:
        with self._lock:
            return self._tokens.get(name, SECRET)

    def reset_address(self, name: str, token: str = "private-fedcba9876543210") -> None:
        """What "Reset" under the secret address does: a new token; the old address answers 404 from now on."""
        with self._lock:
            self._tokens[name] = token

    @staticmethod
    def name_and_token(path: str) -> tuple[str, str]:
        name, _, rest = path.removeprefix(PATH_PREFIX).partition("/")
        return unquote(name), rest.partition("/")[0]

    def feed(self, name: str) -> bytes | None:
        path = self.folder / f"{name}.ics"
        return path.read_bytes() if path.is_file() else None

    def add_fault(self, name: str, count: int = 1, **fields) -> None:
        """Serve `count` faults to the next requests for feed `name`, e.g. add_fault("Work", status=429)."""
        with self._lock:
            self._faults.setdefault(name, deque()).extend(Fault(**fields) for _ in range(count))

    def take_fault(self, name: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(name)
            if queue:
                self.counters[(name, "faults")] += 1
                return queue.popleft()
            return None

    def count(self, name: str, what: str) -> None:
        with self._lock:
            self.counters[(name, what)] += 1

    def totals(self) -> dict[str, int]:
        """Requests, full feeds served, 304s, 404s and faults, summed over feeds."""
        with self._lock:
            out: Counter[str] = Counter()
            for (_, what), n in self.counters.items():
                out[what] += n
            return dict(out)


def main(argv: list[str] | None = None) -> None:
    parser = standalone_parser("Serve a folder of .ics files as Google secret iCal addresses.", 8766)
    parser.add_argument("--dir", required=True, help="folder with <calendar>.ics files")
    args = parser.parse_args(argv)
    # Feeds live at <url>/calendar/ical/<calendar>/<SECRET>/basic.ics; any other token answers 404.
    serve_until_interrupted(IcsServer(args.dir, args.host, args.port, args.latency_ms / 1000), "ICS server")


if __name__ == "__main__":
    main()
