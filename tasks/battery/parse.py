"""Parse one battery export into a typed frame; any bad row raises InputError naming file, row and column."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from tasks.battery.schema import COL_LEVEL, COL_SCREEN, COL_TIME, EXPORT_COLUMNS, SCREEN_VALUES
from tasks.validation import MAX_REPORTED, InputError, validated_frame

LEVEL = re.compile(r"^\s*(\d{1,3})\s*%\s*$")


def export_rows(data: bytes, source: str) -> pd.DataFrame:
    """The export's fields as text, one named column each; rows with the wrong field count are errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start}); expected a CSV export") from None
    names = [c.name for c in EXPORT_COLUMNS]
    rows, problems = [], []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not f.strip() for f in row):
            continue
        if len(row) != len(names):
            problems.append(f"row {number}: expected {len(names)} fields ({', '.join(names)}), got {len(row)}")
        rows.append((row + [""] * len(names))[: len(names)])
    _raise_if(problems, source)
    return pd.DataFrame(rows, columns=names, dtype="object")


def battery_frame(data: bytes, source: str) -> pd.DataFrame:
    """A typed export: time as UTC timestamps, level as an integer percent, screen on/off."""
    raw = export_rows(data, source)
    # header_row=0: the file has no header, so row numbers count from its first line.
    typed = validated_frame(raw, EXPORT_COLUMNS, source, header_row=0)
    problems = []
    levels = []
    for number, value in enumerate(raw[COL_LEVEL], start=1):
        match = LEVEL.match(str(value))
        if not match or int(match.group(1)) > 100:
            problems.append(f"row {number}, column '{COL_LEVEL}': expected a percent like '85%', got {value!r}")
        levels.append(int(match.group(1)) if match else None)
    for number, value in enumerate(typed[COL_SCREEN], start=1):
        if str(value).lower() not in SCREEN_VALUES:
            problems.append(f"row {number}, column '{COL_SCREEN}': expected 'on' or 'off', got {value!r}")
    _raise_if(problems, source)
    typed[COL_LEVEL] = pd.Series(levels, dtype="int64")
    typed[COL_SCREEN] = typed[COL_SCREEN].str.lower()
    typed[COL_TIME] = pd.to_datetime(typed[COL_TIME].astype("int64"), unit="ms").astype("datetime64[ms]")
    return typed


def _raise_if(problems: list[str], source: str) -> None:
    if problems:
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise InputError(f"{source}: " + "; ".join(problems[:MAX_REPORTED]) + more)
