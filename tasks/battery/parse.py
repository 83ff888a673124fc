"""Parse a 3C Battery Manager export (`bmw_history.txt`) into log rows; bad rows name file, row and column."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tasks.battery.schema import (
    COL_CHANGE,
    COL_CURRENT,
    COL_LEVEL,
    COL_PLUGGED,
    COL_RESTART,
    COL_SCREEN,
    COL_TEMPERATURE,
    COL_TIME,
    COL_VOLTAGE,
    EXPORT_FIELDS,
    LOG_COLUMNS,
    LOG_DTYPES,
    MIN_FIELDS,
    SCREEN_VALUES,
)
from tasks.validation import MAX_REPORTED, InputError

# (RE2 pattern, group `n` the number, what a user is told to expect); units as the app glues them on.
NUMBERS = {
    COL_LEVEL: (r"(?P<n>\d{1,3}(?:[.,]\d+)?)\s*%\s*$", "text ending in a percent like '55%'"),
    COL_CURRENT: (r"(?i)^\s*(?P<n>[+-]?\d+)\s*(?:mA)?\s*$", "milliamps like '-312mA'"),
    COL_TEMPERATURE: (r"(?i)^\s*(?P<n>[+-]?\d+(?:[.,]\d+)?)\s*°?\s*(?P<unit>[CF])\s*$", "a temperature like '29.1°C'"),
    COL_VOLTAGE: (r"(?i)^\s*(?P<n>\d+)\s*(?:mV)?\s*$", "millivolts like '3880mV'"),
    COL_TIME: (r"^\s*(?P<n>\d{12,14})\s*$", "epoch milliseconds like '1700000000000'"),
}
# Epoch milliseconds from 2000 to 2100: a time in seconds or microseconds is refused, not misread.
TIME_RANGE = (946_684_800_000, 4_102_444_800_000)
# Printable ASCII and `°` as Latin-1 writes it: an export saved so still reads; anything else is refused.
LATIN1_TEXT = bytes(range(0x09, 0x0E)) + bytes(range(0x20, 0x7F)) + b"\xb0"


def export_fields(data: bytes, source: str) -> pd.DataFrame:
    """The used fields as text, one named column each, indexed by line number; short rows are errors."""
    text = _text(data, source)
    rows, numbers, problems = [], [], []
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        if not row or all(not f.strip() for f in row):
            continue
        if len(row) < MIN_FIELDS:
            problems.append(
                f"row {reader.line_num}: expected {MIN_FIELDS} or more comma-separated fields "
                f"(level 2nd, ..., epoch milliseconds 10th), got {len(row)}"
            )
            continue
        rows.append([row[position] for position in EXPORT_FIELDS])
        numbers.append(reader.line_num)
    _raise_if(problems, source)
    return pd.DataFrame(rows, columns=list(EXPORT_FIELDS.values()), index=numbers, dtype="str")


def battery_frame(data: bytes, source: str) -> pd.DataFrame:
    """Typed log rows: time as naive UTC, level an integer percent, temperature in °C, states lower case."""
    raw = export_fields(data, source)
    problems: list[tuple[int, str]] = []
    out = {}
    for column, (pattern, expected) in NUMBERS.items():
        # Arrow's regex kernel: one pass in C++, where pandas' str.extract calls Python's re once per cell.
        parts = pc.extract_regex(pa.array(raw[column].array), pattern)
        number = pd.to_numeric(_group(parts, "n", raw.index).str.replace(",", ".", regex=False), errors="coerce")
        if column == COL_TEMPERATURE:
            number = number.where(_group(parts, "unit", raw.index).str.upper() != "F", (number - 32) * 5 / 9).round(1)
        bad = number.isna()
        if column == COL_LEVEL:
            bad |= number > 100
        elif column == COL_TIME:
            bad |= (number < TIME_RANGE[0]) | (number >= TIME_RANGE[1])
        problems += [(row, _problem(row, column, expected, raw.at[row, column])) for row in raw.index[bad]]
        out[column] = number
    screen = raw[COL_SCREEN].astype(str).str.strip().str.lower()
    problems += [
        (row, _problem(row, COL_SCREEN, "'on' or 'off'", raw.at[row, COL_SCREEN]))
        for row in raw.index[~screen.isin(SCREEN_VALUES)]
    ]
    _raise_if([text for _, text in sorted(problems, key=lambda p: p[0])], source)
    out[COL_LEVEL] = out[COL_LEVEL].astype("float64").round().astype("int64")
    out[COL_TIME] = pd.to_datetime(out[COL_TIME].astype("int64"), unit="ms")
    out[COL_SCREEN] = screen
    out[COL_PLUGGED] = raw[COL_PLUGGED].astype(str).str.strip().str.lower().replace("", pd.NA)
    for column in (COL_CHANGE, COL_RESTART):
        out[column] = raw[column].astype(str).str.strip()
    frame = pd.DataFrame(out)[LOG_COLUMNS].astype(LOG_DTYPES)
    return frame.reset_index(drop=True)


def _group(parts: pa.StructArray, name: str, index: pd.Index) -> pd.Series:
    """One named group of `extract_regex`, missing where the cell did not match."""
    return pd.Series(pc.struct_field(parts, name).to_pandas().array, index=index, dtype="str")


def _problem(row: int, column: str, expected: str, value) -> str:
    position = next(p for p, name in EXPORT_FIELDS.items() if name == column) + 1
    return f"row {row}, column '{column}' ({_ordinal(position)} field): expected {expected}, got {value!r}"


def _ordinal(n: int) -> str:
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n if n < 20 else n % 10, 'th') }"


def _text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not data.translate(None, LATIN1_TEXT):
            return data.decode("latin-1")  # a `°C` saved as Latin-1: the rest is ASCII
        raise InputError(
            f"{source}: not UTF-8 text (byte {exc.start}); expected a 3C Battery Manager export (comma-separated text)"
        ) from None


def _raise_if(problems: list[str], source: str) -> None:
    if problems:
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise InputError(f"{source}: " + "; ".join(problems[:MAX_REPORTED]) + more)
