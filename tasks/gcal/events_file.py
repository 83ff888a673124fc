"""`events.parquet` written a calendar at a time (one row group each, by name, into a temporary file) and read
back a calendar at a time."""

from __future__ import annotations

import tempfile
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tasks.gcal.event_columns import EVENTS_SCHEMA
from tasks.gcal.schema import COL_CALENDAR

CALENDAR_INDEX = EVENTS_SCHEMA.names.index(COL_CALENDAR)


class EventsFile:
    """The new events file, built from calendars given in name order: each either a fresh table or kept from the
    previous file. Kept calendars wait until a fresh one comes, so an unchanged feed set reads and writes nothing."""

    def __init__(self, previous: Callable[[], bytes | None]):
        self._previous, self._old = previous, None
        self._sink = None
        self._writer: pq.ParquetWriter | None = None
        self._kept: list[str] = []

    def keep(self, calendar: str) -> list[pa.Table]:
        """Carry a calendar over; returns its tables once the file is being written, else nothing yet."""
        self._kept.append(calendar)
        return self._flush() if self._writer is not None else []

    def add(self, table: pa.Table) -> list[pa.Table]:
        """Append a fresh calendar's rows; returns the kept calendars' tables written before it."""
        self._start()
        written = self._flush()
        self._write(table)
        return written

    def finish(self) -> tuple[bytes, list[pa.Table]]:
        """The whole file, and the kept calendars' tables written last."""
        self._start()
        written = self._flush()
        self._writer.close()
        self._sink.seek(0)
        data = self._sink.read()
        self.close()
        return data, written

    def close(self) -> None:
        """Drop the file being written (a failed refresh leaves nothing behind)."""
        if self._writer is not None:
            self._writer.close()  # idempotent; left open, it would write its footer to a closed file when collected
        if self._sink is not None:
            self._sink.close()
        self._sink = self._old = None

    def __enter__(self) -> EventsFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        if self._writer is None:
            # On disk until finished: the calendars written so far stay out of memory while the next (the
            # largest, in a big household) is parsed, and the whole file is read back once, at its final size.
            self._sink = tempfile.TemporaryFile(prefix="vtasks-events-")
            # The settings `DataFrame.to_parquet` uses: an unchanged table gives the same bytes as before.
            self._writer = pq.ParquetWriter(self._sink, EVENTS_SCHEMA, compression="zstd")

    def _flush(self) -> list[pa.Table]:
        if self._kept and self._old is None:
            data = self._previous()
            self._old = pq.ParquetFile(pa.BufferReader(data)) if data is not None else None
        tables = [] if self._old is None else [calendar_rows(self._old, name) for name in self._kept]
        self._kept = []
        for table in tables:
            self._write(table)
        return tables

    def _write(self, table: pa.Table) -> None:
        if table.num_rows:
            self._writer.write_table(table)


def calendar_rows(file: pq.ParquetFile, calendar: str) -> pa.Table:
    """One calendar's rows: its own row groups, or rows picked from groups that mix calendars (older files)."""
    parts = []
    for i in range(file.num_row_groups):
        stats = file.metadata.row_group(i).column(CALENDAR_INDEX).statistics
        only = stats.min if stats is not None and stats.has_min_max and stats.min == stats.max else None
        if only == calendar:
            parts.append(file.read_row_group(i))
        elif only is None:
            group = file.read_row_group(i)
            parts.append(group.filter(pc.equal(group[COL_CALENDAR], calendar)))
    table = pa.concat_tables(parts) if parts else EVENTS_SCHEMA.empty_table()
    return table.replace_schema_metadata(EVENTS_SCHEMA.metadata)
