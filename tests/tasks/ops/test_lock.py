"""The overlap guard against the real local Prefect API: earlier Running runs of the same flow and tag go first."""

import uuid
from datetime import datetime, timedelta, timezone

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.states import Completed, Running

from tasks.ops.lock import LockSettings, earlier_runs, wait_for_turn


def running_runs(client, flow_name: str, tag: str, count: int, state=Running):
    @flow(name=flow_name)
    def pipeline():
        pass

    runs = []
    for i in range(count):
        run = client.create_flow_run(pipeline, name=f"{flow_name} {i}", tags=[tag])
        client.set_flow_run_state(run.id, state(), force=True)
        runs.append(client.read_flow_run(run.id))
    return runs


def test_the_earliest_running_run_goes_first_and_the_later_one_waits(prefect_api):
    name, tag = f"lock-{uuid.uuid4().hex[:8]}", "env:locktest"
    with get_client(sync_client=True) as client:
        first, second = running_runs(client, name, tag, 2)
        now = datetime.now(timezone.utc)
        assert earlier_runs(client, first.id, tag, 3600, now) == []
        assert [r.id for r in earlier_runs(client, second.id, tag, 3600, now)] == [first.id]
        # Other environments do not count, nor do runs started longer ago than the TTL.
        assert earlier_runs(client, second.id, "env:other", 3600, now) == []
        assert earlier_runs(client, second.id, tag, 1, now + timedelta(minutes=5)) == []
        holder = wait_for_turn(client, second.id, tag, LockSettings(wait_seconds=0.3, poll_seconds=0.1))
        assert holder["owner"] == f"{name} 0"


def test_a_finished_run_no_longer_holds_the_turn(prefect_api):
    name, tag = f"lock-{uuid.uuid4().hex[:8]}", "env:locktest"
    with get_client(sync_client=True) as client:
        first, second = running_runs(client, name, tag, 2)
        client.set_flow_run_state(first.id, Completed(), force=True)
        assert wait_for_turn(client, second.id, tag, LockSettings(wait_seconds=5, poll_seconds=0.1)) is None
