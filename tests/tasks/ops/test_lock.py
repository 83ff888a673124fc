"""The run lock against the real local Prefect API: a leased slot of a limit created when missing, the dead
holder's runs marked Crashed, and expired leases of a temporary server taken back by the next run."""

import uuid
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate
from prefect.states import Completed, Running

from tasks.run.lock import HOLDER_TAG, LockSettings, acquire_slot, ensure_limit, running_roots
from tasks.run.orphans import mark_dead_holders

QUICK = LockSettings(wait_seconds=1, poll_seconds=0.5)


def test_the_limit_is_created_once_with_one_slot_and_a_changed_one_is_kept(prefect_api):
    name = f"vtasks-run-data:{uuid.uuid4().hex[:8]}"
    with get_client(sync_client=True) as client:
        ensure_limit(client, name)
        assert client.read_global_concurrency_limit_by_name(name).limit == 1
        client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(limit=2))
        ensure_limit(client, name)
        assert client.read_global_concurrency_limit_by_name(name).limit == 2


def test_a_held_slot_makes_the_second_wait_then_give_up_and_frees_on_exit(prefect_api):
    name = f"vtasks-run-data:{uuid.uuid4().hex[:8]}"
    with get_client(sync_client=True) as client:
        ensure_limit(client, name)
    with ExitStack() as first:
        assert acquire_slot(first, name, None, QUICK)
        with ExitStack() as second:
            started = datetime.now(UTC)
            assert not acquire_slot(second, name, None, QUICK)
            assert datetime.now(UTC) - started >= timedelta(seconds=1)
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

    name = f"vtasks-run-data:{uuid.uuid4().hex[:8]}"
    with get_client(sync_client=True) as client:
        ensure_limit(client, name)
        client.increment_concurrency_slots(names=[name], slots=1, mode="concurrency")  # the killed run's slot
        limit = client.read_global_concurrency_limit_by_name(name)
    assert limit.active_slots == 1
    storage = ConcurrencyLeaseStorage(storage_path=tmp_path / "leases")
    alive = ConcurrencyLeaseStorage(storage_path=tmp_path / "leases")
    run_coro_as_sync(storage.create_lease([limit.id], timedelta(seconds=-1), ConcurrencyLimitLeaseMetadata(slots=1)))
    kept = run_coro_as_sync(
        alive.create_lease([limit.id], timedelta(minutes=5), ConcurrencyLimitLeaseMetadata(slots=1))
    )
    # A killed task run's lease for tags no limit matches: removed, with no slot to give back.
    empty = run_coro_as_sync(storage.create_lease([], timedelta(seconds=-1), ConcurrencyLimitLeaseMetadata(slots=1)))
    assert leases.repossess_local_leases(storage) == 1
    assert not (storage.storage_path / f"{empty.id}.json").exists()
    assert leases.repossess_local_leases(alive) == 0  # freed once only, even by another reader
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(name).active_slots == 0
    assert run_coro_as_sync(storage.read_lease(kept.id)) is not None  # a live lease stays


def test_an_expired_lease_that_holds_no_limit_is_cleared_without_a_release(prefect_api, tmp_path):
    """Prefect leases task runs' tag slots even when no tag has a limit: such a lease names no limit, and the
    next local run must clear it, not ask the server to release nothing (a 422 that failed the second run)."""
    from prefect.server.concurrency.lease_storage import ConcurrencyLimitLeaseMetadata
    from prefect.server.concurrency.lease_storage.filesystem import ConcurrencyLeaseStorage
    from prefect.utilities.asyncutils import run_coro_as_sync

    from tasks.run import leases

    storage = ConcurrencyLeaseStorage(storage_path=tmp_path / "leases")
    empty = run_coro_as_sync(storage.create_lease([], timedelta(seconds=-1), ConcurrencyLimitLeaseMetadata(slots=1)))
    assert leases.repossess_local_leases(storage) == 0
    assert run_coro_as_sync(storage.read_lease(empty.id)) is None


def test_each_local_folder_has_its_own_lock_and_a_dropbox_one_for_all_its_roots(tmp_path):
    from tasks.run.lock import limit_name, place_tag
    from tasks.storage.dropbox_storage import DropboxStorage
    from tasks.storage.local import LocalStorage

    (tmp_path / "a").mkdir()
    a, b = place_tag(LocalStorage(tmp_path / "a")), place_tag(LocalStorage(tmp_path / "b"))
    assert a != b and a == place_tag(LocalStorage(f"{tmp_path}/b/../a/"))  # one folder however it is spelled
    # Absolute Dropbox paths reach outside the root: every root of one Dropbox shares its lock.
    box = [
        place_tag(DropboxStorage(root, access_token="t", api_url=url))
        for root, url in [("/vtasks", None), ("/other", None), ("/vtasks", "http://127.0.0.1:1")]
    ]
    assert box[0] == box[1] != box[2] and a not in box
    assert all("/" not in limit_name(tag) and tag.startswith("data:") for tag in [a, b, *box])
