"""Reading flow and task runs from the Prefect API, page by page, into the export's row format."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterId,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterEndTime,
    FlowRunFilterParentTaskRunId,
    FlowRunFilterStartTime,
    FlowRunFilterState,
    FlowRunFilterStateType,
    TaskRunFilter,
    TaskRunFilterStartTime,
)
from prefect.client.schemas.sorting import FlowRunSort, TaskRunSort

from tasks.run.state import FINAL_STATES
from tasks.vprefect.schema import FLOW_RUN_COLUMNS, TASK_RUN_COLUMNS

MAX_PAGE = 200  # the most rows the Prefect API answers in one call


def _paged(read, page_size: int) -> list:
    found, offset = [], 0
    while True:
        page = read(limit=page_size, offset=offset)
        found += page
        if len(page) < page_size:
            return found
        offset += page_size


def _base(run) -> dict:
    return {
        "id": str(run.id),
        "name": run.name,
        "state": run.state_type.value if run.state_type else None,
        "state_name": run.state_name,
        "start": run.start_time,
        "end": run.end_time,
        "seconds": run.total_run_time.total_seconds(),
        "updated": run.updated,
    }


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("start", "end", "updated"):
        frame[col] = pd.to_datetime(frame[col], utc=True)
    return frame


def fetch_flow_runs(client, since: datetime | None, page_size: int) -> pd.DataFrame:
    """Flow runs started after `since` (all when None), with their flow's name."""
    run_filter = FlowRunFilter(start_time=FlowRunFilterStartTime(after_=since, is_null_=False))
    runs = _paged(
        lambda **page: client.read_flow_runs(flow_run_filter=run_filter, sort=FlowRunSort.START_TIME_ASC, **page),
        page_size,
    )
    names = flow_names(client, {r.flow_id for r in runs})
    rows = [{**_base(r), "flow": names.get(r.flow_id, ""), "tags": ",".join(r.tags or [])} for r in runs]
    return _frame(rows, FLOW_RUN_COLUMNS)


def flow_names(client, flow_ids: set) -> dict:
    """Each flow's name by id, in one call for all of them (a run reads a dozen flows)."""
    ids, names = sorted(flow_ids, key=str), {}
    for start in range(0, len(ids), MAX_PAGE):
        chunk = ids[start : start + MAX_PAGE]
        names.update(
            {
                f.id: f.name
                for f in client.read_flows(flow_filter=FlowFilter(id=FlowFilterId(any_=chunk)), limit=len(chunk))
            }
        )
    return names


def fetch_task_runs(client, since: datetime | None, page_size: int) -> pd.DataFrame:
    """Task runs started after `since` (all when None)."""
    run_filter = TaskRunFilter(start_time=TaskRunFilterStartTime(after_=since, is_null_=False))
    runs = _paged(
        lambda **page: client.read_task_runs(
            task_run_filter=run_filter, sort=TaskRunSort.EXPECTED_START_TIME_ASC, **page
        ),
        page_size,
    )
    rows = [{**_base(r), "flow_run_id": str(r.flow_run_id) if r.flow_run_id else None} for r in runs]
    return _frame(rows, TASK_RUN_COLUMNS)


def newest_finished_root(client, root_flow: str) -> str:
    """`<id>:<state>` of the root run that finished last ("" when none did): what a new export would add."""
    runs = client.read_flow_runs(
        flow_filter=FlowFilter(name=FlowFilterName(any_=[root_flow])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=sorted(FINAL_STATES))),
            parent_task_run_id=FlowRunFilterParentTaskRunId(is_null_=True),
            end_time=FlowRunFilterEndTime(is_null_=False),
        ),
        sort=FlowRunSort.END_TIME_DESC,
        limit=1,
    )
    return f"{runs[0].id}:{runs[0].state_type.value}" if runs else ""
