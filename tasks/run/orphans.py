"""Flow runs left Running by a killed process: found through the Prefect API and marked Crashed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterParentFlowRunId,
    FlowRunFilterStartTime,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.sorting import FlowRunSort
from prefect.states import Crashed

from tasks.run.state import FINAL_STATES


def find_orphans(client, older_than_minutes: int, now: datetime | None = None) -> list:
    """Flow runs Running for longer than `older_than_minutes` (the pipeline never takes that long)."""
    before = (now or datetime.now(UTC)) - timedelta(minutes=older_than_minutes)
    run_filter = FlowRunFilter(
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=["RUNNING"])),
        start_time=FlowRunFilterStartTime(before_=before),
    )
    return client.read_flow_runs(flow_run_filter=run_filter, sort=FlowRunSort.START_TIME_ASC, limit=200)


def mark_crashed(client, runs: list) -> int:
    """Force each run into Crashed, saying why; returns how many were marked."""
    for run in runs:
        client.set_flow_run_state(
            run.id, Crashed(message="Left Running by a killed process; marked by `vtasks doctor`"), force=True
        )
    return len(runs)


def mark_dead_holders(client, roots: list, holder_tag: str) -> int:
    """Mark Crashed the root runs that held the run lock (tagged `holder_tag`) and their unfinished subflows.

    Called by the run that holds the lock now, so any other holder's lease ran out: its process is gone.
    Runs still waiting for the lock carry no such tag and are left alone."""
    dead, marked = [r for r in roots if holder_tag in (r.tags or [])], 0
    while dead:
        for run in dead:
            if run.state_type is None or run.state_type.value not in FINAL_STATES:
                client.set_flow_run_state(
                    run.id,
                    Crashed(message="Its process was killed (its run lock's lease ran out); marked by the next run"),
                    force=True,
                )
                marked += 1
        children = FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[r.id for r in dead]))
        dead = client.read_flow_runs(flow_run_filter=children, limit=200)
    return marked
