"""The tests' local Prefect API on a throwaway PostgreSQL cluster, started in a thread so that it comes up
while pytest collects (about 15 s of a worker's start on two busy cores)."""

from __future__ import annotations

import threading
from contextlib import ExitStack
from pathlib import Path

from tests.benchmark.postgres import postgres_bin, postgres_database
from tests.benchmark.servers import prefect_server


class BackgroundApi:
    """`start()` returns at once; `url()` waits for the server (or raises why it did not start); `stop()`."""

    def __init__(self, root: Path):
        self._root, self._stack = root, ExitStack()
        root.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._start, name="vtasks-test-prefect-api", daemon=True)
        self._url: str | None = None
        self._error: BaseException | None = None

    @staticmethod
    def possible() -> bool:
        return postgres_bin() is not None

    def start(self) -> BackgroundApi:
        self._thread.start()
        return self

    def url(self) -> str:
        self._thread.join()
        if self._error is not None:
            raise RuntimeError(f"the tests' Prefect server did not start (logs in {self._root})") from self._error
        return self._url

    def stop(self) -> None:
        self._thread.join()
        self._stack.close()

    def _start(self) -> None:
        try:
            database = self._stack.enter_context(postgres_database(self._root / "postgres.log", postgres_bin()))
            self._url = self._stack.enter_context(
                prefect_server(self._root / "home", self._root / "server.log", database)
            )
        except BaseException as exc:  # noqa: BLE001 - raised again in the test that needs the server
            self._error = exc
