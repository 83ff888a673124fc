"""The part every emulator shares: an HTTP server on a background thread, started and stopped by tests."""

from __future__ import annotations

import argparse
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # Clients that time out or are dropped on purpose close sockets under us; that is expected.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class EmulatorHandler(BaseHTTPRequestHandler):
    """Keep-alive HTTP/1.1 without access logs (tests read counters), and a way to drop a connection."""

    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections must not pin threads forever
    disable_nagle_algorithm = True  # headers and body go out in two writes; Nagle adds 40 ms to each call

    def log_message(self, *args) -> None:
        pass

    def drop_connection(self) -> None:
        """Cut the connection without an answer, as a network fault would."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class BackgroundServer:
    """Serves `handler` on host:port (0 = a free port) from a daemon thread; `with` starts and stops it.

    The handler reaches this object as `self.server.emulator`.
    """

    handler: type[BaseHTTPRequestHandler]
    thread_name = "emulator"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency_s: float = 0.0):
        self.host, self.port, self.latency_s = host, port, latency_s
        self._server: QuietServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self):
        self._server = QuietServer((self.host, self.port), self.handler)
        self._server.emulator = self
        self.port = self._server.server_address[1]
        # A short poll interval keeps stop() quick; the default half second adds up across test runs.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name=self.thread_name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def standalone_parser(description: str, default_port: int = 0) -> argparse.ArgumentParser:
    """The options every emulator takes when run as `python -m tests.emulators.<name>`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=default_port, help="0 picks a free port")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every call")
    return parser


def serve_until_interrupted(server: BackgroundServer, label: str) -> None:
    """Start, print `<label> listening on <url>` (tests and the benchmark read it), serve until Ctrl-C."""
    server.start()
    print(f"{label} listening on {server.url}", flush=True)
    try:
        server._thread.join()
    except KeyboardInterrupt:
        server.stop()
