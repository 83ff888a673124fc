"""Submits each subflow as a `vtasks.<subflow>` task of the root run once its upstreams are done; the task
runner decides where and how many run at once. A failure skips only its dependents."""

from __future__ import annotations

import queue

from prefect.task_runners import TaskRunner

from flows.contract import Subflow
from flows.graph import chain_lengths, planned_sorter
from flows.naming import RunInfo
from flows.runners import thread_runner
from flows.subflow_call import declared_inputs
from flows.subflow_task import local_run, subflow_task
from tasks.clients import Clients
from tasks.run.state import COMPLETED, FAILED, SKIPPED, SubflowResult
from tasks.storage.paths import Folder, merged_folders


def run_subflows(
    plan: list[str],
    subflows: dict[str, Subflow],
    clients: Clients,
    run: RunInfo,
    force: bool = False,
    runner: TaskRunner | None = None,
    task=None,
) -> list[SubflowResult]:
    """Every planned subflow once its upstreams are done; one whose inputs did not change is not run
    (unless `force`): the last good run's outcome stands and nothing is written."""
    limit = clients.settings.max_concurrency
    runner = runner or thread_runner(limit)
    task = task or subflow_task
    needs = {name: s.upstreams for name, s in subflows.items()}
    sorter, depth = planned_sorter(plan, needs), chain_lengths(plan, needs)
    results: dict[str, SubflowResult] = {}
    running, done, finished = {}, {}, queue.Queue()
    ready: list[str] = []
    with runner, local_run(clients, subflows) as key:
        while sorter.is_active():
            # Longest chain of dependents first (expensor's upstreams before leaves), then plan order.
            ready = sorted([*ready, *sorter.get_ready()], key=lambda n: (-depth[n], plan.index(n)))
            skipped = {n: r for n in ready if (r := skipped_result(subflows[n], results))}
            if skipped:
                results.update(skipped)
                ready = [n for n in ready if n not in skipped]
                sorter.done(*skipped)
                continue  # their dependents may be ready (to be skipped) now
            # Submitted only when a worker is free, so a subflow that just became ready is not queued
            # behind ones of lower priority; `wait_for` names its upstreams' task runs for the UI's graph.
            while ready and len(running) < limit:
                name = ready.pop(0)
                parameters = {"name": name, "run": run, "force": force, "local_key": key}
                upstreams = [done[u] for u in needs[name] if u in done]
                running[name] = runner.submit(task.with_options(name=f"vtasks.{name}"), parameters, wait_for=upstreams)
                running[name].add_done_callback(lambda _, n=name: finished.put(n))
            name = finished.get()
            done[name] = running.pop(name)
            results[name] = task_result(name, done[name])
            sorter.done(name)
    return [results[name] for name in plan]


def prefetch_folders(
    plan: list[str],
    subflows: dict[str, Subflow],
    clients: Clients,
    run: RunInfo,
    own: list[Folder],
    read_ahead: tuple[str, ...] = (),
) -> list[Folder]:
    """List, once and several at a time, the folders the planned subflows declare and `own` (the run's
    bookkeeping), so their checks cost no call; never a folder nothing uses. The small files in the
    `read_ahead` folders (run and report records, which every check reads) are downloaded at once too."""
    folders = list(own)
    for name in plan:
        declared = declared_inputs(subflows[name], clients, run)
        try:
            folders += declared.folders() if declared is not None else []
        except ValueError:  # a path setting that is no path: the subflow runs and fails, naming it
            continue
    folders = list(merged_folders(folders))
    clients.storage.prefetch(folders, read_ahead)
    return folders


def skipped_result(subflow: Subflow, results: dict[str, SubflowResult]) -> SubflowResult | None:
    """Skipped when an upstream of this run did not complete, unless it reports on runs (`after_all`):
    it waits for them, but their failures are what it reports."""
    broken = [u for u in subflow.upstreams if u in results and results[u].state != COMPLETED]
    if not broken or subflow.after_all:
        return None
    return SubflowResult(subflow.name, SKIPPED, message=f"upstream {', '.join(broken)} did not complete")


def task_result(name: str, future) -> SubflowResult:
    """The task's result; a task that crashed (a lost worker, a process killed) is the subflow's failure."""
    try:
        return future.result()
    except BaseException as exc:  # noqa: BLE001 - whatever ended the task, the other subflows go on
        return SubflowResult(name, FAILED, message=f"{type(exc).__name__}: {exc}")
