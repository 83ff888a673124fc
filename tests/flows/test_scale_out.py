"""Scale-out on real engines: the demo household against the Dropbox emulator on a dask.distributed cluster
(a scheduler, two worker processes) and on a Prefect process work pool (two workers), each giving the same
parquet contents as the in-process run; bad runner settings fail before any run starts."""

from __future__ import annotations

import os
import subprocess
import time

import pandas as pd
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowFilter, FlowFilterName

from tests.emulators.standalone import REPO, standalone_emulator
from tests.flows.scaleout_support import (
    BIN,
    RUN_DATE,
    free_port,
    parquet_outputs,
    pipeline_env,
    process_group,
    seed_household,
    vtasks,
)

# A run here takes 30 to 100 s on two busy cores; past this it is stuck, and what it said so far is shown.
RUN_TIMEOUT_S = 240


@pytest.fixture
def dropbox_url():
    """A Dropbox of each test's own: one data location, so one run lock, that no other test's run can hold."""
    with standalone_emulator("tests.emulators.dropbox_api") as url:
        yield url


@pytest.fixture(scope="module")
def in_process_outputs(prefect_api, tmp_path_factory):
    """The household run on the default in-process task runner: what every other way must reproduce."""
    work = tmp_path_factory.mktemp("in-process")
    with standalone_emulator("tests.emulators.dropbox_api") as dropbox_url:
        env = pipeline_env(prefect_api, dropbox_url, work / "prefect")
        seed_household(dropbox_url, env, work)
        run_to_the_end(env, work)
        outputs = parquet_outputs(env)
    assert {"vbooks/books.parquet", "money_lover/transactions.parquet", "gcal/events.parquet"} <= set(outputs)
    return outputs


def run_to_the_end(env: dict, cwd, *args: str, logs: tuple = ()) -> None:
    """`vtasks run` that completes within RUN_TIMEOUT_S, or a failure showing what it and `logs` said so far."""
    try:
        done = vtasks("run", "--date", RUN_DATE, *args, env=env, cwd=cwd, timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        said = [
            _text(exc.stdout)[-3000:],
            _text(exc.stderr)[-6000:],
            *(f"{p.name}: " + p.read_text()[-4000:] for p in logs),
        ]
        pytest.fail(f"vtasks run still going after {RUN_TIMEOUT_S} s:\n" + "\n".join(said), pytrace=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Run completed." in done.stdout


def _text(output) -> str:
    return output.decode(errors="replace") if isinstance(output, bytes) else output or ""


def assert_same_outputs(outputs: dict, expected: dict) -> None:
    assert sorted(outputs) == sorted(expected)
    for path, frame in expected.items():
        pd.testing.assert_frame_equal(outputs[path], frame, obj=path)


def assert_stopped(*processes) -> None:
    for process in processes:
        with pytest.raises(ProcessLookupError):
            os.killpg(process.pid, 0)  # nothing of its group is left running


def root_runs() -> int:
    with get_client(sync_client=True) as client:
        return len(client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["vtasks"])), limit=200))


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_dask_cluster_runs_the_subflows(prefect_api, dropbox_url, in_process_outputs, tmp_path):
    from distributed import Client

    env = pipeline_env(prefect_api, dropbox_url, tmp_path / "prefect")
    seed_household(dropbox_url, env, tmp_path)
    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler_cmd = [
        str(BIN / "dask"),
        "scheduler",
        "--host",
        "127.0.0.1",
        "--port",
        address.rsplit(":", 1)[1],
        "--no-dashboard",
    ]
    worker_cmd = [str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"]
    with (
        process_group(scheduler_cmd, env, tmp_path, tmp_path / "scheduler.log") as scheduler,
        process_group(worker_cmd, env, tmp_path, tmp_path / "workers.log") as workers,
    ):
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        root_env = {**env, "VTASKS_TASK_RUNNER": "dask", "VTASKS_DASK_ADDRESS": address}
        run_to_the_end(root_env, tmp_path, logs=(tmp_path / "scheduler.log", tmp_path / "workers.log"))
        worker_log = (tmp_path / "workers.log").read_text()
    assert_stopped(scheduler, workers)
    assert "Beginning subflow run 'vtasks.vbooks" in worker_log, "the subflows ran in the Dask workers' processes"
    assert_same_outputs(parquet_outputs(env), in_process_outputs)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_process_work_pool_runs_the_subflows(prefect_api, dropbox_url, in_process_outputs, tmp_path):
    env = pipeline_env(prefect_api, dropbox_url, tmp_path / "prefect")
    seed_household(dropbox_url, env, tmp_path)
    prefect = str(BIN / "prefect")
    for cmd in (
        [prefect, "work-pool", "create", "vtasks", "--type", "process", "--overwrite"],
        [prefect, "--no-prompt", "deploy", "--all"],
    ):
        made = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=180)
        assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
    worker_env = {**env, "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "1"}
    workers = [[prefect, "worker", "start", "--pool", "vtasks", "--name", f"worker-{i}"] for i in (1, 2)]
    with (
        process_group(workers[0], worker_env, tmp_path, tmp_path / "worker-1.log") as first,
        process_group(workers[1], worker_env, tmp_path, tmp_path / "worker-2.log") as second,
    ):
        run_to_the_end(env, tmp_path, "--via-deployments", logs=(tmp_path / "worker-1.log", tmp_path / "worker-2.log"))
        logs = (tmp_path / "worker-1.log").read_text() + (tmp_path / "worker-2.log").read_text()
    assert_stopped(first, second)
    assert "vtasks-deployed vbooks" in logs, "the pool's workers ran the subflows"
    assert_same_outputs(parquet_outputs(env), in_process_outputs)


@pytest.mark.parametrize(
    "setting,shown",
    [
        ({"VTASKS_TASK_RUNNER": "spark"}, ["VTASKS_TASK_RUNNER", "'spark'"]),
        (
            {"VTASKS_TASK_RUNNER": "dask", "VTASKS_DASK_ADDRESS": "tcp://127.0.0.1:{port}"},
            ["VTASKS_DASK_ADDRESS", "tcp://127.0.0.1:{port}", "does not answer"],
        ),
    ],
)
def test_bad_runner_setting_fails_before_any_run(prefect_api, tmp_path, setting, shown):
    port = free_port()  # nothing listens there
    setting = {k: v.format(port=port) for k, v in setting.items()}
    env = {**pipeline_env(prefect_api, "http://127.0.0.1:9", tmp_path / "prefect"), **setting}
    before, clock = root_runs(), time.monotonic()
    done = vtasks("run", "--date", RUN_DATE, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    for text in shown:
        assert text.format(port=port) in done.stdout
    assert root_runs() == before, "no run is recorded as started"
    assert time.monotonic() - clock < 60
