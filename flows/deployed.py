"""Subflows as runs of their own deployments (`vtasks run --via-deployments`): the flow each deployment
runs on a work pool's worker, and the root's task that starts it and waits for its result."""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import UTC, date, datetime

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey
from prefect.context import TaskRunContext
from prefect.exceptions import ObjectNotFound
from prefect.runtime import flow_run
from prefect.states import Scheduled

from flows.naming import RunInfo, run_date_of, tag_current_run
from flows.subflow_call import call_subflow_if_changed, record_task_run
from flows.subflow_task import worker_run
from tasks.run.state import COMPLETED, FAILED, SubflowResult

FLOW_DEPLOYED = "vtasks-deployed"  # not `vtasks.<x>`: vprefect counts those as subflows
POLL_SECONDS = 1.0


def deployed_run_name() -> str:
    """`vtasks-deployed vbooks 2026-11-22 prod`."""
    params = flow_run.parameters
    return f"{FLOW_DEPLOYED} {params['name']} {params.get('run_date') or 'today'} {params.get('env') or 'dev'}"


def deployment_name(name: str) -> str:
    """`vtasks-money_lover`: one deployment per subflow in prefect.yaml."""
    return f"vtasks-{name}"


def result_key(name: str) -> str:
    return f"vtasks-{name.replace('_', '-')}-result"


@flow(name=FLOW_DEPLOYED, flow_run_name=deployed_run_name, validate_parameters=False)
def deployed_subflow(
    name: str,
    env: str | None = None,
    run_date: str | None = None,
    generated_at: str | None = None,
    force: bool = False,
    accept_shrink: list[str] | None = None,
) -> dict:
    """Run one subflow (or find it up to date) with this worker's own settings; its result, as a one-row
    table artifact, is what the root run reads back."""
    local = worker_run(env or "dev")
    tag_current_run(f"env:{local.clients.settings.env}")  # a run started by hand from the UI carries it too
    now = datetime.now(UTC).isoformat(timespec="seconds")
    run = RunInfo(
        run_date_of(run_date, date.today()), local.clients.settings.env, generated_at or now, tuple(accept_shrink or ())
    )
    result = call_subflow_if_changed(local.subflows[name], local.clients, run, force)
    create_table_artifact(
        [asdict(result)], key=result_key(name), description=f"vtasks.{name}'s result for the root run"
    )
    if result.state != COMPLETED:
        raise RuntimeError(f"vtasks.{name} {result.state.lower()}: {result.message}")
    return asdict(result)


def run_subflow_deployment(name: str, run: RunInfo, force: bool, local_key: str) -> SubflowResult:
    """Start the run of deployment `vtasks-<name>` as this task run's child, wait for it, read its result."""
    context = TaskRunContext.get()
    task_run = context.task_run
    parameters = {
        "name": name,
        "env": run.env,
        "run_date": run.date.isoformat(),
        "generated_at": run.generated_at,
        "force": force,
        "accept_shrink": list(run.accept_shrink),
    }
    with get_client(sync_client=True) as client:
        record_task_run(client, context)
        try:
            deployment = client.read_deployment_by_name(f"{FLOW_DEPLOYED}/{deployment_name(name)}")
        except ObjectNotFound:
            return SubflowResult(
                name,
                FAILED,
                message=f"no deployment {FLOW_DEPLOYED}/{deployment_name(name)}: "
                "run `prefect deploy --all` from the vtasks folder",
            )
        child = client.create_flow_run_from_deployment(
            deployment.id,
            parameters=parameters,
            state=Scheduled(),
            tags=task_run.tags,
            parent_task_run_id=task_run.id,
        )
        while not (child := client.read_flow_run(child.id)).state.is_final():
            time.sleep(POLL_SECONDS)
        return deployed_result(client, name, child)


def deployed_result(client, name: str, child) -> SubflowResult:
    """The result the deployed run published; a run that ended without one (crashed, cancelled) failed."""
    found = client.read_artifacts(
        artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[child.id]), key=ArtifactFilterKey(any_=[result_key(name)])
        )
    )
    if not found:
        return SubflowResult(name, FAILED, message=f"{child.name}: {child.state.type.value} ({child.state.message})")
    [row] = found[0].data if isinstance(found[0].data, list) else __import__("json").loads(found[0].data)
    return SubflowResult(**{k: v for k, v in row.items() if k in SubflowResult.__dataclass_fields__})


deployment_task = task(run_subflow_deployment, name="vtasks.subflow", cache_policy=NO_CACHE)
