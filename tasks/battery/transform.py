"""Pure transforms of the battery log: merge exports, spot a stale log, daily charge cycles."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from tasks.battery.schema import COL_LEVEL, COL_TIME, LOG_DTYPES


def merged_log(existing: pd.DataFrame | None, exports: list[pd.DataFrame]) -> pd.DataFrame:
    """Existing rows plus new ones, one row per time (the stored row wins), oldest first."""
    frames = [f for f in [existing, *exports] if f is not None and len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in LOG_DTYPES.items()})
    merged = pd.concat(frames, ignore_index=True)
    merged = merged.drop_duplicates(subset=[COL_TIME], keep="first")
    return merged.sort_values(COL_TIME, kind="stable").reset_index(drop=True)


def newest_day(log: pd.DataFrame) -> date | None:
    return None if log.empty else log[COL_TIME].max().date()


def stale_reminder(newest: date | None, run_date: date, stale_days: int, last_reminded: date | None) -> str | None:
    """The reminder text when the log is older than `stale_days`, unless one was already given today."""
    if newest is not None and run_date - newest <= timedelta(days=stale_days):
        return None
    if last_reminded == run_date:
        return None
    if newest is None:
        return "battery: no battery log yet; export it from 3C Battery Manager"
    age = (run_date - newest).days
    return f"battery: the newest battery reading is {age} days old ({newest}); export a new log from 3C Battery Manager"


def daily_cycles(log: pd.DataFrame) -> pd.DataFrame:
    """Charge cycles per day: the sum of level increases over 100 (two 50-point charges = one cycle)."""
    rises = log[COL_LEVEL].diff().clip(lower=0).fillna(0)
    per_day = rises.groupby(log[COL_TIME].dt.floor("D")).sum() / 100
    out = per_day.round(2).rename("cycles").to_frame()
    out.index.name = "day"
    return out.reset_index()


def hourly_level(log: pd.DataFrame) -> pd.DataFrame:
    """Mean level per hour, so a year of 5-minute readings stays a light chart."""
    hourly = log.set_index(COL_TIME)[COL_LEVEL].resample("h").mean().dropna().round(1)
    out = hourly.rename(COL_LEVEL).to_frame()
    out.index.name = "hour"
    return out.reset_index()
