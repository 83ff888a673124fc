"""One subflow's run inside its `vtasks.<subflow>` task: skipped when its inputs did not change, else run
as the task's child flow run, its final state turned into a `SubflowResult`."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from prefect import Flow, get_run_logger
from prefect.client.orchestration import get_client
from prefect.context import TaskRunContext
from prefect.exceptions import PrefectHTTPStatusError
from prefect.flow_engine import run_flow
from prefect.states import Pending, Running

from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo
from tasks.clients import Clients
from tasks.run.artifacts import publish_subflow_artifacts
from tasks.run.fingerprint import Inputs, inputs_fingerprint, outputs_present
from tasks.run.memory import release_freed_memory
from tasks.run.state import COMPLETED, FAILED, SubflowResult, read_run_state, unchanged_result
from tasks.storage.base import counted_for

PREFECT_EXCEPTION_PREFIX = "Flow run encountered an exception: "


def call_subflow_if_changed(subflow: Subflow, clients: Clients, run: RunInfo, force: bool) -> SubflowResult:
    """Skip the subflow when its inputs' fingerprint equals the last good run's and its outputs exist."""
    name = subflow.name
    started = datetime.now(UTC).isoformat(timespec="seconds")
    declared, stamps = declared_inputs(subflow, clients, run), {}
    previous = read_run_state(clients.storage, name)
    # Taken even without a previous run: it asks each spreadsheet's version once, which opening it reuses.
    before = fingerprint(name, declared, clients, run, stamps) if declared is not None else None
    done_before = previous is not None and previous.state == COMPLETED and before == previous.fingerprint
    if (
        before is not None
        and done_before
        and not force
        and outputs_present(clients.storage, [*previous.files, *previous.reports])
    ):
        get_run_logger().info("vtasks.%s: inputs unchanged since %s; not run", name, previous.started)
        return unchanged_result(previous, started)
    result = call_subflow(subflow, clients, run)
    release_freed_memory()
    if result.state == COMPLETED and declared is not None:
        # Taken after the run: a subflow that moves its own inputs (archive, money_lover) leaves them settled.
        result.fingerprint = fingerprint(name, declared, clients, run, stamps)
    return result


def declared_inputs(subflow: Subflow, clients: Clients, run: RunInfo) -> Inputs | None:
    if subflow.inputs is None:
        return None
    try:
        return subflow.inputs(clients, run)
    except Exception:  # noqa: BLE001 - bad settings: the subflow runs and fails, naming them
        return None


def fingerprint(name: str, declared: Inputs, clients: Clients, run: RunInfo, stamps: dict) -> str | None:
    try:
        return inputs_fingerprint(declared, clients.storage, clients.sheets, run.date, stamps)
    except Exception as exc:  # noqa: BLE001 - an unreadable source: run, and let the subflow name the failure
        get_run_logger().info("vtasks.%s: inputs not fingerprinted (%s); running it", name, type(exc).__name__)
        return None


def call_subflow(subflow: Subflow, clients: Clients, run: RunInfo) -> SubflowResult:
    """Run one subflow and turn its final Prefect state into a result; never raises."""
    name = subflow.name
    started = datetime.now(UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()
    with counted_for(name):  # its uploads outside the root count as its own
        state = run_child_flow(subflow.flow, {"clients": clients, "run": run})
    counts = [clients.storage.counts(folder) for folder in dict.fromkeys([name, *subflow.outputs])]
    uploads, skips = sum(c["uploads"] for c in counts), sum(c["skips"] for c in counts)
    result = SubflowResult(
        name, FAILED, started=started, duration_s=round(time.perf_counter() - clock, 2), uploads=uploads, skips=skips
    )
    output = state.result() if state.is_completed() else None
    if isinstance(output, SubflowOutput):
        result.state = COMPLETED
        result.rows, result.files, result.reports = int(output.rows), list(output.files), list(output.reports)
        # A subflow that always lists its main page (to keep it linked) says what it rendered apart.
        result.rebuilt = list(output.reports if output.rebuilt is None else output.rebuilt)
        result.newest, result.rows_read = output.newest, output.rows_read
        result.warnings = [str(w) for w in output.warnings]
        result.reminders = [str(r) for r in output.reminders]
    elif state.is_completed():
        result.message = f"vtasks.{name} returned {type(output).__name__}, not a SubflowOutput (flows/contract.py)"
    else:
        result.message = (state.message or state.type.value).removeprefix(PREFECT_EXCEPTION_PREFIX)
    publish_artifacts(result, clients, state.state_details.flow_run_id)
    return result


def run_child_flow(subflow: Flow, parameters: dict):
    """The subflow's final state. Inside a task its flow run is that task run's child (Prefect would
    otherwise add a second task run to the root run to stand for it)."""
    context = TaskRunContext.get()
    if context is None:
        return subflow(**parameters, return_state=True)
    task_run = context.task_run
    with get_client(sync_client=True) as client:
        record_task_run(client, context)
        flow_run = client.create_flow_run(
            subflow,
            parameters=subflow.serialize_parameters(parameters),
            parent_task_run_id=task_run.id,
            tags=task_run.tags,
            state=Pending(),
        )
    return run_flow(subflow, flow_run=flow_run, parameters=parameters, return_type="state")


def record_task_run(client, context) -> None:
    """Write the running task run's row now (a no-op if there): it reaches the API through events, and a
    child flow run linked to it needs the row first. The server's event recorder may write it at the same
    moment: on PostgreSQL the loser of that race gets 409 Conflict, which means the row is there."""
    task_run = context.task_run
    try:
        client.create_task_run(
            task=context.task,
            flow_run_id=task_run.flow_run_id,
            dynamic_key=task_run.dynamic_key,
            id=task_run.id,
            name=task_run.name,
            extra_tags=task_run.tags,
            state=Running(),
            task_inputs=task_run.task_inputs,
        )
    except PrefectHTTPStatusError as exc:
        if exc.response.status_code != 409:
            raise


def publish_artifacts(result: SubflowResult, clients: Clients, flow_run_id) -> None:
    """Summary and report-link artifacts; a failure here is logged, never the subflow's failure."""
    previous = read_run_state(clients.storage, result.name)
    reports = result.reports or (previous.reports if previous else [])
    try:
        publish_subflow_artifacts(result, clients.storage, reports, flow_run_id)
    except Exception as exc:  # noqa: BLE001 - artifacts are a view; the run's data is already written
        get_run_logger().warning("Artifacts of %s not published: %s", result.name, exc)
