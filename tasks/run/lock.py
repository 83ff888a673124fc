"""The overlap guard: one `vtasks` run per data location at a time, as a leased slot of a Prefect global
concurrency limit (`vtasks-run-data:<digest of the location>`, limit 1, created by the first run that finds it
missing). Runs on other locations (a test folder, another Dropbox) never wait for it.

Prefect renews the lease while the run lives; a killed run stops renewing and the server takes the slot
back once the lease ran out. The run that gets the slot next marks the dead holder's flow runs Crashed.
"""

from __future__ import annotations

import hashlib
import time
from contextlib import ExitStack, contextmanager

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterParentTaskRunId,
    FlowRunFilterState,
    FlowRunFilterStateType,
    FlowRunFilterTags,
)
from prefect.client.schemas.objects import ConcurrencyLeaseHolder
from prefect.client.schemas.sorting import FlowRunSort
from prefect.concurrency.asyncio import ConcurrencySlotAcquisitionError
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
from prefect.runtime import flow_run
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from tasks.run.leases import repossess_local_leases, uses_temporary_server
from tasks.run.orphans import mark_dead_holders

HOLDER_TAG = "vtasks:lock-holder"  # tags the root run that got the slot, so its successor can tell it from waiters


class LockSettings(BaseSettings):
    """`VTASKS_LOCK_LEASE_SECONDS`: how long a killed run keeps the slot; `..._WAIT_SECONDS`: how long to wait for it."""

    model_config = SettingsConfigDict(env_prefix="VTASKS_LOCK_", env_file=".env", extra="ignore")

    lease_seconds: float = Field(60, ge=60)  # Prefect's server refuses leases under a minute
    wait_seconds: float = Field(60, ge=0)
    poll_seconds: float = Field(2, gt=0)  # how often a waiting run asks for the slot again


def place_tag(storage) -> str:
    """The run tag naming the data a run writes: a local folder holds all its paths, but a Dropbox run may
    reach outside its root (absolute paths), so a Dropbox counts whole (per API address)."""
    place = storage.describe("/")
    if getattr(storage, "name", "") != "local":
        place = f"{storage.name}:{getattr(storage, 'api_url', None) or 'default'}"
    # Digested: a limit's name may not hold `/`, and a folder path says nothing useful in the Prefect UI.
    return "data:" + hashlib.sha256(place.encode()).hexdigest()[:12]


def limit_name(tag: str) -> str:
    return f"vtasks-run-{tag}"


def ensure_limit(client, name: str) -> None:
    """Create the limit (one slot) unless it exists; a limit changed by hand is left as it is."""
    try:
        client.read_global_concurrency_limit_by_name(name)
    except ObjectNotFound:
        try:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=1))
        except ObjectAlreadyExists:  # another run created it meanwhile
            pass


def running_roots(client, tag: str, exclude) -> list:
    """Root `vtasks` runs tagged `tag` (the same data location) the API still shows Running, oldest first."""
    runs = client.read_flow_runs(
        flow_filter=FlowFilter(name=FlowFilterName(any_=["vtasks"])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=["RUNNING"])),
            tags=FlowRunFilterTags(all_=[tag]),
            parent_task_run_id=FlowRunFilterParentTaskRunId(is_null_=True),
        ),
        sort=FlowRunSort.START_TIME_ASC,
        limit=20,
    )
    return [r for r in runs if str(r.id) != str(exclude)]


def tag_run(client, run_id, tag: str) -> None:
    """Add `tag` to the run's tags as the API has them now (the run context's copy may be older)."""
    if run_id is None:
        return
    tags = client.read_flow_run(run_id).tags or []
    if tag not in tags:
        client.update_flow_run(run_id, tags=[*tags, tag])


def acquire_slot(stack: ExitStack, name: str, run_id, settings: LockSettings) -> bool:
    """Enter the leased slot on `stack`; False when it stayed taken for `wait_seconds`.

    Asks every `poll_seconds` itself: Prefect's own retry sleeps the limit's average occupancy (a
    whole run, longer after a killed one), which would keep the next run waiting long after the slot freed."""
    holder = ConcurrencyLeaseHolder(type="flow_run", id=run_id) if run_id else None
    local, deadline = uses_temporary_server(), time.monotonic() + settings.wait_seconds
    while True:
        if local:  # a temporary server runs no repossessor: take back expired leases here
            repossess_local_leases()
        try:
            # strict: a limit deleted meanwhile must fail the run, not let it go on unguarded. A failed
            # renewal only warns: stopping a run halfway is worse than a rare overlap of atomic writes.
            stack.enter_context(
                concurrency(
                    name,
                    occupy=1,
                    max_retries=0,
                    lease_duration=settings.lease_seconds,
                    strict=True,
                    holder=holder,
                    raise_on_lease_renewal_failure=False,
                )
            )
            return True
        except ConcurrencySlotAcquisitionError as exc:
            if getattr(getattr(exc.__cause__, "response", None), "status_code", None) != 423:  # 423: the slot is taken
                raise
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(settings.poll_seconds, left))


@contextmanager
def run_lock(tag: str):
    """Yield None while this run holds the slot of its data location (`tag`, from `place_tag`), else the
    record of the run holding it."""
    settings, name, started = LockSettings(), limit_name(tag), time.monotonic()
    with get_client(sync_client=True) as client:
        tag_run(client, flow_run.id, tag)  # before waiting: a later holder must find this run if it dies
        ensure_limit(client, name)
    with ExitStack() as stack:
        if not acquire_slot(stack, name, flow_run.id, settings):
            with get_client(sync_client=True) as client:
                # The run tagged as holder first: an untagged one may be another waiter.
                ahead = sorted(running_roots(client, tag, flow_run.id), key=lambda r: HOLDER_TAG not in (r.tags or []))
            yield {
                "owner": ahead[0].name if ahead else name,
                "since": ahead[0].start_time.isoformat(timespec="seconds") if ahead and ahead[0].start_time else "?",
            }
            return
        with get_client(sync_client=True) as client:
            tag_run(client, flow_run.id, HOLDER_TAG)
            # Holding the slot proves any other holder of this location died without saying so.
            marked = mark_dead_holders(client, running_roots(client, tag, flow_run.id), HOLDER_TAG)
        # The wait says how long a killed run held this one up (at most its lease).
        get_run_logger().info(
            "Took the run lock %s after %.1f s; %d flow runs of a killed run marked Crashed",
            name,
            time.monotonic() - started,
            marked,
        )
        yield None


def overlap_message(holder: dict) -> str:
    return f"Another run is still going ({holder.get('owner')}, started {holder.get('since')}); this one did nothing."
