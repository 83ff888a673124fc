"""Parquet to and from bytes: frames written the same way every time, read without `pyarrow.dataset`."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


class MissingColumnsError(ValueError):
    """Columns asked of a parquet file that it does not have (a ValueError, as `read_parquet` raises)."""

    def __init__(self, missing: list[str], present: list[str]):
        super().__init__(f"no column {', '.join(missing)} in the file (it has {', '.join(present)})")
        self.missing = missing


def parquet_frame(data: bytes, columns: list[str] | None = None, categorical: list[str] | None = None) -> pd.DataFrame:
    """`pd.read_parquet` of the bytes, `categorical` columns read as categories (each distinct text once).

    Read through `ParquetFile`: `read_parquet` goes through `pyarrow.dataset`, 12 MB resident once imported.
    """
    file = pq.ParquetFile(pa.BufferReader(data), read_dictionary=categorical)
    # `ParquetFile.read` leaves out columns it does not have; `read_parquet` refuses them, and so does this.
    missing = [c for c in columns or [] if c not in file.schema_arrow.names]
    if missing:
        raise MissingColumnsError(missing, file.schema_arrow.names)
    return file.read(columns=columns, use_pandas_metadata=True).to_pandas()


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """Serialise a frame deterministically so unchanged data gives identical bytes (and hashes)."""
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False, engine="pyarrow", compression="zstd")
    return buffer.getvalue()
