"""Artifacts of a run, read back from the real local Prefect API: per-subflow summary and report link, run table."""

import asyncio
import json
from datetime import UTC, date, datetime

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import Artifact

from config.settings import load_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo
from flows.scheduler import run_subflows
from flows.vtasks import vtasks
from tasks.clients import build_clients


async def _latest(key: str, since: datetime | None = None) -> list[Artifact]:
    """Newest first, created from `since` on (other tests of the session share the API). Raw filter body:
    the client sends null run filters (422) or, given empty ones, joins task runs and so drops artifacts
    attached to a flow run only."""
    async with get_client() as client:
        body = {"artifacts": {"key": {"any_": [key]}}, "sort": "CREATED_DESC", "limit": 5}
        response = await client._client.post("/artifacts/filter", json=body)
        response.raise_for_status()
        artifacts = [Artifact.model_validate(a) for a in response.json()]
        return [a for a in artifacts if since is None or a.created >= since]


def test_demo_run_publishes_summary_link_and_table(prefect_api, vtasks_env):
    since = datetime.now(UTC)
    # vbooks alone: what is checked is one subflow's artifacts and the run's table, not the other nine.
    state = vtasks(only=["vbooks"], run_date="2026-11-22", return_state=True)
    assert state.is_completed(), state.message
    root_id = state.state_details.flow_run_id

    summary = asyncio.run(_latest("vtasks-vbooks-summary"))[0]
    assert summary.type == "markdown" and summary.flow_run_id != root_id
    assert "vtasks.vbooks: Completed" in summary.data and "| files uploaded | 3 |" in summary.data
    assert "| newest data | 20" in summary.data

    link = asyncio.run(_latest("vtasks-vbooks-report"))[0]
    assert link.type == "link" and link.flow_run_id == summary.flow_run_id
    assert link.data == (vtasks_env / "data/vbooks/vbooks.html").as_uri()

    table = asyncio.run(_latest("vtasks-run-summary"))[0]
    assert table.type == "table" and table.flow_run_id == root_id
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert [(r["subflow"], r["state"]) for r in rows if r["subflow"] == "vbooks"] == [("vbooks", "Completed")]

    # A second run with unchanged inputs does not run vbooks: no new artifact, the table says why.
    second = vtasks(only=["vbooks"], run_date="2026-11-22", return_state=True)
    assert second.is_completed()
    assert len(asyncio.run(_latest("vtasks-vbooks-report", since))) == 1
    rows = asyncio.run(_latest("vtasks-run-summary"))[0].data
    rows = json.loads(rows) if isinstance(rows, str) else rows
    [row] = [r for r in rows if r["subflow"] == "vbooks"]
    assert row["state"] == "Completed" and row["message"].startswith("inputs unchanged since ")

    # Forced, it runs again: the report is still linked under the same key, and nothing is rewritten.
    assert vtasks(only=["vbooks"], run_date="2026-11-22", force=True, return_state=True).is_completed()
    links = asyncio.run(_latest("vtasks-vbooks-report", since))
    assert len(links) == 2 and links[0].data == links[1].data
    assert "| files unchanged (skipped) | 2 |" in asyncio.run(_latest("vtasks-vbooks-summary"))[0].data


@flow(name="vtasks.warner")
def warner(clients, run):
    return SubflowOutput(rows=3, warnings=["3 rows without a date were dropped"], reminders=["charge the phone"])


def test_subflow_warnings_reach_result_and_artifact(prefect_api, vtasks_env):
    clients = build_clients(load_settings())

    @flow(name="vtasks")
    def parent():
        return run_subflows(
            ["warner"], {"warner": Subflow("warner", warner, "")}, clients, RunInfo(date(2026, 11, 22), "dev", "now")
        )

    [result] = parent()
    assert result.warnings == ["3 rows without a date were dropped"] and result.reminders == ["charge the phone"]
    markdown = asyncio.run(_latest("vtasks-warner-summary"))[0].data
    assert "- 3 rows without a date were dropped" in markdown and "- reminder: charge the phone" in markdown
    assert not asyncio.run(_latest("vtasks-warner-report"))
