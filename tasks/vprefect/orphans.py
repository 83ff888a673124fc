"""Flow runs left Running by a killed process: found through the Prefect API and marked Crashed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def find_orphans(client, older_than_minutes: int, now: datetime | None = None) -> list:
    """Flow runs Running for longer than `older_than_minutes` (the pipeline never takes that long)."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterStartTime, FlowRunFilterState, FlowRunFilterStateType
    from prefect.client.schemas.sorting import FlowRunSort

    before = (now or datetime.now(timezone.utc)) - timedelta(minutes=older_than_minutes)
    run_filter = FlowRunFilter(
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=["RUNNING"])),
        start_time=FlowRunFilterStartTime(before_=before),
    )
    return client.read_flow_runs(flow_run_filter=run_filter, sort=FlowRunSort.START_TIME_ASC, limit=200)


def mark_crashed(client, runs: list) -> int:
    """Force each run into Crashed, saying why; returns how many were marked."""
    from prefect.states import Crashed

    for run in runs:
        client.set_flow_run_state(run.id, Crashed(message="Left Running by a killed process; marked by `vtasks doctor`"),
                                  force=True)  # fmt: skip
    return len(runs)
