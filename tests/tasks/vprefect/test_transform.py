"""Run-history transforms on a handful of hand-made runs."""

import pandas as pd
import pytest

from tasks.vprefect.transform import (
    daily_outcomes,
    export_since,
    merged_runs,
    orphan_runs,
    rolling_shares,
    subflow_durations,
)

T = pd.Timestamp


def runs(*rows):
    """(id, flow, state, start, seconds, updated) tuples as an export frame; updated "x" means at the start."""
    frame = pd.DataFrame(rows, columns=["id", "flow", "state", "start", "seconds", "updated"])
    frame["updated"] = pd.to_datetime(frame["updated"].mask(frame["updated"] == "x", frame["start"]), utc=True)
    frame["start"] = pd.to_datetime(frame["start"], utc=True)
    return frame


def test_merge_keeps_the_latest_state_of_each_run():
    old = runs(
        ("a", "vtasks", "RUNNING", "2026-11-22 10:00", 0, "2026-11-22 10:00"),
        ("b", "vtasks", "COMPLETED", "2026-11-22 09:00", 5, "2026-11-22 09:01"),
    )
    new = runs(("a", "vtasks", "COMPLETED", "2026-11-22 10:00", 9, "2026-11-22 10:02"))
    merged = merged_runs(old, new)
    assert list(merged["id"]) == ["b", "a"] and list(merged["state"]) == ["COMPLETED", "COMPLETED"]
    assert merged_runs(new, old.iloc[:1]).loc[0, "state"] == "COMPLETED"  # an older copy never wins


def test_export_restarts_at_the_earliest_open_run():
    assert export_since(runs()) is None
    done = runs(
        ("a", "vtasks", "COMPLETED", "2026-11-22 09:00", 5, "2026-11-22 09:01"),
        ("b", "vtasks", "COMPLETED", "2026-11-22 11:00", 5, "2026-11-22 11:01"),
    )
    assert export_since(done) == T("2026-11-22 11:00", tz="UTC")
    still = pd.concat([done, runs(("c", "vtasks", "RUNNING", "2026-11-22 10:00", 0, "2026-11-22 10:00"))])
    assert export_since(still) == T("2026-11-22 10:00", tz="UTC")


def test_daily_outcomes_count_success_recovered_failed_missing():
    history = runs(
        ("1", "vtasks", "COMPLETED", "2026-11-21 22:00", 5, "x"),
        ("2", "vtasks", "FAILED", "2026-11-21 23:00", 5, "x"),
        ("3", "vtasks", "COMPLETED", "2026-11-22 00:05", 5, "x"),
        ("4", "vtasks", "COMPLETED", "2026-11-22 02:00", 5, "x"),
        ("5", "vtasks.vbooks", "FAILED", "2026-11-22 02:00", 5, "x"),
    )
    daily = daily_outcomes(history, "vtasks", T("2026-11-22 03:30", tz="UTC"), 60)
    assert daily.to_dict("list") == {
        "day": [T("2026-11-21", tz="UTC"), T("2026-11-22", tz="UTC")],
        "success": [1, 1],
        "recovered": [0, 1],
        "failed": [1, 0],
        "missing": [0, 2],  # 01:00 and 03:00
    }
    shares = rolling_shares(daily, 30)
    assert shares.loc[1, ["success", "recovered", "failed", "missing"]].tolist() == pytest.approx(
        [100 / 3, 100 / 6, 100 / 6, 100 / 3]
    )


def test_durations_trend_and_slow_days():
    history = runs(
        *[
            (str(d), "vtasks.vbooks", "COMPLETED", f"2026-11-{d:02d} 10:00", s, "x")
            for d, s in [(1, 10), (2, 12), (3, 11), (4, 40), (5, 11)]
        ],
        ("x", "vtasks", "COMPLETED", "2026-11-01 10:00", 99, "x"),
        ("y", "vtasks.vbooks", "FAILED", "2026-11-06 10:00", 1, "x"),
    )
    durations = subflow_durations(history, "vtasks", trend_runs=3, slow_factor=2.0)
    assert set(durations["flow"]) == {"vtasks.vbooks"} and len(durations) == 5
    assert durations["slow"].tolist() == [False, False, False, True, False]
    assert durations["trend"].tolist() == [10, 11, 11, 12, 11]


def test_orphans_are_old_running_runs():
    history = runs(
        ("old", "vtasks", "RUNNING", "2026-11-22 06:00", 0, "x"),
        ("new", "vtasks", "RUNNING", "2026-11-22 09:30", 0, "x"),
        ("done", "vtasks", "COMPLETED", "2026-11-22 05:00", 1, "x"),
    )
    assert orphan_runs(history, T("2026-11-22 10:00", tz="UTC"), 180)["id"].tolist() == ["old"]
