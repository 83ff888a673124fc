"""Prefect tasks of the vprefect subflow: export runs from the Prefect API, then render the report."""

from __future__ import annotations

import pandas as pd
from prefect.client.orchestration import get_client

from config.vprefect import VprefectSettings
from tasks.run.history_guard import Guard
from tasks.run.outputs import write_tables
from tasks.run.report_state import report_state_path
from tasks.run.step import step
from tasks.storage.base import Storage
from tasks.vprefect.fetch import fetch_flow_runs, fetch_task_runs
from tasks.vprefect.schema import COL_START, FLOW_RUN_COLUMNS, FLOW_RUNS_HISTORY, TASK_RUN_COLUMNS, TASK_RUNS_HISTORY
from tasks.vprefect.transform import export_since, merged_runs, orphan_runs


def read_runs(storage: Storage, path: str, columns: list[str]) -> pd.DataFrame:
    """The previous export, or an empty table on the first run."""
    return storage.read_parquet(path) if storage.exists(path) else pd.DataFrame(columns=columns)


@step("vprefect.export")
def export_runs(storage: Storage, cfg: VprefectSettings, now: str, guard: Guard | None = None) -> dict:
    """Read runs started since the last export (all on the first) and merge them in by run id."""
    # Both tables and the report's record (read by the next step) in one round trip.
    storage.read_ahead_files([cfg.paths.flow_runs, cfg.paths.task_runs, report_state_path(cfg.paths.report)])
    old_flows = read_runs(storage, cfg.paths.flow_runs, FLOW_RUN_COLUMNS)
    old_tasks = read_runs(storage, cfg.paths.task_runs, TASK_RUN_COLUMNS)
    with get_client(sync_client=True) as client:
        new_flows = fetch_flow_runs(client, export_since(old_flows), cfg.page_size)
        new_tasks = fetch_task_runs(client, export_since(old_tasks), cfg.page_size)
    flows, tasks = merged_runs(old_flows, new_flows), merged_runs(old_tasks, new_tasks)
    histories = {cfg.paths.flow_runs: FLOW_RUNS_HISTORY, cfg.paths.task_runs: TASK_RUNS_HISTORY}
    written = write_tables(storage, {cfg.paths.flow_runs: flows, cfg.paths.task_runs: tasks}, histories, guard)
    orphans = orphan_runs(flows, pd.Timestamp(now), cfg.orphan_after_minutes)
    warnings = (
        [
            f"{len(orphans)} run(s) still Running after {cfg.orphan_after_minutes} minutes (left by a killed process?): "
            f"{', '.join(orphans['name'].head(5))}; `vtasks doctor --fix-orphans` marks them Crashed"
        ]
        if len(orphans)
        else []
    )
    return {
        "rows": len(flows) + len(tasks),
        "rows_read": len(new_flows) + len(new_tasks),
        "files": [w.path for w in written],
        "warnings": warnings,
        "newest": None if flows.empty else flows[COL_START].max().date().isoformat(),
    }
