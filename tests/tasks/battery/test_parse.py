"""Parsing a 3C Battery Manager export: typed rows, and errors that name the file, row and column."""

import pandas as pd
import pytest

from tasks.battery.parse import battery_frame
from tasks.validation import InputError

GOOD = b"1732233600000,85%,31.5,-420,4012,0,off\n1732233900000,86 %,32.0,900,4020,1,ON\n"


def test_good_export_is_typed():
    frame = battery_frame(GOOD, "battery/export/a.csv")
    assert list(frame["time"]) == [pd.Timestamp("2024-11-22 00:00:00"), pd.Timestamp("2024-11-22 00:05:00")]
    assert list(frame["level"]) == [85, 86]
    assert list(frame["current_ma"]) == [-420, 900]
    assert list(frame["temperature"]) == [31.5, 32.0]
    assert list(frame["screen"]) == ["off", "on"]
    assert str(frame["time"].dtype) == "datetime64[ms]"


def test_blank_lines_and_bom_are_ignored():
    frame = battery_frame(b"\xef\xbb\xbf" + GOOD + b"\n\n", "a.csv")
    assert len(frame) == 2


@pytest.mark.parametrize(
    "line, expected",
    [
        (b"1732233600000,85,31.5,-420,4012,0,off", "row 2, column 'level': expected a percent like '85%', got '85'"),
        (b"1732233600000,185%,31.5,-420,4012,0,off", "row 2, column 'level': expected a percent"),
        (b"yesterday,85%,31.5,-420,4012,0,off", "row 2, column 'time': expected a whole number, got 'yesterday'"),
        (b"1732233600000,85%,hot,-420,4012,0,off", "row 2, column 'temperature': expected a number, got 'hot'"),
        (b"1732233600000,85%,31.5,-420,4012,0,dim", "row 2, column 'screen': expected 'on' or 'off', got 'dim'"),
        (b"1732233600000,85%,31.5,-420", "row 2: expected 7 fields (time, level, temperature"),
    ],
)
def test_bad_rows_name_file_row_and_column(line, expected):
    data = GOOD.splitlines()[0] + b"\n" + line + b"\n"
    with pytest.raises(InputError) as error:
        battery_frame(data, "battery/export/b.csv")
    assert str(error.value).startswith("battery/export/b.csv: ")
    assert expected in str(error.value)


def test_binary_garbage_is_refused():
    with pytest.raises(InputError, match=r"battery/export/c.csv: not UTF-8 text"):
        battery_frame(b"\x89PNG\r\n\x1a\n\xff\xfe", "battery/export/c.csv")
