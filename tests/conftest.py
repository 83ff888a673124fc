"""Shared fixtures: a clean vtasks environment per test, and one real local Prefect API per session."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

# Settings the user's shell or .env might carry; tests start from none of them.
CLEARED_PREFIXES = ("VTASKS_", "DROPBOX_", "GOOGLE_SERVICE_ACCOUNT_JSON")


def pytest_configure(config):
    """Each pytest-xdist worker gets a PREFECT_HOME of its own before anything imports Prefect: its
    server's leases, profiles and result storage (inherited by every `vtasks` the tests start) stay apart."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        config._vtasks_prefect_home = tempfile.mkdtemp(prefix=f"vtasks-test-prefect-{worker}-")
        os.environ["PREFECT_HOME"] = config._vtasks_prefect_home


def pytest_unconfigure(config):
    home = getattr(config, "_vtasks_prefect_home", None)
    if home:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def vtasks_env(tmp_path, monkeypatch):
    """An empty data dir, no credentials, and a working dir without a `.env`."""
    for key in list(os.environ):
        if key.startswith(CLEARED_PREFIXES):
            monkeypatch.delenv(key)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("VTASKS_DATA_DIR", str(work / "data"))
    return work


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """A local Prefect server with its own database, started once for every flow test (per xdist worker).

    On a throwaway PostgreSQL cluster when PostgreSQL is installed, as in production: on SQLite the server
    answers 503 to a write that meets one of its own background writers and the client waits 2 s before
    trying again, which made a ten-subflow demo run take 33 s instead of 7 s. Else Prefect's SQLite harness."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from tests.benchmark.postgres import postgres_bin, postgres_database

    bindir = postgres_bin()
    if bindir is None:
        from prefect.testing.utilities import prefect_test_harness

        with prefect_test_harness(server_startup_timeout=180):
            yield PREFECT_API_URL.value()
        return
    from tests.benchmark.servers import prefect_server

    logs = tmp_path_factory.mktemp("prefect-api")
    with (
        postgres_database(logs / "postgres.log", bindir) as database,
        prefect_server(logs / "home", logs / "server.log", database) as api_url,
        temporary_settings(updates={PREFECT_API_URL: api_url}),
    ):
        yield api_url
        _drain_workers()  # what this process still has to send, before its server stops


def _drain_workers() -> None:
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=10)
        except Exception:  # noqa: BLE001 - a worker that never started has nothing to send
            pass
