"""vprefect on the real Prefect engine: runs of one day and of the next end up in the exported parquet with their final states."""

import asyncio

import pandas as pd
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterParentFlowRunId,
    TaskRunFilter,
    TaskRunFilterFlowRunId,
)
from prefect.client.schemas.sorting import FlowRunSort, TaskRunSort

from flows.vtasks import vtasks


async def _children(root_id):
    async with get_client() as client:
        tasks = await client.read_task_runs(
            task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[root_id])),
            sort=TaskRunSort.EXPECTED_START_TIME_ASC,
            limit=50,
        )
        children = await client.read_flow_runs(
            flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[root_id])),
            sort=FlowRunSort.START_TIME_ASC,
            limit=50,
        )
        return {str(c.id): c.name for c in children}, [str(t.id) for t in tasks]


def test_two_runs_exported_with_final_states_and_report(prefect_api, vtasks_env):
    first = vtasks(run_date="2026-11-22", only=["vbooks", "vprefect"], return_state=True)
    assert first.is_completed(), first.message
    # A second run the same day: vbooks has nothing new, vprefect has the first run's final state to export.
    same_day_state = vtasks(run_date="2026-11-22", only=["vbooks", "vprefect"], return_state=True)
    same_day = same_day_state.result()
    assert [r["unchanged"] for r in same_day["results"]] == [True, False]
    flows = pd.read_parquet(vtasks_env / "data/vprefect/flow_runs.parquet").set_index("id")
    first_id, same_day_id = str(first.state_details.flow_run_id), str(same_day_state.state_details.flow_run_id)
    assert flows.loc[[first_id, same_day_id], "state"].tolist() == ["COMPLETED", "RUNNING"]
    second = vtasks(run_date="2026-11-23", only=["vbooks", "vprefect"], return_state=True)
    assert second.is_completed(), second.message
    data = vtasks_env / "data/vprefect"
    flows = pd.read_parquet(data / "flow_runs.parquet").set_index("id")
    tasks = pd.read_parquet(data / "task_runs.parquet").set_index("id")
    assert flows.index.is_unique and tasks.index.is_unique

    second_id = str(second.state_details.flow_run_id)
    assert flows.loc[first_id, ["flow", "state"]].tolist() == ["vtasks", "COMPLETED"]
    assert flows.loc[same_day_id, "state"] == "COMPLETED"
    # The second root run was still running while it exported itself; its subflows had finished.
    assert flows.loc[second_id, "state"] == "RUNNING"
    for run_id in (first_id, second_id):
        children, root_tasks = asyncio.run(_children(run_id))
        states = flows.loc[list(children), ["flow", "state"]].set_index("flow")["state"].to_dict()
        assert states["vtasks.vbooks"] == "COMPLETED", states
        # The root's tasks after vprefect (records, index) reach the export with the next run.
        if run_id == first_id:
            assert set(tasks.loc[root_tasks, "state"]) == {"COMPLETED"}
    # The first run's vprefect was Running at its own export and is now final.
    first_children, _ = asyncio.run(_children(first_id))
    assert flows.loc[list(first_children)].query("flow == 'vtasks.vprefect'")["state"].tolist() == ["COMPLETED"]
    # The API is shared with other tests (some fail vbooks on purpose): look at this test's runs only.
    ours = {child for run_id in (first_id, second_id) for child in asyncio.run(_children(run_id))[0]}
    vbooks_tasks = tasks[tasks["name"].str.startswith("vtasks.vbooks.extract") & tasks["flow_run_id"].isin(ours)]
    assert len(vbooks_tasks) == 2 and set(vbooks_tasks["state"]) == {"COMPLETED"}

    html = (data / "vprefect.html").read_text()
    assert "Pipeline runs" in html and "Root runs per day" in html and "vtasks.vbooks: seconds per day" in html


def test_vprefect_still_runs_when_an_upstream_failed(prefect_api, vtasks_env, monkeypatch):
    own = vtasks_env / "config"
    own.mkdir()
    (own / "vbooks.yaml").write_text("spreadsheet: books_data\n")
    monkeypatch.setenv("VTASKS_CONFIG_DIR", str(own))
    state = vtasks(run_date="2026-11-22", only=["vbooks", "vprefect"], return_state=True)
    assert state.is_failed() and "vbooks failed" in state.message and "vprefect" not in state.message
    flows = pd.read_parquet(vtasks_env / "data/vprefect/flow_runs.parquet")
    assert "FAILED" in set(flows.loc[flows["flow"] == "vtasks.vbooks", "state"])
