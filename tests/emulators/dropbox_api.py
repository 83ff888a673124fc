"""A local Dropbox API v2 emulator the real `dropbox` SDK can talk to, in-process or standalone.

with DropboxEmulator() as emu: ...emu.url...      python -m tests.emulators.dropbox_api --port 8765
"""

from __future__ import annotations

import threading
from collections import Counter

from tests.emulators.dropbox_control import Fault, Faults, Tokens, normalize_route
from tests.emulators.dropbox_server import Handler
from tests.emulators.dropbox_store import Store
from tests.emulators.http_base import BackgroundServer, serve_until_interrupted, standalone_parser


class DropboxEmulator(BackgroundServer):
    """Store, faults, counters and tokens behind an HTTP server on a background thread."""

    handler = Handler
    thread_name = "dropbox-emulator"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency_s: float = 0.0, echo_credentials: bool = False):
        super().__init__(host, port, latency_s)
        # Refuse bearer tokens it did not issue, naming them in the error body (secret-masking tests).
        self.echo_credentials = echo_credentials
        self.store, self.faults, self.tokens = Store(), Faults(), Tokens()
        self.calls: Counter[str] = Counter()
        self.paths: dict[str, Counter[str]] = {}  # route -> lower-cased path -> calls
        self._lock = threading.Lock()

    # -- knobs for tests ----------------------------------------------------------------------
    def add_fault(self, route: str, **fields) -> Fault:
        """Queue a fault for a route, e.g. add_fault("files/upload", status=503, count=2)."""
        return self.faults.add(route, **fields)

    def expire_tokens(self) -> None:
        """Make every access token issued so far answer 401 expired_access_token."""
        self.tokens.expire()

    def count_call(self, route: str) -> None:
        with self._lock:
            self.calls[normalize_route(route)] += 1

    def count_path(self, route: str, arg: dict) -> None:
        """Count a call by the path it names; a `list_folder/continue` by the folder its cursor lists."""
        path = arg.get("path")
        if route == "files/list_folder/continue":
            with self.store.lock:
                path = (self.store.cursors.get(arg.get("cursor")) or {}).get("path")
        if isinstance(path, str):
            with self._lock:
                self.paths.setdefault(normalize_route(route), Counter())[path.lower()] += 1
                if route == "files/list_folder" and arg.get("recursive"):  # which listings walk subfolders
                    self.paths.setdefault("files/list_folder/recursive", Counter())[path.lower()] += 1

    def counts(self) -> dict:
        """Calls per route (faulted ones included) and per route and path, committed uploads, stored
        files, faults served."""
        with self._lock, self.store.lock:
            return {
                "routes": dict(self.calls),
                "paths": {r: dict(c) for r, c in self.paths.items()},
                "uploads": self.store.uploads,
                "files": len(self.store.files),
                "faults_served": dict(self.faults.served),
                "faults_pending": self.faults.pending(),
            }

    def reset(self) -> None:
        with self._lock:
            self.store = Store()
            self.calls.clear()
            self.paths.clear()
            self.faults.clear()
            self.tokens.reset()


def main(argv: list[str] | None = None) -> None:
    parser = standalone_parser("Run the Dropbox API v2 emulator.", 8765)
    parser.add_argument(
        "--echo-credentials",
        action="store_true",
        help="answer a token it did not issue with 401 'invalid token <the token>'",
    )
    args = parser.parse_args(argv)
    emulator = DropboxEmulator(args.host, args.port, args.latency_ms / 1000, echo_credentials=args.echo_credentials)
    serve_until_interrupted(emulator, "Dropbox emulator")


if __name__ == "__main__":
    main()
