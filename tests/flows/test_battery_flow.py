"""The battery subflow on the real Prefect engine: import, de-duplication, delete-after-write, reminders."""

from pathlib import Path

import pandas as pd

from flows.vtasks import vtasks

EXPORT = "battery/export/bmw_history.txt"


def line(millis: int, level: str) -> str:
    """One reading as 3C Battery Manager exports it."""
    return f"0,Discharging {level},-100mA,-1%,30.0°C,3900mV,unplugged,off,0,{millis}"


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
    millis = [int(t.value // 10**6) for t in last["time"].astype("datetime64[ns]")]
    lines = [line(m, f"{lvl}%") for m, lvl in zip(millis, last["level"])] + [line(millis[-1] + 300_000, "41%")]
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
    (data / "battery/export/good.csv").write_text(line(1795000000000, "50%") + "\n")
    (data / "battery/export/bad.txt").write_text(
        line(1795000300000, "50%") + "\n" + line(1795000600000, "fifty") + "\n"
    )
    state, _ = run("2026-11-23")
    assert state.is_failed()
    assert (
        "battery/export/bad.txt: row 2, column 'level' (2nd field): expected text ending in a percent like '55%', "
        "got 'Discharging fifty'"
    ) in state.message
    assert (data / "battery/battery.parquet").read_bytes() == before
    assert (data / "battery/export/good.csv").exists() and (data / "battery/export/bad.txt").exists()


def test_a_2023_log_dropped_into_the_export_folder_is_merged_then_removed(prefect_api, vtasks_env):
    data = Path(vtasks_env / "data")
    real = Path(__file__).parents[1] / "fixtures/real"
    (data / "battery/export").mkdir(parents=True)
    (data / "battery/export/battery.parquet").write_bytes((real / "battery_2023.parquet").read_bytes())
    (data / "battery/export/bmw_history.txt").write_bytes((real / "bmw_history.txt").read_bytes())
    state, summary = run("2026-11-22")
    assert state.is_completed(), state.message
    log = pd.read_parquet(data / "battery/battery.parquet")
    assert len(log) == 18 and log["time"].min() == pd.Timestamp("2023-05-01 10:00")
    assert list((data / "battery/export").iterdir()) == []
