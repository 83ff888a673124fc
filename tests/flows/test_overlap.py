"""Two `vtasks run` processes at once: the second waits briefly, then exits cleanly without touching the data."""

import os
import subprocess
import sys
import time

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowFilter, FlowFilterName, FlowRunFilter, FlowRunFilterState
from prefect.client.schemas.filters import FlowRunFilterStateType
from prefect.exceptions import ObjectNotFound


def running_roots() -> list:
    running = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=["RUNNING"])))
    with get_client(sync_client=True) as client:
        return client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["vtasks"])), flow_run_filter=running)


def slot_taken(env: str = "dev") -> bool:
    """Whether a run holds its environment's slot of the run lock (a global concurrency limit)."""
    with get_client(sync_client=True) as client:
        try:
            return client.read_global_concurrency_limit_by_name(f"vtasks-run-env:{env}").active_slots >= 1
        except ObjectNotFound:
            return False


def test_second_run_waits_then_exits_cleanly(prefect_api, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_"))}
    env.update(PREFECT_API_URL=prefect_api, VTASKS_DATA_DIR=str(tmp_path / "data"), COLUMNS="200")
    cli = [sys.executable, "-m", "flows.cli", "run", "--date", "2026-11-22"]
    first = subprocess.Popen(cli, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not slot_taken() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert running_roots() and slot_taken(), "the first run never took the lock"
        runs_before = {p: p.stat().st_mtime_ns for p in (tmp_path / "data/_state").rglob("*.json")}
        second = subprocess.run([*cli, "--only", "vbooks"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                                env={**env, "VTASKS_LOCK_WAIT_SECONDS": "1", "VTASKS_LOCK_POLL_SECONDS": "0.5"})  # fmt: skip
        assert first.poll() is None, "the first run ended before the second one checked the lock: " + first.communicate()[0][-3000:]
        assert second.returncode == 0, second.stdout + second.stderr
        assert "Another run is still going" in second.stdout and "vtasks run" not in second.stdout
        assert not (tmp_path / "data/_state/runs").exists() or all(
            p.stat().st_mtime_ns == runs_before.get(p) for p in (tmp_path / "data/_state/runs").glob("*.json")
        )
        out, _ = first.communicate(timeout=240)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode in (0, 1) and "Another run" not in out, out[-3000:]
    assert "vbooks" in out and not running_roots()
