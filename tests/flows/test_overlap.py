"""`vtasks run` processes meeting the run lock of their folder: one that waits briefly exits cleanly without touching
the data, one that waits longer goes on once the slot frees. A run on another folder does not wait."""

import os
import subprocess
import sys
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


def test_a_run_meeting_the_lock_exits_without_writing_and_a_waiting_one_goes_on(prefect_api, tmp_path):
    """The slot of the folder is held (here by the test, as by an hourly run still going) while two `vtasks run`
    start on the empty folder: the one that waits 1 s gives up cleanly, having written nothing, not even the
    demo inputs; the one that waits longer gets the slot once it frees and runs as usual."""
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_"))}
    env.update(PREFECT_API_URL=prefect_api, VTASKS_DATA_DIR=str(data), COLUMNS="200")
    cli = [sys.executable, "-m", "flows.cli", "run", "--date", "2026-11-22", "--only", "vbooks"]
    name = limit_name(place_tag(LocalStorage(data)))
    with get_client(sync_client=True) as client:
        ensure_limit(client, name)
    slot = ExitStack()
    assert acquire_slot(slot, name, None, LockSettings(wait_seconds=1))
    patient = subprocess.Popen(
        cli,
        cwd=tmp_path,
        env={**env, "VTASKS_LOCK_WAIT_SECONDS": "120", "VTASKS_LOCK_POLL_SECONDS": "0.5"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        second = subprocess.run(cli, cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**env, **QUICK})
        assert second.returncode == 0, second.stdout + second.stderr
        assert "Another run is still going" in second.stdout and "Run completed" not in second.stdout
        assert not data.exists() or not [p for p in data.rglob("*") if p.is_file()], "the run that gave up wrote"
        assert patient.poll() is None, "the waiting run ended while the slot was held: " + patient.communicate()[0]
        slot.close()  # the slot frees: the waiting run takes it
        out, _ = patient.communicate(timeout=240)
    finally:
        slot.close()
        if patient.poll() is None:
            patient.kill()
    assert patient.returncode == 0 and "Another run" not in out, out[-3000:]
    assert "wrote demo inputs" in out and (data / "vbooks/books.parquet").exists() and not running_roots()


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
