"""Run identity and flow run names: the flow's name, the run date and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from prefect.client.orchestration import get_client
from prefect.context import FlowRunContext
from prefect.runtime import flow_run


@dataclass(frozen=True)
class RunInfo:
    """What every subflow is told about the run it belongs to (small and serialisable)."""

    date: date  # the run's logical date; written as YYYY-MM-DD only where it leaves the code (names, files)
    env: str
    generated_at: str  # when the run started, shown on reports
    accept_shrink: tuple[str, ...] = ()  # subflows whose history may shrink in this run only (`--accept-shrink`)

    def __str__(self) -> str:
        return f"{self.date} {self.env}"


def run_date_of(value: date | str | None, today: date) -> date:
    """The run date a root or deployed flow was given: a date from Python, `YYYY-MM-DD` from a deployment's
    JSON parameters or the UI, or none (schedules): `today`."""
    if value is None or value == "":
        return today
    return value if isinstance(value, date) else date.fromisoformat(value)


def subflow_run_name() -> str:
    """`vtasks.vbooks 2026-11-22 dev`."""
    return f"{flow_run.flow_name} {flow_run.parameters['run']}"


def root_run_name() -> str:
    """`vtasks 2026-11-22 dev`; runs started without a date (deployments, schedules) are today's."""
    params = flow_run.parameters
    run_date = params.get("run_date") or date.today().isoformat()
    return f"vtasks {run_date} {params.get('env') or os.environ.get('VTASKS_ENV') or 'dev'}"


def tag_current_run(tag: str) -> None:
    """Add `tag` to the running flow run, so runs started without it (deployments, tests) carry it too."""
    context = FlowRunContext.get()
    if context is None or tag in (context.flow_run.tags or []):
        return
    with get_client(sync_client=True) as client:
        client.update_flow_run(context.flow_run.id, tags=[*context.flow_run.tags, tag])
