"""The root flow on the real Prefect engine against a local Prefect API: names, links, tags, outputs."""

from datetime import date
from pathlib import Path

import pandas as pd
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterParentFlowRunId,
    TaskRunFilter,
    TaskRunFilterFlowRunId,
)
from prefect.client.schemas.sorting import FlowRunSort, TaskRunSort

from config.settings import load_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo
from flows.scheduler import run_subflows
from flows.vbooks import SUBFLOW as VBOOKS
from flows.vtasks import vtasks
from tasks.clients import build_clients


def _runs(root_id):
    # The sync client: an asyncio.run here would clash with Playwright's loop in the same session.
    with get_client(sync_client=True) as client:
        root = client.read_flow_run(root_id)
        children = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[root_id])),
            sort=FlowRunSort.START_TIME_ASC,
            limit=50,
        )
        tasks = client.read_task_runs(
            task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[c.id for c in children])),
            sort=TaskRunSort.EXPECTED_START_TIME_ASC,
            limit=50,
        )
        flow_names = {r.flow_id: client.read_flow(r.flow_id).name for r in [root, *children]}
        return root, children, tasks, flow_names


def test_demo_run_names_links_and_tags(prefect_api, vtasks_env):
    state = vtasks(only=["vbooks"], run_date="2026-11-22", return_state=True)
    assert state.is_completed(), state.message
    data = Path(vtasks_env / "data")
    assert len(pd.read_parquet(data / "vbooks/books.parquet")) > 50
    assert "Reading log" in (data / "vbooks/vbooks.html").read_text()
    assert (data / "index.html").exists()

    root, children, tasks, flow_names = _runs(state.state_details.flow_run_id)
    assert flow_names[root.flow_id] == "vtasks" and root.name == "vtasks 2026-11-22 dev"
    assert [flow_names[c.flow_id] for c in children] == ["vtasks.vbooks"]
    assert children[0].name == "vtasks.vbooks 2026-11-22 dev"
    assert "env:dev" in root.tags and all("env:dev" in c.tags for c in children)
    assert {t.name.rsplit("-", 1)[0] for t in tasks} == {
        "vtasks.vbooks.extract",
        "vtasks.vbooks.report",
    }
    assert all("env:dev" in t.tags for t in tasks)


@flow(name="vtasks.broken")
def broken(clients, run):
    raise ValueError("the source answered garbage")


@flow(name="vtasks.after_broken")
def after_broken(clients, run):
    return SubflowOutput(rows=1)


def test_failure_skips_dependents_only(prefect_api, vtasks_env):
    clients = build_clients(load_settings())
    from flows.registry import DEMO_GENERATORS
    from tasks.demo import DemoOptions, seed_demo

    seed_demo(clients.storage, clients.sheets, DemoOptions(end=date(2026, 11, 22)), DEMO_GENERATORS)
    subflows = {
        "broken": Subflow("broken", broken, ""),
        "vbooks": VBOOKS,
        "after_broken": Subflow("after_broken", after_broken, "", upstreams=("broken",)),
    }

    @flow(name="vtasks")
    def parent():
        return run_subflows(list(subflows), subflows, clients, RunInfo(date(2026, 11, 22), "dev", "now"))

    results = {r.name: r for r in parent()}
    assert results["broken"].state == "Failed"
    assert "ValueError: the source answered garbage" in results["broken"].message
    assert results["after_broken"].state == "Skipped"
    assert "upstream broken" in results["after_broken"].message
    assert results["vbooks"].state == "Completed" and results["vbooks"].rows > 0


def test_bad_setting_fails_only_its_subflow(prefect_api, vtasks_env, monkeypatch):
    monkeypatch.setenv("VTASKS_VBOOKS__BOOKS_WORKSHEET", "")
    own = vtasks_env / "config"
    own.mkdir()
    (own / "vbooks.yaml").write_text("spreadsheet: books_data\n")
    monkeypatch.setenv("VTASKS_CONFIG_DIR", str(own))
    state = vtasks(only=["vbooks", "gcal"], run_date="2026-11-22", return_state=True)
    assert state.is_failed()
    assert "vbooks failed (ConfigError: subflow 'vbooks'" in state.message
    assert "'todo_worksheet' field required" in state.message
    assert "gcal" not in state.message and (vtasks_env / "data/gcal/gcal.html").is_file()  # the other one ran
    # The run still finished its own work: the index reports the failure.
    assert "Failed" in (vtasks_env / "data/index.html").read_text()


@flow(name="vtasks.untyped")
def untyped(clients, run):
    return {"rows": 1}


def test_a_subflow_returning_no_subflow_output_fails_naming_the_contract(prefect_api, vtasks_env):
    clients = build_clients(load_settings())

    @flow(name="vtasks")
    def parent():
        return run_subflows(
            ["untyped"],
            {"untyped": Subflow("untyped", untyped, "")},
            clients,
            RunInfo(date(2026, 11, 22), "dev", "now"),
        )

    [result] = parent()
    assert result.state == "Failed" and "vtasks.untyped returned dict, not a SubflowOutput" in result.message
