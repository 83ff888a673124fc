"""A stored battery log in any schema vtasks wrote (the 2023 pipeline's or this one's) as today's log."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tasks.battery.schema import COL_LEVEL, COL_PLUGGED, COL_SCREEN, COL_TIME, LEGACY_COLUMNS, LOG_COLUMNS, LOG_DTYPES
from tasks.validation import InputError

# The 2023 pipeline mapped these states to booleans (any other state became missing).
LEGACY_PLUGGED = {True: "ac", False: "unplugged"}
LEGACY_SCREEN = {True: "on", False: "off"}


def is_current_log(frame: pd.DataFrame) -> bool:
    """Whether the frame is already in today's schema (column order and dtypes), so needs no rewrite."""
    return list(frame.columns) == LOG_COLUMNS and all(
        str(frame[c].dtype) == str(pd.Series(dtype=t).dtype) for c, t in LOG_DTYPES.items()
    )


def stored_log(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Today's columns and dtypes; `time` and `level` are required, a measurement absent in old rows is missing.

    The 2023 `battery.parquet` (`battery`, `mA`, `mV`, booleans for plugged and screen) is renamed and its
    booleans turned back into the app's words. Its `time` was local time on the machine that ran it (UTC on
    Heroku): it is kept as written.
    """
    legacy = "battery" in frame.columns and COL_LEVEL not in frame.columns
    if legacy:
        frame = frame.rename(columns=LEGACY_COLUMNS)
    missing = [c for c in (COL_TIME, COL_LEVEL) if c not in frame.columns]
    if missing:
        raise InputError(
            f"{source}: missing column {', '.join(repr(m) for m in missing)}; expected a battery log "
            f"with {', '.join(LOG_COLUMNS)} or the 2023 one with {', '.join(LEGACY_COLUMNS)}"
        )
    out = pd.DataFrame(index=frame.index)
    for column, dtype in LOG_DTYPES.items():
        values = frame[column] if column in frame.columns else pd.Series(pd.NA, index=frame.index, dtype=object)
        if legacy and column in (COL_PLUGGED, COL_SCREEN) and _all_bool(values):
            values = values.map(LEGACY_PLUGGED if column == COL_PLUGGED else LEGACY_SCREEN)
        out[column] = _typed(values, column, dtype, source)
    return out.reset_index(drop=True)


def _typed(values: pd.Series, column: str, dtype: str, source: str) -> pd.Series:
    if column == COL_TIME:
        times = pd.to_datetime(values, errors="coerce")
        if getattr(times.dt, "tz", None) is not None:
            times = times.dt.tz_convert("UTC").dt.tz_localize(None)
        return _checked(times, values, times.isna(), column, "a date and time", source).astype(dtype)
    if column == COL_LEVEL:
        level = pd.to_numeric(values, errors="coerce")
        return (
            _checked(
                level,
                values,
                level.isna() | (level < 0) | (level > 100),
                column,
                "a whole percent from 0 to 100",
                source,
            )
            .round()
            .astype(dtype)
        )
    if dtype in ("Int64", "float64"):
        number = pd.to_numeric(values, errors="coerce")
        bad = number.isna() & values.notna()
        number = _checked(number, values, bad, column, "a number or nothing", source)
        return number.round().astype(dtype) if dtype == "Int64" else number.astype(dtype)
    return values.map(_text, na_action="ignore").astype(dtype)


def _all_bool(values: pd.Series) -> bool:
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present.unique())


def _text(value) -> str:
    """Text as given; a whole number stored as a float (`1.0`, from a column with gaps) reads as `1`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _checked(parsed: pd.Series, raw: pd.Series, bad: pd.Series, column: str, expected: str, source: str) -> pd.Series:
    if bad.any():
        position, count = int(bad.to_numpy().argmax()), int(bad.sum())
        value = raw.iloc[position]
        value = value.item() if isinstance(value, np.generic) else value
        more = f" ({count} such rows)" if count > 1 else ""
        raise InputError(f"{source}: row {position + 1}, column '{column}': expected {expected}, got {value!r}{more}")
    return parsed
