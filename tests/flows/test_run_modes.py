"""The three ways vtasks runs, end to end: Heroku (Procfile under honcho), laptop, Prefect deployments."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
RUN_DATE = "2026-11-22"
BIN = Path(sys.executable).parent


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No vtasks, Dropbox or Prefect settings from the outside; a PREFECT_HOME of the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_", "PREFECT_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        VTASKS_DATA_DIR=str(tmp_path / "data"),
        VTASKS_ENABLED='["vbooks"]',
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        COLUMNS="200",
        **extra,
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrefectServer:
    """`prefect server start` on a free port with its own home and database; stopped on exit."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.env = clean_env(tmp_path, PREFECT_SERVER_API_PORT=str(self.port))

    def __enter__(self) -> PrefectServer:
        self.process = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("prefect server did not start in 90 s")

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)

    def deployments(self) -> list[dict]:
        return httpx.post(f"{self.url}/deployments/filter", json={"limit": 50}, timeout=10).json()

    def root_runs(self) -> list[dict]:
        body = {"flows": {"name": {"any_": ["vtasks"]}}, "sort": "START_TIME_ASC", "limit": 20}
        return httpx.post(f"{self.url}/flow_runs/filter", json=body, timeout=10).json()


def run(cmd: list[str], env: dict, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def assert_pipeline_ran(tmp_path: Path) -> None:
    assert (tmp_path / "data/vbooks/books.parquet").stat().st_size > 0
    assert "vbooks/vbooks.html" in (tmp_path / "data/index.html").read_text()


@pytest.mark.skipif(not shutil.which("honcho", path=str(BIN)), reason="honcho (the test extra) is not installed")
def test_heroku_procfile_process_runs_once_and_exits_0(prefect_api, tmp_path):
    env = clean_env(tmp_path, VTASKS_ENV="prod", PREFECT_API_URL=prefect_api)
    done = run(
        [str(BIN / "honcho"), "-f", str(REPO / "Procfile"), "-d", str(tmp_path), "start", "pipeline"], env, tmp_path
    )
    assert "Run completed." in done.stdout and "starting a temporary" not in done.stdout
    assert_pipeline_ran(tmp_path)


@pytest.mark.slow  # starts a temporary Prefect server of its own
def test_laptop_without_prefect_settings_uses_a_temporary_server(tmp_path):
    # Two subflows at once on the temporary server's SQLite: the mode is what this checks, not every subflow.
    done = run([str(BIN / "vtasks"), "run", "--date", RUN_DATE, "--only", "vbooks,gcal"], clean_env(tmp_path), tmp_path)
    assert "starting a temporary local Prefect server" in done.stdout and "Run completed." in done.stdout
    assert_pipeline_ran(tmp_path)


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """One `prefect server start` for this module's tests (each compares the runs before and after its own)."""
    with PrefectServer(tmp_path_factory.mktemp("own-server")) as server:
        yield server


def new_root_runs(server: PrefectServer, before: list[dict]) -> list[dict]:
    """The root runs not in `before` (the server is shared by this module's tests)."""
    seen = {r["id"] for r in before}
    return [r for r in server.root_runs() if r["id"] not in seen]


@pytest.mark.slow  # starts a `prefect server` of its own
def test_laptop_with_its_own_prefect_server(own_server, tmp_path):
    server, before = own_server, own_server.root_runs()
    env = {**clean_env(tmp_path), "PREFECT_API_URL": server.url}
    done = run([str(BIN / "vtasks"), "run", "--date", RUN_DATE], env, tmp_path)
    assert "temporary" not in done.stdout
    runs = [r for r in new_root_runs(server, before) if "auto-scheduled" not in r["tags"]]
    assert [(r["name"], r["state_type"]) for r in runs] == [(f"vtasks {RUN_DATE} dev", "COMPLETED")]
    assert_pipeline_ran(tmp_path)


@pytest.mark.slow  # a `prefect server` and a process worker of its own
def test_deployment_run_by_a_process_worker(own_server, tmp_path):
    names = {d["name"] for d in yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"]}
    server, before = own_server, own_server.root_runs()
    env = {**clean_env(tmp_path), "PREFECT_API_URL": server.url}
    prefect = str(BIN / "prefect")
    run([prefect, "work-pool", "create", "vtasks", "--type", "process"], env, REPO)
    run([prefect, "--no-prompt", "deploy", "--all"], env, REPO)
    assert {d["name"] for d in server.deployments()} == names
    run([prefect, "deployment", "run", "vtasks/vtasks-hourly"], env, REPO)
    run([prefect, "worker", "start", "--pool", "vtasks", "--run-once"], env, tmp_path, timeout=150)
    # Prefect 3.9's scheduler books the hourly cron's next runs as soon as the deployment exists;
    # those stay Scheduled (not yet due), and only the run asked for by hand ran.
    booked = [r for r in new_root_runs(server, before) if "auto-scheduled" in r["tags"]]
    runs = [r for r in new_root_runs(server, before) if "auto-scheduled" not in r["tags"]]
    assert {r["state_type"] for r in booked} <= {"SCHEDULED"}
    # Tagged with its environment (and `vtasks:lock-holder`, which the run that takes the lock adds).
    assert [(r["state_type"], r["parameters"], "env:prod" in r["tags"]) for r in runs] == [
        ("COMPLETED", {"env": "prod"}, True)
    ]
    assert runs[0]["name"] == f"vtasks {date.today().isoformat()} prod", "a run without a date is today's"
    assert_pipeline_ran(tmp_path)
