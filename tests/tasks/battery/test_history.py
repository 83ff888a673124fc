"""The stored log in the 2023 pipeline's schema, or an older vtasks one, read as today's log."""

from datetime import datetime

import pandas as pd
import pytest

from tasks.battery.history import is_current_log, stored_log
from tasks.battery.schema import LOG_COLUMNS
from tasks.validation import InputError


def legacy(**changes):
    frame = pd.DataFrame(
        {
            "time": [datetime(2023, 5, 1, 10, 0), datetime(2023, 5, 1, 10, 5), datetime(2023, 5, 1, 10, 10)],
            "battery": [55, 56, 57],
            "temperature": [29.1, 30.0, 30.2],
            "mA": [-312, 800, 900],
            "mV": [3880, 3900, 3910],
            "plugged": [False, True, None],
            "screen": [True, False, False],
            "change": ["-1%", "+1%", "+1%"],
            "restart": [0, 0, 1],
        }
    )
    return frame.assign(**changes)


def test_the_2023_log_is_renamed_and_its_booleans_become_the_apps_words():
    got = stored_log(legacy(), "battery/battery.parquet")
    assert list(got.columns) == LOG_COLUMNS and is_current_log(got)
    assert got["level"].tolist() == [55, 56, 57] and got["current_ma"].tolist() == [-312, 800, 900]
    assert got["plugged"].tolist()[:2] == ["unplugged", "ac"] and pd.isna(
        got["plugged"].iloc[2]
    )  # usb was lost in 2023
    assert got["screen"].tolist() == ["on", "off", "off"] and got["restart"].tolist() == ["0", "0", "1"]
    assert got["time"].iloc[0] == pd.Timestamp("2023-05-01 10:00") and str(got["time"].dtype) == "datetime64[ms]"
    assert not is_current_log(legacy())


def test_an_older_vtasks_log_without_change_or_restart_gets_them_missing():
    old = pd.DataFrame(
        {
            "time": pd.to_datetime(["2026-11-01"]),
            "level": [50],
            "temperature": [30.0],
            "current_ma": [-100],
            "voltage_mv": [3900],
            "plugged": ["0"],
            "screen": ["off"],
        }
    )
    got = stored_log(old, "battery/battery.parquet")
    assert list(got.columns) == LOG_COLUMNS and pd.isna(got["change"].iloc[0]) and got["plugged"].iloc[0] == "0"


def test_a_float_column_with_gaps_keeps_whole_numbers_as_text():
    got = stored_log(legacy(restart=[0.0, None, 1.0], mA=[-312.0, None, 900.0]), "b.parquet")
    assert got["restart"].iloc[0] == "0" and pd.isna(got["restart"].iloc[1]) and pd.isna(got["current_ma"].iloc[1])


@pytest.mark.parametrize(
    "frame, expected",
    [
        (pd.DataFrame({"when": [1], "pct": [2]}), r"b.parquet: missing column 'time', 'level'; expected a battery log"),
        (
            legacy(battery=[55, 156, 57]),
            r"b.parquet: row 2, column 'level': expected a whole percent from 0 to 100, got 156",
        ),
        (
            legacy(time=["2023-05-01", "soon", None]),
            r"b.parquet: row 2, column 'time': expected a date and time, got 'soon' \(2 such rows\)",
        ),
        (
            legacy(mV=[3880, "high", 3910]),
            r"b.parquet: row 2, column 'voltage_mv': expected a number or nothing, got 'high'",
        ),
    ],
)
def test_a_log_of_no_known_shape_names_the_file_row_and_column(frame, expected):
    with pytest.raises(InputError, match=expected):
        stored_log(frame, "b.parquet")
