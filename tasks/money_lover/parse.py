"""Money Lover export files (`;` or `,` CSV, xls, xlsx, an HTML table) to typed rows; errors name file, row, column."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime

import numpy as np
import pandas as pd

from tasks.money_lover.formats import CSV, HTML, KIND_NAMES, export_kind, html_frame, workbook_frame
from tasks.money_lover.schema import (
    COL_EXPORT_AMOUNT,
    COL_EXPORT_CATEGORY,
    COL_EXPORT_DATE,
    COL_EXPORT_NOTE,
    EXPORT_COLUMNS,
    REQUIRED_EXPORT_COLUMNS,
)
from tasks.validation import MAX_REPORTED, InputError

DAY_FIRST_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_CURRENCY = re.compile(r"[^\d,.\-+]")
CSV_ROWS_AT_ONCE = 50_000


def export_frame(data: bytes, name: str) -> pd.DataFrame:
    """The cells of an export's DATE, CATEGORY, AMOUNT and NOTE columns (headers normalised), as text or values.

    What the file is comes from its bytes, not its name: Money Lover's `.xls` may be a zip workbook, a BIFF one,
    an HTML table or CSV text. `attrs["header_row"]` is the header's row number (1 unless titles sit above it).
    """
    kind = export_kind(data)
    if kind == CSV:
        raw, header = _csv_frame(data, name)
    else:
        raw = html_frame(data, name) if kind == HTML else workbook_frame(data, name, kind)
        header = list(raw.columns)
    raw.columns = [_header(c) for c in raw.columns]
    missing = [c for c in REQUIRED_EXPORT_COLUMNS if c not in raw.columns]
    if missing:
        found = ", ".join(_header(c) for c in header) or "nothing"
        raise InputError(
            f"{name}: missing column {', '.join(missing)} (expected DATE, CATEGORY, AMOUNT[, NOTE]; "
            f"found {found}); read as {KIND_NAMES[kind]} by its bytes"
        )
    return raw


def _header(column) -> str:
    return str(column).strip().upper()


def _csv_frame(data: bytes, name: str) -> tuple[pd.DataFrame, list[str]]:
    """The used columns, parsed from the bytes as they are (no decoded copy of the whole file), and the header."""
    try:
        header = data.split(b"\n", 1)[0].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not a UTF-8 text CSV (garbled or binary file)") from None
    if not header.strip():
        raise InputError(f"{name}: empty; expected a header row with DATE, CATEGORY, AMOUNT")
    # The header decides: Money Lover writes `;` with decimal commas in some locales, `,` in others.
    sep = ";" if header.count(";") >= header.count(",") else ","
    try:
        # Only the used columns, a slice of rows at a time: the parser makes a Python string per cell before
        # Arrow holds the text, so reading every column and row at once held twice the table.
        with pd.read_csv(
            io.BytesIO(data),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            encoding="utf-8-sig",
            usecols=lambda c: _header(c) in EXPORT_COLUMNS,
            chunksize=CSV_ROWS_AT_ONCE,
        ) as slices:
            frame = pd.concat(slices, ignore_index=True)
    except UnicodeDecodeError:
        raise InputError(f"{name}: not a UTF-8 text CSV (garbled or binary file)") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"{name}: not a readable CSV ({exc})") from None
    return frame, next(csv.reader([header.rstrip("\r")], delimiter=sep), [])


def typed_export(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    """DATE (day first), CATEGORY, AMOUNT (signed) and NOTE typed, or InputError listing the first bad cells."""
    first_row = raw.attrs.get("header_row", 1) + 1  # row number of the first data row, for messages
    dates = _dates_fast(raw[COL_EXPORT_DATE].reset_index(drop=True)).astype("datetime64[ns]")
    amounts = _amounts_fast(raw[COL_EXPORT_AMOUNT].reset_index(drop=True)).astype("float64")
    problems: list[str] = []
    # Only cells the fast path could not read are parsed one by one, to name each bad one.
    checks = [
        (COL_EXPORT_DATE, dates, _date, "a day-first date (DD/MM/YYYY)"),
        (COL_EXPORT_AMOUNT, amounts, _amount, "a number"),
    ]
    for column, parsed, parse, expected in checks:
        for position in parsed.index[parsed.isna()]:
            value = _cell(parse, raw[column].iloc[position], position + first_row, column, expected, problems)
            if value is not None:
                parsed.iloc[position] = value
    categories = _texts(raw[COL_EXPORT_CATEGORY])
    for position in categories.index[categories == ""]:
        _cell(_text, None, position + first_row, COL_EXPORT_CATEGORY, "a category name", problems)
    if problems:
        problems.sort(key=lambda p: int(p.split(",")[0].removeprefix("row ")))
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise InputError(f"{name}: " + "; ".join(problems[:MAX_REPORTED]) + more)
    notes = _texts(raw[COL_EXPORT_NOTE]) if COL_EXPORT_NOTE in raw.columns else pd.Series([""] * len(raw), dtype=str)
    # `.array` keeps text in Arrow; `.to_numpy()` would make a Python string per cell, then convert back.
    return pd.DataFrame(
        {
            COL_EXPORT_DATE: dates.to_numpy(),
            COL_EXPORT_CATEGORY: categories.array,
            COL_EXPORT_AMOUNT: amounts.to_numpy(),
            COL_EXPORT_NOTE: notes.array,
        }
    )


def _texts(values: pd.Series) -> pd.Series:
    values = values.reset_index(drop=True)
    if _is_text(values):
        return values.fillna("").str.strip()  # CSV text: stripped in Arrow, no Python object per cell
    return values.astype(object).fillna("").astype(str).str.strip()


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values)


def _each_distinct(values: pd.Series, convert) -> pd.Series:
    """`convert` of each distinct text once, spread back to every row: exports repeat days and amounts."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return pd.Series(np.asarray(convert(pd.Series(distinct)))[codes], index=values.index)


