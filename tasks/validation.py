"""Checks raw worksheet or file rows against a declared schema; errors name source, row and column."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Literal

import pandas as pd

from tasks.sheets.numbers import ATTR_NUMBER_FORMAT, parse_number

MAX_REPORTED = 5
Kind = Literal["text", "int", "float", "date", "month"]
# Google Sheets and Excel hold a date as days since 1899-12-30; gspread reads date cells as that number.
SERIAL_EPOCH = date(1899, 12, 30)
# 1950-01-01 to 2199-12-31: a plain number such as 2023 or 202303 is refused, not read as some day.
SERIAL_RANGE = (18264, 109574)
MONTH_FORMATS = [  # (pattern, groups of year, month, day): a month key as users type it
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?"), (1, 2, 3)),
    (re.compile(r"(\d{4})[-/](\d{1,2})"), (1, 2, None)),
    (re.compile(r"(\d{1,2})/(\d{4})"), (2, 1, None)),
]


class InputError(Exception):
    """A source's content is not what the subflow expects. Nothing was written."""


@dataclass(frozen=True)
class Column:
    """One expected column. `blank` replaces empty cells; without it an empty cell is an error."""

    name: str
    kind: Kind = "text"
    optional: bool = False  # the column itself may be absent
    blank: Any = None
    minimum: float | None = None
    unique: bool = False  # two rows with the same value are an error naming both


EXPECTED = {
    "text": "text",
    "int": "a whole number",
    "float": "a number",
    "date": "a date (YYYY-MM-DD)",
    "month": "a month (a date cell, YYYY-MM-DD, YYYY-MM, YYYY/MM or MM/YYYY)",
}


def column_key(name: str) -> str:
    """The settings key of a column: `Date finished` is `date_finished`, `Owned?` is `owned`."""
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def renamed_columns(columns: list[Column], headers: Mapping[str, str] | None) -> list[Column]:
    """`columns` with the headers a user's sheet has instead (`{"date_finished": "Date"}`)."""
    return [replace(c, name=headers.get(column_key(c.name), c.name)) for c in columns] if headers else columns


def validated_frame(
    raw: pd.DataFrame, columns: list[Column], source: str, header_row: int = 1, headers: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Return a typed frame with exactly `columns`, or raise InputError listing the first problems.

    Row numbers in messages are the spreadsheet's own (header on `header_row`, data below). `headers`
    renames expected columns by key (see `renamed_columns`); messages name the sheet's own header and
    the frame returned keeps the names of `columns`.
    """
    if headers:
        sheet_columns = renamed_columns(columns, headers)
        typed = validated_frame(raw, sheet_columns, source, header_row)
        return typed.set_axis([c.name for c in columns], axis=1)
    number_format = raw.attrs.get(ATTR_NUMBER_FORMAT)
    expected_names = ", ".join(c.name for c in columns if not c.optional)
    if raw.shape[1] == 0:
        raise InputError(f"{source}: empty; expected a header row with {expected_names}")
    missing = [c.name for c in columns if not c.optional and c.name not in raw.columns]
    if missing:
        raise InputError(
            f"{source}: missing column {', '.join(repr(m) for m in missing)} (expected columns: {expected_names})"
        )
    problems: list[str] = []
    out = {}
    for col in columns:
        if col.name not in raw.columns:
            out[col.name] = pd.Series([col.blank] * len(raw), dtype=_dtype(col.kind))
            continue
        values = []
        for position, value in enumerate(raw[col.name].tolist()):
            try:
                values.append(_parse(value, col, number_format))
            except ValueError as exc:
                values.append(None)
                problems.append(f"row {position + header_row + 1}, column '{col.name}': {exc}")
        if col.unique:
            problems += _repeated(values, col, header_row)
        out[col.name] = pd.Series(values, dtype=_dtype(col.kind))
    if problems:
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise InputError(f"{source}: " + "; ".join(problems[:MAX_REPORTED]) + more)
    return pd.DataFrame(out)


def _repeated(values: list, col: Column, header_row: int) -> list[str]:
    """One problem per value found on several rows, naming every such row."""
    rows = defaultdict(list)
    for position, value in enumerate(values):
        if value is not None and not _is_blank(value):
            rows[value].append(position + header_row + 1)
    what = "month" if col.kind == "month" else "value"
    return [
        f"rows {', '.join(map(str, found[:-1]))} and {found[-1]}, column '{col.name}': {what} "
        f"{_shown(value)} repeated (expected one row per {what})"
        for value, found in rows.items()
        if len(found) > 1
    ]


def _shown(value: Any) -> str:
    return value.strftime("%Y-%m") if isinstance(value, pd.Timestamp) else repr(value)


def _dtype(kind: Kind) -> str:
    return {"text": "string", "int": "Int64", "float": "Float64", "date": "datetime64[ms]", "month": "datetime64[ms]"}[
        kind
    ]


def _is_blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip())
    )


def _parse(value: Any, col: Column, number_format: str | None = None) -> Any:
    if _is_blank(value):
        if col.blank is not None or col.optional and col.kind == "text":
            return col.blank
        raise ValueError(f"expected {EXPECTED[col.kind]}, got an empty cell")
    if number_format and col.kind in ("int", "float") and isinstance(value, str):
        value = parse_number(value, number_format)  # its error names the format expected
    parsed = PARSERS[col.kind](value)
    if col.minimum is not None and parsed < col.minimum:
        raise ValueError(f"expected {EXPECTED[col.kind]} >= {col.minimum:g}, got {value!r}")
    return parsed


def _parse_number(value: Any, whole: bool) -> float | int:
    if isinstance(value, bool):
        raise ValueError(f"expected {EXPECTED['int' if whole else 'float']}, got {value!r}")
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected {EXPECTED['int' if whole else 'float']}, got {value!r}") from None
    if whole:
        if not number.is_integer():
            raise ValueError(f"expected {EXPECTED['int']}, got {value!r}")
        return int(number)
    return number


def _serial_day(value: Any) -> date | None:
    """The day a spreadsheet's date serial number stands for; None for what is not one."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
        return SERIAL_EPOCH + timedelta(days=int(value))
    return None


def _parse_date(value: Any) -> pd.Timestamp:
    value = _serial_day(value) or value
    if isinstance(value, (datetime, date)):
        return pd.Timestamp(value).normalize()
    try:
        return pd.Timestamp(datetime.strptime(str(value).strip()[:10], "%Y-%m-%d"))
    except ValueError:
        raise ValueError(f"expected {EXPECTED['date']}, got {value!r}") from None


def _parse_month(value: Any) -> pd.Timestamp:
    """The first of the month a key names; a full date must be a real day."""
    value = _serial_day(value) or value
    if isinstance(value, (datetime, date)):
        return pd.Timestamp(value.year, value.month, 1)
    text = str(value).strip() if isinstance(value, str) else ""
    for pattern, (year, month, day) in MONTH_FORMATS:
        found = pattern.fullmatch(text)
        if found:
            try:
                day_ok = date(int(found[year]), int(found[month]), int(found[day]) if day else 1)
            except ValueError:
                break
            return pd.Timestamp(day_ok.year, day_ok.month, 1)
    raise ValueError(f"expected {EXPECTED['month']}, got {value!r}")


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": lambda v: str(v).strip(),
    "int": lambda v: _parse_number(v, whole=True),
    "float": lambda v: _parse_number(v, whole=False),
    "date": _parse_date,
    "month": _parse_month,
}
