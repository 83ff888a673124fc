"""Parsing a 3C Battery Manager export (`bmw_history.txt`): typed rows, errors naming file, row and column."""

import pandas as pd
import pytest

from tasks.battery.parse import battery_frame
from tasks.validation import InputError

GOOD = (
    "0,Discharging 85%,-420mA,-1%,31.5°C,4012mV,unplugged,off,0,1732233600000\n"
    "1,Charging 86 %,900mA,+1%,32.0°C,4020mV,usb,ON,0,1732233900000,extra,fields\n"
    "2,87%,1100mA,+1%,89.6°F,4030mV,Wireless,on,1,1732234200000\n"
).encode()


def test_good_export_is_typed():
    frame = battery_frame(GOOD, "battery/export/bmw_history.txt")
    assert list(frame["time"]) == [
        pd.Timestamp("2024-11-22 00:00"),
        pd.Timestamp("2024-11-22 00:05"),
        pd.Timestamp("2024-11-22 00:10"),
    ]
    assert list(frame["level"]) == [85, 86, 87]
    assert list(frame["current_ma"]) == [-420, 900, 1100]
    assert list(frame["voltage_mv"]) == [4012, 4020, 4030]
    assert list(frame["temperature"]) == [31.5, 32.0, 32.0]  # 89.6°F is 32°C
    assert list(frame["plugged"]) == ["unplugged", "usb", "wireless"]  # any plug state is kept
    assert list(frame["screen"]) == ["off", "on", "on"]
    assert list(frame["change"]) == ["-1%", "+1%", "+1%"] and list(frame["restart"]) == ["0", "0", "1"]
    assert str(frame["time"].dtype) == "datetime64[ms]"


def test_blank_lines_bom_and_a_latin1_degree_sign_are_read():
    assert len(battery_frame(b"\xef\xbb\xbf" + GOOD + b"\n\n", "a.txt")) == 3
    latin1 = battery_frame(GOOD.replace("°".encode(), b"\xb0"), "a.txt")
    assert list(latin1["temperature"]) == [31.5, 32.0, 32.0]


LINE = "0,Discharging 85%,-420mA,-1%,31.5°C,4012mV,unplugged,off,0,1732233600000"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "85%",
            "85",
            "row 2, column 'level' (2nd field): expected text ending in a percent like '55%', got 'Discharging 85'",
        ),
        ("85%", "185%", "row 2, column 'level' (2nd field): expected text ending in a percent"),
        ("-420mA", "lots", "row 2, column 'current_ma' (3rd field): expected milliamps like '-312mA', got 'lots'"),
        ("31.5°C", "hot", "row 2, column 'temperature' (5th field): expected a temperature like '29.1°C', got 'hot'"),
        ("4012mV", "4.0V", "row 2, column 'voltage_mv' (6th field): expected millivolts like '3880mV', got '4.0V'"),
        (",off,", ",dim,", "row 2, column 'screen' (8th field): expected 'on' or 'off', got 'dim'"),
        ("1732233600000", "1732233600", "row 2, column 'time' (10th field): expected epoch milliseconds like"),
        ("1732233600000", "yesterday", "row 2, column 'time' (10th field): expected epoch milliseconds"),
        (",0,1732233600000", "", "row 2: expected 10 or more comma-separated fields"),
    ],
)
def test_bad_rows_name_file_row_and_column(old, new, expected):
    data = GOOD.splitlines()[0] + b"\n" + LINE.replace(old, new).encode() + b"\n"
    with pytest.raises(InputError) as error:
        battery_frame(data, "battery/export/bmw_history.txt")
    assert str(error.value).startswith("battery/export/bmw_history.txt: ")
    assert expected in str(error.value)


def test_the_old_seven_column_format_is_refused_naming_the_rows():
    with pytest.raises(InputError, match=r"b.csv: row 1: expected 10 or more comma-separated fields .* got 7"):
        battery_frame(b"1732233600000,85%,31.5,-420,4012,0,off\n", "b.csv")


def test_binary_garbage_is_refused():
    with pytest.raises(InputError, match=r"battery/export/c.txt: not UTF-8 text"):
        battery_frame(b"\x89PNG\r\n\x1a\n\xff\xfe", "battery/export/c.txt")
