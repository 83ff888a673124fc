"""Shared fixtures: a clean vtasks environment per test, and one real local Prefect API per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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
        from tests.prefect_api import BackgroundApi

        # A worker of the parallel suite always meets a flow test: its server starts while it collects.
        if BackgroundApi.possible():
            config._vtasks_api = BackgroundApi(Path(config._vtasks_prefect_home) / "api").start()


def pytest_unconfigure(config):
    api = getattr(config, "_vtasks_api", None)
    if api is not None:
        api.stop()
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
def prefect_api(request, tmp_path_factory):
    """A local Prefect server with its own database, started once for every flow test (per xdist worker).

    On a throwaway PostgreSQL cluster when PostgreSQL is installed, as in production: on SQLite the server
    answers 503 to a write that meets one of its own background writers and the client waits 2 s before
    trying again, which made a ten-subflow demo run take 33 s instead of 7 s. Else Prefect's SQLite harness."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from tests.prefect_api import BackgroundApi

    # Heartbeats off, as `vtasks run` has them: else every in-process flow and subflow run waits 1 s on exit for
    # the heartbeat thread (prefect-facts.md). The processes the tests start set their own.
    no_heartbeat = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    api = getattr(request.config, "_vtasks_api", None)
    if api is None and not BackgroundApi.possible():
        from prefect.testing.utilities import prefect_test_harness

        with prefect_test_harness(server_startup_timeout=180), temporary_settings(updates=no_heartbeat):
            yield PREFECT_API_URL.value()
        return
    own = api is None  # one process, no xdist: started here, stopped at the end of the session
    api = BackgroundApi(tmp_path_factory.mktemp("prefect-api")).start() if own else api
    try:
        url = api.url()
        with temporary_settings(updates={PREFECT_API_URL: url, **no_heartbeat}):
            yield url
            _drain_workers()  # what this process still has to send, before its server stops
    finally:
        if own:
            api.stop()


def _drain_workers() -> None:
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=10)
        except Exception:  # noqa: BLE001 - a worker that never started has nothing to send
            pass
