"""The optional scale-out phases: `dask` (a dask.distributed scheduler and two worker processes) and `pool`
(a Prefect process work pool, its deployments and two workers), each a full run on a freshly seeded household."""

from __future__ import annotations

import subprocess
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.benchmark.servers import free_port
from tests.emulators.standalone import REPO
from tests.flows.scaleout_support import process_group

BIN = Path(sys.executable).parent
SCALE_OUT_PHASES = ("dask", "pool")


@contextmanager
def dask_cluster(env: dict, out: Path, cwd: Path, workers: int = 2):
    """Yield the extra environment that sends the run's subflows to a cluster started for it."""
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    with ExitStack() as stack:
        stack.enter_context(
            process_group(
                [
                    str(BIN / "dask"),
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    address.rsplit(":", 1)[1],
                    "--no-dashboard",
                ],
                env,
                cwd,
                out / "dask-scheduler.log",
            )
        )
        stack.enter_context(
            process_group(
                [str(BIN / "dask"), "worker", address, "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard"],
                env,
                cwd,
                out / "dask-workers.log",
            )
        )
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield {"VTASKS_TASK_RUNNER": "dask", "VTASKS_DASK_ADDRESS": address}, []


@contextmanager
def work_pool(env: dict, out: Path, cwd: Path, workers: int = 2):
    """Yield the extra arguments that start the run's subflows as deployment runs on a pool's workers."""
    prefect = str(BIN / "prefect")
    with open(out / "pool-deploy.log", "wb") as log:
        for cmd in (
            [prefect, "work-pool", "create", "vtasks", "--type", "process", "--overwrite"],
            [prefect, "--no-prompt", "deploy", "--all"],
        ):
            subprocess.run(cmd, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=300)
    worker_env = {**env, "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "1"}
    with ExitStack() as stack:
        for i in range(1, workers + 1):
            stack.enter_context(
                process_group(
                    [prefect, "worker", "start", "--pool", "vtasks", "--name", f"bench-{i}"],
                    worker_env,
                    cwd,
                    out / f"pool-worker-{i}.log",
                )
            )
        yield {}, ["--via-deployments"]


def scale_out(name: str, env: dict, out: Path, cwd: Path):
    return dask_cluster(env, out, cwd) if name == "dask" else work_pool(env, out, cwd)
