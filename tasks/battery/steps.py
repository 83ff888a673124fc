"""Prefect tasks of the battery subflow: import exports, remind when stale, render the report."""

from __future__ import annotations

import json
from datetime import date

from config.battery import BatterySettings
from tasks.battery.parse import battery_frame
from tasks.battery.schema import COL_TIME
from tasks.battery.transform import merged_log, newest_day, stale_reminder
from tasks.outputs import write_report_page, write_tables
from tasks.report_state import inputs_digest, mark_report_current, report_is_current
from tasks.steps import step
from tasks.storage.base import Storage, StorageError


@step("battery.import")
def import_exports(storage: Storage, cfg: BatterySettings) -> dict:
    """Append every export to the parquet log; delete an export only once the log holds its rows."""
    data_path = cfg.paths.data
    exports = storage.list(cfg.paths.exports)
    existing = storage.read_parquet(data_path) if storage.exists(data_path) else None
    # Parse every export before writing anything, so one bad file leaves the log and all exports as they were.
    frames = [battery_frame(storage.read_bytes(path), path) for path in exports]
    log = merged_log(existing, frames)
    files = []
    if frames:
        files = [w.path for w in write_tables(storage, {data_path: log})]
        stored = set(storage.read_parquet(data_path)[COL_TIME])
        for path, frame in zip(exports, frames):
            if not set(frame[COL_TIME]) <= stored:
                raise StorageError("import", path, f"{data_path} does not hold this export's rows; export kept")
            storage.delete(path)
    newest = newest_day(log) if len(log) else None
    return {"rows": len(log), "files": files, "imported": exports, "newest": newest.isoformat() if newest else None}


@step("battery.remind")
def remind_if_stale(storage: Storage, cfg: BatterySettings, newest: str | None, run_date: str) -> list[str]:
    """A reminder when the newest reading is too old; at most one per run date, remembered in storage."""
    path = cfg.paths.reminder
    last = json.loads(storage.read_text(path)).get("date") if storage.exists(path) else None
    today = date.fromisoformat(run_date)
    text = stale_reminder(
        date.fromisoformat(newest) if newest else None, today, cfg.stale_days,
        date.fromisoformat(last) if last else None,
    )
    if text:
        storage.write_text(path, json.dumps({"date": run_date, "reminder": text}))
    return [text] if text else []


@step("battery.report")
def write_battery_report(storage: Storage, cfg: BatterySettings, locale: str, generated_at: str) -> list[str]:
    """Render the battery report when the log changed; return the reports rebuilt."""
    from reports.battery import battery_report

    if not storage.exists(cfg.paths.data):
        return []
    digest = inputs_digest(storage, [cfg.paths.data], locale=locale)
    if report_is_current(storage, cfg.paths.report, digest):
        return []
    report = battery_report(storage.read_parquet(cfg.paths.data), locale, generated_at)
    write_report_page(storage, cfg.paths.report, report)
    mark_report_current(storage, cfg.paths.report, digest)
    return [cfg.paths.report]
