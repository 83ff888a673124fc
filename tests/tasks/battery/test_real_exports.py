"""The real-format battery fixtures (tests/fixtures/real): the 3C export and the 2023 pipeline's log."""

from pathlib import Path

import pandas as pd

from tasks.battery.history import stored_log
from tasks.battery.parse import battery_frame
from tasks.battery.transform import merged_log

REAL = Path(__file__).parents[2] / "fixtures/real"


def test_the_3c_export_reads_every_reading_with_its_plug_state():
    log = battery_frame((REAL / "bmw_history.txt").read_bytes(), "battery/export/bmw_history.txt")
    assert len(log) == 12 and log["time"].iloc[0] == pd.Timestamp("2026-11-20 08:00")
    assert log["plugged"].value_counts().to_dict() == {"unplugged": 4, "usb": 4, "wireless": 4}
    assert log["level"].tolist()[:5] == [60, 59, 58, 57, 57] and log["temperature"].iloc[-1] == 30.2


def test_the_2023_log_merges_with_a_new_export_keeping_every_old_row():
    old = stored_log(pd.read_parquet(REAL / "battery_2023.parquet"), "battery/battery.parquet")
    new = battery_frame((REAL / "bmw_history.txt").read_bytes(), "bmw_history.txt")
    merged = merged_log(old, [new])
    assert len(merged) == 18 and merged["time"].is_monotonic_increasing
    assert merged["level"].tolist()[:6] == [55, 54, 54, 55, 57, 59]
    assert merged["plugged"].tolist()[3] == "ac" and pd.isna(merged["plugged"].iloc[4])
