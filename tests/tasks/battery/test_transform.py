"""Battery transforms on hand-made rows: merge and de-duplicate, staleness reminders, charge cycles."""

from datetime import date

import pandas as pd

from tasks.battery.transform import daily_cycles, merged_log, stale_reminder


def log(rows):
    return pd.DataFrame({"time": pd.to_datetime([r[0] for r in rows]), "level": [r[1] for r in rows]})


def test_merge_keeps_one_row_per_time_stored_row_first_and_sorts():
    stored = log([("2026-11-01 10:00", 50), ("2026-11-01 10:05", 49)])
    export = log([("2026-11-01 10:10", 48), ("2026-11-01 10:05", 99), ("2026-11-01 09:55", 51)])
    merged = merged_log(stored, [export])
    assert list(merged["level"]) == [51, 50, 49, 48]
    assert merged["time"].is_monotonic_increasing


def test_merge_without_stored_log():
    assert list(merged_log(None, [log([("2026-11-01", 1)])])["level"]) == [1]


def test_stale_reminder_threshold_and_once_a_day():
    run = date(2026, 11, 22)
    assert stale_reminder(date(2026, 11, 2), run, 20, None) is None  # exactly 20 days: still fresh
    text = stale_reminder(date(2026, 11, 1), run, 20, None)
    assert "21 days old (2026-11-01)" in text
    assert stale_reminder(date(2026, 11, 1), run, 20, date(2026, 11, 22)) is None
    assert stale_reminder(date(2026, 11, 1), run, 20, date(2026, 11, 21)) is not None
    assert "no battery log yet" in stale_reminder(None, run, 20, None)


def test_daily_cycles_sum_level_rises():
    frame = log(
        [
            ("2026-11-01 00:00", 20),
            ("2026-11-01 01:00", 70),
            ("2026-11-01 12:00", 40),
            ("2026-11-01 20:00", 90),
            ("2026-11-02 08:00", 60),
            ("2026-11-02 09:00", 85),
        ]
    )
    cycles = daily_cycles(frame)
    assert list(cycles["cycles"]) == [1.0, 0.25]
    assert list(cycles["day"]) == [pd.Timestamp("2026-11-01"), pd.Timestamp("2026-11-02")]
