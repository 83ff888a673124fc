"""The subflows as task runs of the root run, read back from the real local Prefect API: one per subflow,
its upstreams' task runs as its inputs, the subflow's own flow run as its child."""

import time
from datetime import date

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterParentTaskRunId,
    TaskRunFilter,
    TaskRunFilterFlowRunId,
)

from config.settings import load_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo
from flows.scheduler import run_subflows
from flows.vtasks import vtasks
from tasks.clients import build_clients

SELECTED = ["vbooks", "battery", "backup"]  # backup needs vbooks and battery


def root_task_runs(root_id) -> list:
    """The root run's task runs once all are final (they reach the API through events, a moment later)."""
    deadline = time.monotonic() + 30
    with get_client(sync_client=True) as client:
        while True:
            runs = client.read_task_runs(
                task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[root_id]))
            )
            subflow_runs = [r for r in runs if r.name.rsplit("-", 1)[0] in {f"vtasks.{n}" for n in SELECTED}]
            if len(subflow_runs) >= len(SELECTED) and all(r.state and r.state.is_final() for r in runs):
                return runs
            assert time.monotonic() < deadline, [(r.name, r.state_type) for r in runs]
            time.sleep(0.5)


def test_one_task_run_per_subflow_with_upstreams_as_inputs(prefect_api, vtasks_env):
    state = vtasks(only=SELECTED, run_date="2026-11-22", return_state=True)
    assert state.is_completed(), state.message
    runs = root_task_runs(state.state_details.flow_run_id)
    names = [r.name.rsplit("-", 1)[0] for r in runs]
    # One each, and no stand-in task run named after a subflow's flow beside it.
    assert sorted(n for n in names if n.removeprefix("vtasks.") in SELECTED) == sorted(f"vtasks.{n}" for n in SELECTED)
    assert len(names) == len(set(names)), names
    by_name = dict(zip(names, runs))
    backup = by_name["vtasks.backup"]
    upstream_ids = {i.id for i in backup.task_inputs["wait_for"]}
    assert upstream_ids == {by_name["vtasks.vbooks"].id, by_name["vtasks.battery"].id}
    assert not by_name["vtasks.vbooks"].task_inputs.get("wait_for")
    assert all(r.state.is_completed() and "env:dev" in r.tags for r in by_name.values())

    with get_client(sync_client=True) as client:
        for name in SELECTED:
            [child] = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    parent_task_run_id=FlowRunFilterParentTaskRunId(any_=[by_name[f"vtasks.{name}"].id])
                )
            )
            assert child.name == f"vtasks.{name} 2026-11-22 dev" and "env:dev" in child.tags
            assert client.read_flow(child.flow_id).name == f"vtasks.{name}" and child.state.is_completed()


started = []


def recorder(name):
    @flow(name=f"vtasks.{name}")
    def record(clients, run):
        started.append(name)
        return SubflowOutput(rows=1)

    return record


def test_one_worker_takes_the_longest_chain_first(prefect_api, vtasks_env, monkeypatch):
    """With one worker, `long` (two dependents down its chain) goes before `leaf`, declared first, and `mid`
    too once ready; `leaf` and `end` (chains of one) then go in plan order. Only ready ones are submitted."""
    monkeypatch.setenv("VTASKS_MAX_CONCURRENCY", "1")
    clients = build_clients(load_settings())
    names = ["leaf", "long", "mid", "end"]
    needs = {"leaf": (), "long": (), "mid": ("long",), "end": ("mid",)}
    subflows = {n: Subflow(n, recorder(n), "", upstreams=needs[n]) for n in names}
    started.clear()

    @flow(name="vtasks")
    def parent():
        return run_subflows(names, subflows, clients, RunInfo(date(2026, 11, 22), "dev", "now"))

    assert [r.state for r in parent()] == ["Completed"] * 4
    assert started == ["long", "mid", "leaf", "end"]
