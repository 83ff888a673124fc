"""The run lock against the real local Prefect API: a leased slot of a limit created when missing, the dead
holder's runs marked Crashed, and expired leases of a temporary server taken back by the next run."""

import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate
from prefect.states import Completed, Running

from tasks.run.lock import HOLDER_TAG, LockSettings, acquire_slot, ensure_limit, running_roots
from tasks.run.orphans import mark_dead_holders

QUICK = LockSettings(wait_seconds=1, poll_seconds=0.5)


def test_the_limit_is_created_once_with_one_slot_and_a_changed_one_is_kept(prefect_api):
    name = f"vtasks-run-env:{uuid.uuid4().hex[:8]}"
    with get_client(sync_client=True) as client:
        ensure_limit(client, name)
        assert client.read_global_concurrency_limit_by_name(name).limit == 1
        client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(limit=2))
        ensure_limit(client, name)
        assert client.read_global_concurrency_limit_by_name(name).limit == 2


def test_a_held_slot_makes_the_second_wait_then_give_up_and_frees_on_exit(prefect_api):
    name = f"vtasks-run-env:{uuid.uuid4().hex[:8]}"
    with get_client(sync_client=True) as client:
        ensure_limit(client, name)
    with ExitStack() as first:
        assert acquire_slot(first, name, None, QUICK)
        with ExitStack() as second:
            started = datetime.now(timezone.utc)
            assert not acquire_slot(second, name, None, QUICK)
            assert datetime.now(timezone.utc) - started >= timedelta(seconds=1)
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(name).active_slots == 0
    with ExitStack() as third:
        assert acquire_slot(third, name, None, QUICK)


def test_only_the_dead_holder_and_its_unfinished_subflows_are_marked_crashed(prefect_api):
    tag = f"env:{uuid.uuid4().hex[:8]}"

    @flow(name="vtasks")
    def root():
        pass

    @flow(name="vtasks.vbooks")
    def child():
        pass

    with get_client(sync_client=True) as client:
        dead = client.create_flow_run(root, name="vtasks dead", tags=[tag, HOLDER_TAG])
        waiter = client.create_flow_run(root, name="vtasks waiting", tags=[tag])
        me = client.create_flow_run(root, name="vtasks me", tags=[tag, HOLDER_TAG])
        for run in (dead, waiter, me):
            client.set_flow_run_state(run.id, Running(), force=True)
        parent_task = client.create_task_run(task=_task(), flow_run_id=dead.id, dynamic_key="sub")
        sub = client.create_flow_run(child, name="vtasks.vbooks dead", parent_task_run_id=parent_task.id)
        client.set_flow_run_state(sub.id, Running(), force=True)

        roots = running_roots(client, tag, str(me.id))  # as `prefect.runtime.flow_run.id` gives it
        assert {r.name for r in roots} == {"vtasks dead", "vtasks waiting"}
        assert mark_dead_holders(client, roots, HOLDER_TAG) == 2
        states = [client.read_flow_run(r.id).state.type.value for r in (dead, waiter, me, sub)]
        for run in (waiter, me):  # the API is shared: leave no `vtasks` run Running for other tests
            client.set_flow_run_state(run.id, Completed(), force=True)
    assert states == ["CRASHED", "RUNNING", "RUNNING", "CRASHED"]


def _task():
    from prefect import task

    @task(name="vtasks.vbooks")
    def call():
        pass

    return call


def test_an_expired_lease_left_on_disk_gives_its_slot_back(prefect_api, tmp_path):
    from prefect.server.concurrency.lease_storage import ConcurrencyLimitLeaseMetadata
    from prefect.server.concurrency.lease_storage.filesystem import ConcurrencyLeaseStorage
    from prefect.utilities.asyncutils import run_coro_as_sync

    from tasks.run import leases

    name = f"vtasks-run-env:{uuid.uuid4().hex[:8]}"
    with get_client(sync_client=True) as client:
        ensure_limit(client, name)
        client.increment_concurrency_slots(names=[name], slots=1, mode="concurrency")  # the killed run's slot
        limit = client.read_global_concurrency_limit_by_name(name)
    assert limit.active_slots == 1
    storage = ConcurrencyLeaseStorage(storage_path=tmp_path / "leases")
    alive = ConcurrencyLeaseStorage(storage_path=tmp_path / "leases")
    run_coro_as_sync(storage.create_lease([limit.id], timedelta(seconds=-1), ConcurrencyLimitLeaseMetadata(slots=1)))
    kept = run_coro_as_sync(alive.create_lease([limit.id], timedelta(minutes=5), ConcurrencyLimitLeaseMetadata(slots=1)))
    assert leases.repossess_local_leases(storage) == 1
    assert leases.repossess_local_leases(alive) == 0  # freed once only, even by another reader
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(name).active_slots == 0
    assert run_coro_as_sync(storage.read_lease(kept.id)) is not None  # a live lease stays
