"""Pure transforms of the run history: merging exports, daily outcomes of the root flow, durations, orphans."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from tasks.run.state import FINAL_STATES
from tasks.vprefect.schema import BAD_STATES, COL_FLOW, COL_ID, COL_SECONDS, COL_START, COL_STATE, COL_UPDATED

OUTCOMES = ["success", "recovered", "failed", "missing"]


def merged_runs(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One row per run id: the most recently updated version wins (a Running run becomes its final state)."""
    frames = [f for f in (old, new) if len(f)]
    if not frames:
        return new.iloc[0:0]
    both = pd.concat(frames, ignore_index=True)
    both = both.sort_values([COL_UPDATED, COL_ID], kind="stable").drop_duplicates(COL_ID, keep="last")
    return both.sort_values([COL_START, COL_ID], kind="stable").reset_index(drop=True)


def export_since(runs: pd.DataFrame) -> pd.Timestamp | None:
    """Where the next export starts: the earliest run not yet final, else the newest start. None: everything."""
    if runs.empty:
        return None
    open_runs = runs[~runs[COL_STATE].isin(FINAL_STATES)]
    return open_runs[COL_START].min() if len(open_runs) else runs[COL_START].max()


def daily_outcomes(flow_runs: pd.DataFrame, root_flow: str, until: pd.Timestamp, every_minutes: int) -> pd.DataFrame:
    """Per day: root runs that succeeded, succeeded right after a failure (recovered), failed, and
    missing slots (every `every_minutes` from the first root run to `until` without a run starting)."""
    root = flow_runs[flow_runs[COL_FLOW] == root_flow].sort_values(COL_START)
    if root.empty:
        return pd.DataFrame(columns=["day", *OUTCOMES])
    final = root[root[COL_STATE].isin(FINAL_STATES)]
    bad = final[COL_STATE].isin(BAD_STATES)
    after_bad = bad.shift(1, fill_value=False)
    kind = pd.Series("success", index=final.index).mask(bad, "failed").mask(~bad & after_bad, "recovered")
    days = pd.date_range(root[COL_START].min().floor("D"), until.floor("D"), freq="D")
    counts = pd.crosstab(final[COL_START].dt.floor("D"), kind).reindex(index=days, columns=OUTCOMES[:3], fill_value=0)
    step = timedelta(minutes=every_minutes)
    slots = pd.Series(pd.date_range(root[COL_START].min().floor(step), until.floor(step), freq=step))
    missing = slots[~slots.isin(root[COL_START].dt.floor(step))]
    counts["missing"] = missing.dt.floor("D").value_counts().reindex(days, fill_value=0).astype(int)
    return counts.rename_axis("day").reset_index()


def rolling_shares(daily: pd.DataFrame, days: int) -> pd.DataFrame:
    """Each outcome's share (%) of all slots over the trailing `days` days."""
    sums = daily.set_index("day")[OUTCOMES].rolling(days, min_periods=1).sum()
    total = sums.sum(axis=1).replace(0, float("nan"))
    return (sums.div(total, axis=0) * 100).fillna(0).reset_index()


def subflow_durations(flow_runs: pd.DataFrame, root_flow: str, trend_runs: int, slow_factor: float) -> pd.DataFrame:
    """Per subflow and day: median seconds of completed runs, a rolling-median trend, and `slow` when
    that day took more than `slow_factor` times the trend of the days before it."""
    done = flow_runs[flow_runs[COL_FLOW].str.startswith(f"{root_flow}.") & (flow_runs[COL_STATE] == "COMPLETED")]
    daily = (
        done.assign(day=done[COL_START].dt.floor("D")).groupby([COL_FLOW, "day"], as_index=False)[COL_SECONDS].median()
    )
    parts = []
    for _, part in daily.groupby(COL_FLOW, sort=True):
        rolling = part[COL_SECONDS].rolling(trend_runs, min_periods=1).median()
        before = rolling.shift(1)
        parts.append(part.assign(trend=rolling, slow=(part[COL_SECONDS] > slow_factor * before).fillna(False)))
    columns = [COL_FLOW, "day", COL_SECONDS, "trend", "slow"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def orphan_runs(flow_runs: pd.DataFrame, now: pd.Timestamp, after_minutes: int) -> pd.DataFrame:
    """Runs still Running long after they started: their process was killed before it could say so."""
    running = flow_runs[flow_runs[COL_STATE] == "RUNNING"]
    return running[running[COL_START] < now - timedelta(minutes=after_minutes)]
