"""The task runner the subflows run on, chosen by `VTASKS_TASK_RUNNER`: threads here, or a Dask cluster."""

from __future__ import annotations

import importlib.util
import socket
from urllib.parse import urlsplit

from prefect.task_runners import ThreadPoolTaskRunner

RUNNERS = ("thread", "dask")


class RunnerError(Exception):
    """A task runner setting that cannot work: named, with the value, before any subflow starts."""


def thread_runner(max_workers: int) -> ThreadPoolTaskRunner:
    return ThreadPoolTaskRunner(max_workers=max_workers)


def check_runner(kind: str, dask_address: str | None, timeout_s: float = 5.0) -> None:
    """Raise RunnerError for an unknown runner or a Dask scheduler address that does not answer."""
    if kind not in RUNNERS:
        raise RunnerError(f"VTASKS_TASK_RUNNER: unknown task runner '{kind}' (known: {', '.join(RUNNERS)})")
    if kind != "dask":
        return
    if importlib.util.find_spec("prefect_dask") is None:
        raise RunnerError("VTASKS_TASK_RUNNER=dask needs prefect-dask: pip install 'vtasks[dask]'")
    if not dask_address:
        return
    parts = urlsplit(dask_address if "://" in dask_address else f"tcp://{dask_address}")
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 8786), timeout=timeout_s):
            pass
    except (OSError, ValueError) as exc:
        raise RunnerError(
            f"VTASKS_DASK_ADDRESS: the Dask scheduler at {dask_address} does not answer ({exc})"
        ) from None


def task_runner(kind: str, max_workers: int, dask_address: str | None = None):
    """A fresh, not yet started task runner for one run's subflows."""
    check_runner(kind, dask_address)
    if kind == "thread":
        return thread_runner(max_workers)
    from prefect_dask import DaskTaskRunner  # deferred: dask and distributed load only for the Dask runner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    # A temporary local cluster: one single-threaded worker process per subflow run at once.
    return DaskTaskRunner(cluster_kwargs={"n_workers": max_workers, "threads_per_worker": 1, "processes": True})