def _dates_fast(values: pd.Series) -> pd.Series:
    """The common case, `DD/MM/YYYY` text or real date cells, in one pass; anything else is left as NaT."""
    day_first = lambda days: pd.to_datetime(days, format="%d/%m/%Y", errors="coerce")  # noqa: E731
    if _is_text(values):
        return _each_distinct(values, day_first)
    cells = pd.to_datetime(
        values.map(lambda v: pd.Timestamp(v).normalize() if isinstance(v, (datetime, date)) else pd.NaT),
        errors="coerce",
    )
    texts = values.map(lambda v: v if isinstance(v, str) else None)
    if texts.notna().any():  # a workbook's text cells, as the CSV writes them
        cells = cells.fillna(_each_distinct(texts.astype("str"), day_first))
    return cells


def _amounts_fast(values: pd.Series) -> pd.Series:
    """Plain numbers or `1234.5` text in one pass; decimal commas and symbols go through `_amount`."""
    if _is_text(values):
        return _each_distinct(values, lambda amounts: pd.to_numeric(amounts, errors="coerce"))
    if not pd.api.types.is_object_dtype(values):
        return pd.to_numeric(values, errors="coerce")
    numbers = pd.to_numeric(
        values.map(lambda v: v if isinstance(v, (int, float)) and not isinstance(v, bool) else None), errors="coerce"
    )
    texts = values.map(lambda v: v if isinstance(v, str) else None)
    if texts.notna().any():
        numbers = numbers.fillna(_each_distinct(texts.astype("str"), lambda a: pd.to_numeric(a, errors="coerce")))
    return numbers


def _cell(parse, value, row: int, column: str, expected: str, problems: list[str]):
    try:
        if _blank(value):
            raise ValueError("an empty cell")
        return parse(value)
    except ValueError as exc:
        got = exc.args[0] if exc.args and exc.args[0] == "an empty cell" else repr(value)
        problems.append(f"row {row}, column '{column}': expected {expected}, got {got}")
        return None


def _blank(value) -> bool:
    return (
        value is None or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip())
    )


def _text(value) -> str:
    return str(value).strip()


def _date(value) -> pd.Timestamp:
    if isinstance(value, (datetime, date)):
        return pd.Timestamp(value).normalize()
    text = str(value).strip().split(" ")[0].split("T")[0]
    for fmt in DAY_FIRST_FORMATS:
        try:
            return pd.Timestamp(datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise ValueError(value)


def _amount(value) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = _CURRENCY.sub("", str(value))
    if "," in text and "." in text:  # the later one is the decimal mark: 1.234,50 or 1,234.50
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(value) from None
    if not math.isfinite(number):
        raise ValueError(value)
    return number
