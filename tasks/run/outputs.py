"""Writing a subflow's outputs together: every frame is serialised before the first file is written."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tasks.run.history_guard import Guard, History, check_tables
from tasks.storage.base import Storage
from tasks.storage.parquet import parquet_bytes


@dataclass(frozen=True)
class Written:
    """A small, serialisable record of one written output, passed between tasks instead of data."""

    path: str
    rows: int
    uploaded: bool
    warnings: tuple[str, ...] = ()  # rows dated past the run date (tasks/run/history_guard.py)


def write_tables(
    storage: Storage,
    tables: dict[str, pd.DataFrame],
    histories: dict[str, History] | None = None,
    guard: Guard | None = None,
) -> list[Written]:
    """Write parquet files only once all of them serialised, so a failure overwrites nothing.

    A table named in `histories` is first checked against the stored one: one that would lose stored rows,
    become empty or shrink a lot raises ShrinkError and nothing is written (unless `guard` accepts it)."""
    payloads = {path: parquet_bytes(df) for path, df in tables.items()}
    warnings = check_tables(storage, tables, payloads, histories or {}, guard or Guard())
    results = storage.write_many(payloads)
    return [
        Written(path, len(df), result.uploaded, tuple(warnings.get(path, ())))
        for (path, df), result in zip(tables.items(), results)
    ]


def written_warnings(written: list[Written]) -> list[str]:
    return [w for item in written for w in item.warnings]
