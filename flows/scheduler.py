"""Runs subflows concurrently (bounded), each after its upstreams; a failure skips only its dependents."""

from __future__ import annotations

import contextvars
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timezone

from prefect import Flow, get_run_logger

from flows.clients import Clients
from flows.naming import RunInfo
from tasks.fingerprint import Inputs, inputs_fingerprint, outputs_present
from tasks.ops.artifacts import publish_subflow_artifacts
from tasks.ops.memory import release_freed_memory
from tasks.storage.base import counted_for
from tasks.storage.paths import Folder, merged_folders
from tasks.run_state import COMPLETED, FAILED, SKIPPED, SubflowResult, read_run_state, unchanged_result

PREFECT_EXCEPTION_PREFIX = "Flow run encountered an exception: "
# Subflows that report on their upstreams' runs: they wait for them but a failure must not skip them.
RUNS_AFTER_FAILED_UPSTREAMS = {"vprefect"}


def run_subflows(
    plan: list[str], flows: dict[str, Flow], needs: dict[str, tuple[str, ...]], clients: Clients, run: RunInfo,
    inputs: dict | None = None, force: bool = False,
) -> list[SubflowResult]:
    """Every planned subflow once its upstreams are done; one whose inputs did not change is not run
    (unless `force`): the last good run's outcome stands and nothing is written."""
    inputs = inputs or {}
    results: dict[str, SubflowResult] = {}
    depth = chain_lengths(plan, needs)
    # Longest chain of dependents first (expensor's upstreams before leaves), then plan order.
    pending = sorted(plan, key=lambda n: (-depth[n], plan.index(n)))
    running: dict[Future, str] = {}
    limit = clients.settings.max_concurrency
    with ThreadPoolExecutor(limit, thread_name_prefix="subflow") as pool:
        while pending or running:
            for name in list(pending):
                upstreams = [u for u in needs[name] if u in plan]
                broken = [u for u in upstreams if u in results and results[u].state != COMPLETED]
                if broken and name not in RUNS_AFTER_FAILED_UPSTREAMS:
                    pending.remove(name)
                    results[name] = SubflowResult(name, SKIPPED, message=f"upstream {', '.join(broken)} did not complete")
                elif all(u in results for u in upstreams) and len(running) < limit:
                    # Submitted only when a worker is free, so a subflow that just became ready is not
                    # queued behind ones of lower priority.
                    pending.remove(name)
                    # Each thread needs the root flow's context so the subflow is linked as its child.
                    context = contextvars.copy_context()
                    call = (call_subflow_if_changed, name, flows[name], inputs.get(name), clients, run, force)
                    running[pool.submit(context.run, *call)] = name
            if running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    results[running.pop(future)] = future.result()
    return [results[name] for name in plan]


def prefetch_folders(plan: list[str], inputs: dict, clients: Clients, run: RunInfo, own: list[Folder]) -> list[Folder]:
    """List, once and several at a time, the folders the planned subflows declare and `own` (the run's
    bookkeeping), so their checks cost no call; never a folder nothing uses."""
    folders = list(own)
    for name in plan:
        declared = declared_inputs(name, inputs.get(name), clients, run)
        try:
            folders += declared.folders() if declared is not None else []
        except ValueError:  # a path setting that is no path: the subflow runs and fails, naming it
            continue
    folders = list(merged_folders(folders))
    clients.storage.prefetch(folders)
    return folders


def chain_lengths(plan: list[str], needs: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Per subflow, the number of subflows on its longest chain of planned dependents, itself included."""
    lengths: dict[str, int] = {}

    def length(name: str) -> int:
        if name not in lengths:
            dependents = [d for d in plan if name in needs[d]]
            lengths[name] = 1 + max((length(d) for d in dependents), default=0)
        return lengths[name]

    return {name: length(name) for name in plan}


def call_subflow_if_changed(name: str, subflow: Flow, declare, clients: Clients, run: RunInfo, force: bool) -> SubflowResult:
    """Skip the subflow when its inputs' fingerprint equals the last good run's and its outputs exist."""
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    declared, stamps = declared_inputs(name, declare, clients, run), {}
    previous = read_run_state(clients.storage, name)
    # Taken even without a previous run: it asks each spreadsheet's version once, which opening it reuses.
    before = fingerprint(name, declared, clients, run, stamps) if declared is not None else None
    done_before = previous is not None and previous.state == COMPLETED and before == previous.fingerprint
    if before is not None and done_before and not force and outputs_present(clients.storage, [*previous.files, *previous.reports]):
        get_run_logger().info("vtasks.%s: inputs unchanged since %s; not run", name, previous.started)
        return unchanged_result(previous, started)
    result = call_subflow(name, subflow, clients, run)
    release_freed_memory()
    if result.state == COMPLETED and declared is not None:
        # Taken after the run: a subflow that moves its own inputs (archive, money_lover) leaves them settled.
        result.fingerprint = fingerprint(name, declared, clients, run, stamps)
    return result


def declared_inputs(name: str, declare, clients: Clients, run: RunInfo) -> Inputs | None:
    if declare is None:
        return None
    try:
        return declare(clients, run)
    except Exception:  # noqa: BLE001 - bad settings: the subflow runs and fails, naming them
        return None


def fingerprint(name: str, declared: Inputs, clients: Clients, run: RunInfo, stamps: dict) -> str | None:
    try:
        return inputs_fingerprint(declared, clients.storage, clients.sheets, run.date, stamps)
    except Exception as exc:  # noqa: BLE001 - an unreadable source: run, and let the subflow name the failure
        get_run_logger().info("vtasks.%s: inputs not fingerprinted (%s); running it", name, type(exc).__name__)
        return None


def call_subflow(name: str, subflow: Flow, clients: Clients, run: RunInfo) -> SubflowResult:
    """Run one subflow and turn its final Prefect state into a result; never raises."""
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    clock = time.perf_counter()
    with counted_for(name):  # its uploads outside the root count as its own
        state = subflow(clients=clients, run=run, return_state=True)
    counts = clients.storage.counts(name)
    result = SubflowResult(name, FAILED, started=started, duration_s=round(time.perf_counter() - clock, 2), **counts)
    if state.is_completed():
        data = state.result() or {}
        result.state = COMPLETED
        result.rows = int(data.get("rows", 0))
        result.files = list(data.get("files", []))
        result.reports = list(data.get("reports", []))
        # A subflow that always lists its main page (to keep it linked) says what it rendered apart.
        result.rebuilt = list(data.get("rebuilt", result.reports))
        result.newest = data.get("newest")
        result.rows_read = data.get("rows_read")
        result.warnings = [str(w) for w in data.get("warnings", [])]
        result.reminders = [str(r) for r in data.get("reminders", [])]
    else:
        result.message = (state.message or state.type.value).removeprefix(PREFECT_EXCEPTION_PREFIX)
    publish_artifacts(result, clients, state.state_details.flow_run_id)
    return result


def publish_artifacts(result: SubflowResult, clients: Clients, flow_run_id) -> None:
    """Summary and report-link artifacts; a failure here is logged, never the subflow's failure."""
    previous = read_run_state(clients.storage, result.name)
    reports = result.reports or (previous.reports if previous else [])
    try:
        publish_subflow_artifacts(result, clients.storage, reports, flow_run_id)
    except Exception as exc:  # noqa: BLE001 - artifacts are a view; the run's data is already written
        get_run_logger().warning("Artifacts of %s not published: %s", result.name, exc)
