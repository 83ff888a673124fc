"""The battery subflow on the real Prefect engine: import, de-duplication, delete-after-write, reminders."""

from pathlib import Path

import pandas as pd

from flows.vtasks import vtasks

EXPORT = "battery/export/3c_battery_export.csv"


def run(date):
    state = vtasks(run_date=date, only=["battery"], return_state=True)
    return state, state.result(raise_on_failure=False)


def battery_result(summary):
    return next(r for r in summary["results"] if r["name"] == "battery")


def test_import_dedups_deletes_exports_and_reminds_once_a_day(prefect_api, vtasks_env):
    data = Path(vtasks_env / "data")
    state, summary = run("2026-11-22")
    assert state.is_completed(), state.message
    log = pd.read_parquet(data / "battery/battery.parquet")
    assert len(log) == 30 * 288 and log["time"].is_unique
    assert not (data / EXPORT).exists()  # deleted once the parquet held its rows
    assert (data / "battery/battery.html").exists()
    assert battery_result(summary)["warnings"] == []

    # A second export overlapping the first (last 2 rows again) plus one new reading.
    last = log.tail(2)
    lines = [f"{int(t.value // 10**6)},{lvl}%,30.0,-100,3900,0,off" for t, lvl in zip(last["time"], last["level"])]
    lines.append(f"{int(last['time'].iloc[-1].value // 10**6) + 300_000},41%,30.0,-100,3900,0,off")
    (data / "battery/export/second.csv").write_text("\n".join(lines) + "\n")
    state, summary = run("2026-11-23")
    assert state.is_completed(), state.message
    assert len(pd.read_parquet(data / "battery/battery.parquet")) == 30 * 288 + 1
    assert not (data / "battery/export/second.csv").exists()

    # 25 days later the log is stale: one reminder on the first run of the day, none on the second.
    state, summary = run("2026-12-18")
    warnings = battery_result(summary)["warnings"]
    assert len(warnings) == 1 and "days old (2026-11-23)" in warnings[0]
    assert battery_result(summary)["reminders"] == warnings  # handed to the notifier as well
    state, summary = run("2026-12-18")
    assert battery_result(summary)["warnings"] == []


def test_bad_export_fails_and_changes_nothing(prefect_api, vtasks_env):
    data = Path(vtasks_env / "data")
    assert run("2026-11-22")[0].is_completed()
    before = (data / "battery/battery.parquet").read_bytes()
    (data / "battery/export/good.csv").write_text("1795000000000,50%,30.0,-100,3900,0,off\n")
    (data / "battery/export/bad.csv").write_text("1795000300000,50%,30.0,-100,3900,0,off\n1795000600000,fifty,30,-1,3900,0,off\n")
    state, _ = run("2026-11-23")
    assert state.is_failed()
    assert "battery/export/bad.csv: row 2, column 'level': expected a percent like '85%', got 'fifty'" in state.message
    assert (data / "battery/battery.parquet").read_bytes() == before
    assert (data / "battery/export/good.csv").exists() and (data / "battery/export/bad.csv").exists()
