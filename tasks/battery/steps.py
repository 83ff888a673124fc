"""Prefect tasks of the battery subflow: import exports, remind when stale, render the report."""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd

from config.battery import BatterySettings
from tasks.battery.history import is_current_log, stored_log
from tasks.battery.parse import battery_frame
from tasks.battery.schema import COL_TIME, LOG_HISTORY
from tasks.battery.transform import merged_log, newest_day, stale_reminder
from tasks.run.history_guard import Guard
from tasks.run.outputs import write_tables, written_warnings
from tasks.run.step import step
from tasks.storage.base import Storage, StorageError
from tasks.validation import InputError


@step("battery.import")
def import_exports(storage: Storage, cfg: BatterySettings, guard: Guard | None = None) -> dict:
    """Append every export to the parquet log; delete an export only once the log holds its rows.

    The stored log may be the 2023 pipeline's: it is read, merged and rewritten in today's schema.
    """
    data_path = cfg.paths.data
    exports = sorted({path for pattern in cfg.paths.exports for path in storage.list(pattern)})
    stored = storage.read_parquet(data_path) if storage.exists(data_path) else None
    existing = None if stored is None else stored_log(stored, data_path)
    # Parse every export before writing anything, so one bad file leaves the log and all exports as they were.
    frames = [_export_log(storage.read_bytes(path), path) for path in exports]
    log = merged_log(existing, frames)
    files, warnings = [], []
    if frames or (stored is not None and not is_current_log(stored)):
        written = write_tables(storage, {data_path: log}, {data_path: LOG_HISTORY}, guard)
        files, warnings = [w.path for w in written], written_warnings(written)
        held = set(storage.read_parquet(data_path)[COL_TIME])
        for path, frame in zip(exports, frames):
            if not set(frame[COL_TIME]) <= held:
                raise StorageError("import", path, f"{data_path} does not hold this export's rows; export kept")
            storage.delete(path)
    newest = newest_day(log) if len(log) else None
    return {
        "rows": len(log),
        "files": files,
        "imported": exports,
        "newest": newest.isoformat() if newest else None,
        "warnings": warnings,
    }


def _export_log(data: bytes, path: str) -> pd.DataFrame:
    """A 3C export's rows, or a whole stored log (a 2023 `battery.parquet`) dropped into the export folder."""
    if data[:4] == b"PAR1":
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise InputError(
                f"{path}: not a readable parquet file ({type(exc).__name__}); expected a battery log"
            ) from None
        return stored_log(frame, path)
    return battery_frame(data, path)


@step("battery.remind")
def remind_if_stale(storage: Storage, cfg: BatterySettings, newest: str | None, run_date: date) -> list[str]:
    """A reminder when the newest reading is too old; at most one per run date, remembered in storage."""
    path = cfg.paths.reminder
    last = json.loads(storage.read_text(path)).get("date") if storage.exists(path) else None
    text = stale_reminder(
        date.fromisoformat(newest) if newest else None,
        run_date,
        cfg.stale_days,
        date.fromisoformat(last) if last else None,
    )
    if text:
        storage.write_text(path, json.dumps({"date": run_date.isoformat(), "reminder": text}))
    return [text] if text else []
