"""Pure planning of a write-back: the month's row (found or appended), its key in the sheet's own form, the
cells whose value changed. Rows are as the Sheets client reads them: header first, values unformatted."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pandas as pd

from tasks.sheets.a1 import cell_label
from tasks.sheets.numbers import parse_number
from tasks.validation import PARSERS, SERIAL_RANGE

FORM_DATE = "date"  # a date cell
TEXT_FORMS = {  # form: (pattern that recognises it, how a month is written in it)
    "YYYY-MM-DD": (re.compile(r"\d{4}-\d{1,2}-\d{1,2}"), "{y:04d}-{m:02d}-01"),
    "YYYY-MM": (re.compile(r"\d{4}-\d{1,2}"), "{y:04d}-{m:02d}"),
    "YYYY/MM": (re.compile(r"\d{4}/\d{1,2}"), "{y:04d}/{m:02d}"),
    "MM/YYYY": (re.compile(r"\d{1,2}/\d{4}"), "{m:02d}/{y:04d}"),
}
DEFAULT_FORM = "YYYY/MM"  # a sheet without keys yet: the form the user's sheet has used since 2023


class WriteBackError(Exception):
    """The target cannot take the value: no such column, a month twice, no place for the row."""


def key_form(key: Any) -> str | None:
    """The form a month key is written in: `date` for a date cell, else one of TEXT_FORMS; None if not a month."""
    if isinstance(key, (datetime, date)):
        return FORM_DATE
    if isinstance(key, (int, float)) and not isinstance(key, bool):
        return FORM_DATE if SERIAL_RANGE[0] <= key <= SERIAL_RANGE[1] else None
    text = str(key).strip() if isinstance(key, str) else ""
    return next((form for form, (pattern, _) in TEXT_FORMS.items() if pattern.fullmatch(text)), None)


def month_key(month: pd.Timestamp, form: str) -> Any:
    """The key of `month` in `form`: a date for a date cell, else text such as `2026/12`."""
    if form == FORM_DATE:
        return date(month.year, month.month, 1)
    return TEXT_FORMS[form][1].format(y=month.year, m=month.month)


def month_of(key: Any) -> pd.Timestamp | None:
    """The first of the month a key names, or None for a blank or non-month cell (a note, a total)."""
    if key is None or key == "" or key_form(key) is None:
        return None
    try:
        return PARSERS["month"](key)
    except ValueError:
        return None


def month_row(rows: list[list], month: pd.Timestamp, where: str) -> tuple[int, Any]:
    """0-based row of `month` and None, or the row to append it at and the key to write there.

    Two rows for the month are an error naming both; a missing month is appended after the last row only
    when it is later than every month there (rows in date order), never guessed into the middle.
    """
    keyed = [(i, month_of(row[0] if row else None), row[0] if row else None) for i, row in enumerate(rows) if i > 0]
    keyed = [(i, m, raw) for i, m, raw in keyed if m is not None]
    found = [i for i, m, _ in keyed if m == month]
    if len(found) > 1:
        raise WriteBackError(
            f"{where}: month {month:%Y-%m} is in rows {found[0] + 1} and {found[1] + 1}; "
            "expected one row per month (remove one)"
        )
    if found:
        return found[0], None
    latest = max((m for _, m, _ in keyed), default=None)
    if latest is not None and (month < latest or keyed[-1][1] != latest):
        raise WriteBackError(
            f"{where}: no row for month {month:%Y-%m}, and it would not be the last row in date "
            f"order (row {keyed[-1][0] + 1} is {keyed[-1][1]:%Y-%m}); add the row by hand"
        )
    form = key_form(keyed[-1][2]) if keyed else DEFAULT_FORM
    return max(len(rows), 1), month_key(month, form)


def column_index(rows: list[list], column: str, where: str) -> int:
    header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else [])]
    if column not in header:
        raise WriteBackError(
            f"{where}: no column '{column}' in the header row (found: {', '.join(h for h in header if h) or 'none'})"
        )
    return header.index(column)


def unchanged(current: Any, value: float, number_format: str | None) -> bool:
    """Whether the cell already holds `value` to the cent (a number, or a number typed as text)."""
    if isinstance(current, str):
        try:
            current = parse_number(current, number_format or "plain")
        except ValueError:
            return False
    if not isinstance(current, (int, float)) or isinstance(current, bool):
        return False
    return round(float(current), 2) == round(value, 2)


def changed_cells(
    rows: list[list], month: pd.Timestamp, values: dict[str, float], where: str, number_format: str | None = None
) -> dict[str, Any]:
    """A1 label -> value of every cell to write in one worksheet: changed values and, for a new row, its key."""
    columns = {name: column_index(rows, name, where) for name in values}  # every column checked before any row
    row, key = month_row(rows, month, where)
    current = rows[row] if row < len(rows) else []
    cells = {} if key is None else {cell_label(row, 0): key}
    for name, value in values.items():
        col = columns[name]
        if not unchanged(current[col] if col < len(current) else None, value, number_format):
            cells[cell_label(row, col)] = round(float(value), 2)
    return cells
