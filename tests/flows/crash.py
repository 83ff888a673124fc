"""Helpers of the crash suite: a `prefect server start` whose repossessor looks every second, a `vtasks run`
killed (SIGKILL, its whole process group) at a line of its log, and what a storage holds after it."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pyarrow.parquet as pq

from tests.benchmark.postgres import server_database
from tests.benchmark.servers import prefect_server

LEASE_S = 60  # the server's minimum lease, and the run lock's default
# Services the suite does not need stay off; the repossessor (expired leases) looks every second.
SERVER_ENV = {
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS": "1",
    **{
        f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false"
        for name in ("SCHEDULER", "LATE_RUNS", "FOREMAN", "CANCELLATION_CLEANUP", "PAUSE_EXPIRATIONS", "TRIGGERS")
    },
}
# Bookkeeping and the run history change with every run by design; the rest must equal a clean run's.
NOT_COMPARED = ("vprefect/", "_state/")


@contextmanager
def lease_server(home: Path):
    """On PostgreSQL when it is installed: on SQLite the server answers 503 to writes that meet each other, and
    the cases running at once write a lot (tests/benchmark/postgres.py)."""
    with mock.patch.dict(os.environ, SERVER_ENV), server_database("auto", home) as (_, database_url):
        with prefect_server(home, home / "server.log", database_url) as url:
            yield url


def cli_env(api_url: str, home: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_", "PREFECT_"))}
    # The next run waits for a killed run's lease (renewed every 45 s) to run out and be repossessed.
    env.update(
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(home),
        COLUMNS="200",
        VTASKS_LOCK_WAIT_SECONDS=str(LEASE_S + 60),
        **extra,
    )
    return env


def vtasks(args: list[str], env: dict, cwd: Path, timeout: float = 400) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    return done, time.monotonic() - started


def run_killed_at(args: list[str], env: dict, cwd: Path, line: str, delay_s: float, log: Path) -> str:
    """Start `vtasks run` in its own process group, SIGKILL the group `delay_s` after `line` shows in its
    log; return the log. Fails when the run ends before that line (the moment was never reached)."""
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 300
        while line not in log.read_text(errors="replace"):
            assert process.poll() is None, f"the run ended before {line!r}:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"{line!r} never came:\n{log.read_text()[-3000:]}"
            time.sleep(0.05)
        time.sleep(delay_s)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
    return log.read_text(errors="replace")


def tables(storage) -> dict[str, object]:
    """Every parquet file a storage shows (outside bookkeeping and the run history), read in full."""
    return {
        path: pq.read_table(io.BytesIO(storage.read_bytes(path)))
        for path in storage.list("**")
        if path.endswith(".parquet") and not path.startswith(NOT_COMPARED)
    }


def visible_files(storage) -> set[str]:
    return {path for path in storage.list("**") if not path.startswith(NOT_COMPARED)}


def half_written(storage) -> list[str]:
    """Files that look like an interrupted write, or parquet and JSON files that do not read whole."""
    bad = [p for p in storage.list("**") if p.endswith((".tmp", ".part", "~")) or "/." in f"/{p}"]
    for path in storage.list("**"):
        try:
            if path.endswith(".parquet"):
                pq.read_table(io.BytesIO(storage.read_bytes(path)))
            elif path.endswith(".json"):
                import json

                json.loads(storage.read_bytes(path))
        except Exception as exc:  # noqa: BLE001 - any unreadable file is the finding
            bad.append(f"{path}: {type(exc).__name__}: {exc}")
    return bad
