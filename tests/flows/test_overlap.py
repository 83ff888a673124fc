"""Two `vtasks run` processes at once on one folder: the second waits briefly, then exits cleanly without touching
the data. A run on another folder does not wait for them."""

import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.exceptions import ObjectNotFound

from tasks.run.lock import LockSettings, acquire_slot, ensure_limit, limit_name, place_tag
from tasks.storage.local import LocalStorage


def running_roots() -> list:
    running = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=["RUNNING"])))
    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=["vtasks"])), flow_run_filter=running
        )


def slot_taken(data: Path) -> bool:
    """Whether a run holds the slot of the run lock (a global concurrency limit) of the folder `data`."""
    with get_client(sync_client=True) as client:
        try:
            name = limit_name(place_tag(LocalStorage(data)))
            return client.read_global_concurrency_limit_by_name(name).active_slots >= 1
        except ObjectNotFound:
            return False


QUICK = {"VTASKS_LOCK_WAIT_SECONDS": "1", "VTASKS_LOCK_POLL_SECONDS": "0.5"}


def test_second_run_waits_then_exits_cleanly(prefect_api, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_"))}
    env.update(PREFECT_API_URL=prefect_api, VTASKS_DATA_DIR=str(tmp_path / "data"), COLUMNS="200")
    cli = [sys.executable, "-m", "flows.cli", "run", "--date", "2026-11-22"]
    # Six times the demo rows: the first run still holds the lock well after the second has started and asked.
    demo = [sys.executable, "-m", "flows.cli", "demo", "--end", "2026-11-22", "--scale", "6"]
    subprocess.run(demo, cwd=tmp_path, env=env, capture_output=True, timeout=240, check=True)
    first = subprocess.Popen(cli, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while not slot_taken(tmp_path / "data") and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert running_roots() and slot_taken(tmp_path / "data"), "the first run never took the lock"
        runs_before = {p: p.stat().st_mtime_ns for p in (tmp_path / "data/_state").rglob("*.json")}
        second = subprocess.run(
            [*cli, "--only", "vbooks"], cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**env, **QUICK}
        )
        assert first.poll() is None, (
            "the first run ended before the second one checked the lock: " + first.communicate()[0][-3000:]
        )
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


def test_a_run_on_another_folder_does_not_wait(prefect_api, tmp_path):
    """Each data location has a lock of its own: with another folder's slot held, a run goes on at once."""
    held = limit_name(place_tag(LocalStorage(tmp_path / "held")))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_"))}
    env.update(PREFECT_API_URL=prefect_api, VTASKS_DATA_DIR=str(tmp_path / "data"), COLUMNS="200", **QUICK)
    with get_client(sync_client=True) as client:
        ensure_limit(client, held)
    with ExitStack() as stack:
        assert acquire_slot(stack, held, None, LockSettings(wait_seconds=1))
        done = subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", "--date", "2026-11-22", "--only", "vbooks"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert slot_taken(tmp_path / "held") and not slot_taken(tmp_path / "data")
    assert done.returncode == 0 and "Another run" not in done.stdout, done.stdout + done.stderr
    assert "Took the run lock vtasks-run-data:" in done.stderr and "Run completed" in done.stdout
