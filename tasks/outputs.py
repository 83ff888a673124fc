"""Writing a subflow's outputs together: every frame is serialised before the first file is written."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tasks.storage.base import Storage, parquet_bytes


@dataclass(frozen=True)
class Written:
    """A small, serialisable record of one written output, passed between tasks instead of data."""

    path: str
    rows: int
    uploaded: bool


def write_tables(storage: Storage, tables: dict[str, pd.DataFrame]) -> list[Written]:
    """Write parquet files only once all of them serialised, so a failure overwrites nothing."""
    payloads = {path: parquet_bytes(df) for path, df in tables.items()}
    results = storage.write_many(payloads)
    return [Written(path, len(df), result.uploaded) for (path, df), result in zip(tables.items(), results)]
