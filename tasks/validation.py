"""Checks raw worksheet or file rows against a declared schema; errors name source, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Literal

import pandas as pd

MAX_REPORTED = 5
Kind = Literal["text", "int", "float", "date"]


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


EXPECTED = {
    "text": "text",
    "int": "a whole number",
    "float": "a number",
    "date": "a date (YYYY-MM-DD)",
}


def validated_frame(raw: pd.DataFrame, columns: list[Column], source: str, header_row: int = 1) -> pd.DataFrame:
    """Return a typed frame with exactly `columns`, or raise InputError listing the first problems.

    Row numbers in messages are the spreadsheet's own (header on `header_row`, data below).
    """
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
                values.append(_parse(value, col))
            except ValueError as exc:
                values.append(None)
                problems.append(f"row {position + header_row + 1}, column '{col.name}': {exc}")
        out[col.name] = pd.Series(values, dtype=_dtype(col.kind))
    if problems:
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise InputError(f"{source}: " + "; ".join(problems[:MAX_REPORTED]) + more)
    return pd.DataFrame(out)


def _dtype(kind: Kind) -> str:
    return {"text": "string", "int": "Int64", "float": "Float64", "date": "datetime64[ms]"}[kind]


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def _parse(value: Any, col: Column) -> Any:
    if _is_blank(value):
        if col.blank is not None or col.optional and col.kind == "text":
            return col.blank
        raise ValueError(f"expected {EXPECTED[col.kind]}, got an empty cell")
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


def _parse_date(value: Any) -> pd.Timestamp:
    if isinstance(value, (datetime, date)):
        return pd.Timestamp(value).normalize()
    try:
        return pd.Timestamp(datetime.strptime(str(value).strip()[:10], "%Y-%m-%d"))
    except ValueError:
        raise ValueError(f"expected {EXPECTED['date']}, got {value!r}") from None


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": lambda v: str(v).strip(),
    "int": lambda v: _parse_number(v, whole=True),
    "float": lambda v: _parse_number(v, whole=False),
    "date": _parse_date,
}
