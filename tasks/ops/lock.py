"""The overlap guard: one `vtasks` run per environment at a time, decided from the Prefect API.

Prefect already knows which runs are going, so the guard writes nothing: a run that finds an earlier
root run of its environment still Running waits a little, then ends doing nothing. A run killed
without reporting (left Running) stops counting after `ttl_seconds`. Both runs must share one API.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from pydantic_settings import BaseSettings, SettingsConfigDict


class LockSettings(BaseSettings):
    """`VTASKS_LOCK_TTL_SECONDS`: how long a Running run counts; `..._WAIT_SECONDS`: how long to wait for it."""

    model_config = SettingsConfigDict(env_prefix="VTASKS_LOCK_", env_file=".env", extra="ignore")

    ttl_seconds: int = 3600
    wait_seconds: float = 60
    poll_seconds: float = 2


def earlier_runs(client, run_id, tag: str, ttl_seconds: int, now: datetime) -> list:
    """Root runs of the same flow and tag, Running, started within the TTL and before this one.

    Two runs starting together both see each other; ordering by (start time, id) lets exactly one go on.
    """
    from prefect.client.schemas.filters import (
        FlowFilter, FlowFilterName, FlowRunFilter, FlowRunFilterStartTime, FlowRunFilterState,
        FlowRunFilterStateType, FlowRunFilterTags,
    )  # fmt: skip
    from prefect.client.schemas.objects import StateType

    me = client.read_flow_run(run_id)
    flow_name = client.read_flow(me.flow_id).name
    running = client.read_flow_runs(
        flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.RUNNING])),
            tags=FlowRunFilterTags(all_=[tag]),
            start_time=FlowRunFilterStartTime(after_=now - timedelta(seconds=ttl_seconds)),
        ),
    )
    mine = (me.start_time or now, str(me.id))
    return [r for r in running if r.id != me.id and (r.start_time or now, str(r.id)) < mine]


def wait_for_turn(client, run_id, tag: str, settings: LockSettings) -> dict | None:
    """Poll until no earlier run is going or `wait_seconds` passed; None when it is this run's turn."""
    deadline = time.monotonic() + settings.wait_seconds
    while True:
        ahead = earlier_runs(client, run_id, tag, settings.ttl_seconds, datetime.now(timezone.utc))
        if not ahead:
            return None
        if time.monotonic() >= deadline:
            first = min(ahead, key=lambda r: r.start_time)
            return {"owner": first.name, "since": first.start_time.isoformat(timespec="seconds")}
        time.sleep(settings.poll_seconds)


@contextmanager
def run_lock(tag: str):
    """Yield None when this run may go on, else the record of the earlier run still going."""
    from prefect.client.orchestration import get_client
    from prefect.runtime import flow_run

    with get_client(sync_client=True) as client:
        holder = wait_for_turn(client, flow_run.id, tag, LockSettings())
    yield holder


def overlap_message(holder: dict) -> str:
    return f"Another run is still going ({holder.get('owner')}, started {holder.get('since')}); this one did nothing."
