"""The shrink guard: a history table is not replaced by one that loses its rows, empties it or shrinks it a lot.

Each subflow declares its tables' natural keys next to its schema (`History`); `tasks/run/outputs.write_tables`
checks every guarded table against the stored one before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from tasks.storage.base import Storage
from tasks.storage.content_hash import content_hash
from tasks.storage.parquet import MissingColumnsError
from tasks.validation import InputError

MAX_KEYS_SHOWN = 5
# "append": never loses a row (battery, run history); "history": no stored key may go missing (books,
# transactions, prices, monthly tables); "list": rows come and go (the reading list, calendar events):
# only an empty table or a large drop is refused.
KINDS = ("append", "history", "list")


class ShrinkError(InputError):
    """The new table would lose stored rows; nothing was written."""


@dataclass(frozen=True)
class History:
    """How one output table is guarded: its subflow (the name `--accept-shrink` takes) and natural key."""

    source: str
    key: tuple[str, ...]
    kind: str = "history"
    date: str | None = None  # a column whose values past the run date are warned about

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"History kind {self.kind!r}: expected one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class Guard:
    """What this run allows: the subflows whose shrinking is accepted once, the run date, the drop share."""

    accept: frozenset[str] = frozenset()
    run_date: date | None = None
    max_drop: float = 0.2  # a share of the stored rows
    min_drop: int = 10  # fewer rows than this gone is never a large drop (a short list losing two items)
    future_days: int = 2  # a date this many days past the run date is still no warning (time zones, late runs)


def guard_for(run, settings) -> Guard:
    """The guard of a run (`flows.naming.RunInfo`): its date, `--accept-shrink` subflows, the settings' drop share."""
    return Guard(frozenset(run.accept_shrink), run.date, settings.shrink_max_drop)


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns as comparable values: datetimes at one unit and naive, categories as their values."""
    out = {}
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            col = col.dt.tz_convert("UTC").dt.tz_localize(None)
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            col = col.astype("datetime64[ns]")
        out[name] = col
    return pd.DataFrame(out, index=frame.index)


def row_hashes(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """One hash per row of the key columns (NaN-safe, unlike comparing tuples)."""
    return pd.util.hash_pandas_object(_normalised(frame[list(key)]), index=False)


def _text(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.isoformat() if value.time() != pd.Timestamp(0).time() else value.date().isoformat()
    return "" if pd.isna(value) else str(value)


def describe_key(row: pd.Series) -> str:
    return "(" + ", ".join(f"{name}={_text(value)}" for name, value in row.items()) + ")"


def shrink_problem(
    stored: pd.DataFrame | None, stored_rows: int, new: pd.DataFrame, spec: History, max_drop: float, min_drop: int = 0
) -> str | None:
    """Why `new` may not replace the stored table, or None. `stored` holds the key columns (None: unreadable)."""
    lost = pd.DataFrame()
    if stored is not None and spec.kind != "list" and set(spec.key) <= set(new.columns):
        gone = ~row_hashes(stored, spec.key).isin(set(row_hashes(new, spec.key)))
        lost = stored.loc[gone.to_numpy(), list(spec.key)].drop_duplicates()
    counts = f"stored {stored_rows} rows, new {len(new)}"
    if stored_rows and new.empty:
        why = "would be empty"
    elif len(lost):
        shown = "; ".join(describe_key(r) for _, r in lost.head(MAX_KEYS_SHOWN).iterrows())
        why = f"would lose {len(lost)} stored key(s) {spec.key}, first: {shown}"
    elif stored_rows and stored_rows - len(new) > max(min_drop - 1, max_drop * stored_rows):
        why = f"would drop {stored_rows - len(new)} rows, more than {max_drop:.0%} of them"
    else:
        return None
    return f"{why} ({counts})"


def future_warnings(new: pd.DataFrame, spec: History, path: str, run_date: date | None, days: int) -> list[str]:
    """One warning per row (the first few) whose date is past the run date plus `days`."""
    if not run_date or not spec.date or spec.date not in new.columns:
        return []
    dates = _normalised(new[[spec.date]])[spec.date]
    if not pd.api.types.is_datetime64_any_dtype(dates.dtype):
        return []
    limit = pd.Timestamp(run_date + timedelta(days=days + 1))
    positions = (dates >= limit).to_numpy().nonzero()[0][:MAX_KEYS_SHOWN]
    shown = [col for col in spec.key if col in new.columns] or [spec.date]
    return [
        f"{spec.source} {path} row {i + 1} {describe_key(new.iloc[i][shown])}: {spec.date} "
        f"{_text(new.iloc[i][spec.date])} is after the run date {run_date}"
        for i in positions
    ]


def check_tables(
    storage: Storage,
    tables: dict[str, pd.DataFrame],
    payloads: dict[str, bytes],
    histories: dict[str, History],
    guard: Guard,
) -> dict[str, list[str]]:
    """Raise ShrinkError naming every refused table; return each table's warnings (dates past the run date)."""
    problems, sources, warnings = [], set(), {}
    for path, spec in histories.items():
        new = tables[path]
        warnings[path] = future_warnings(new, spec, path, guard.run_date, guard.future_days)
        if spec.source in guard.accept or not storage.exists(path):
            continue
        meta = storage.metadata(path)
        if meta.content_hash == content_hash(payloads[path]):
            continue  # the same bytes: nothing would change
        try:
            # A list is compared by its row count only: one column is enough.
            stored = storage.read_parquet(path, columns=list(spec.key if spec.kind != "list" else spec.key[:1]))
            stored_rows = len(stored)
        except MissingColumnsError:  # an older schema: its row count still counts
            stored, stored_rows = None, len(storage.read_parquet(path))
        drop = (0.0, 0) if spec.kind == "append" else (guard.max_drop, guard.min_drop)  # append: never a row fewer
        problem = shrink_problem(stored, stored_rows, new, spec, *drop)
        if problem:
            problems.append(f"{path} {problem}")
            sources.add(spec.source)
    if problems:
        sources = sorted(sources)
        raise ShrinkError(
            f"{', '.join(sources)}: refused to replace history: {'; '.join(problems)}. Nothing was written. "
            f"If this is intended, accept it for one run: vtasks run --accept-shrink {','.join(sources)}"
        )
    return warnings
