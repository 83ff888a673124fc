"""Occurrences gathered column by column (UTC microseconds and title codes in arrays), then an Arrow table."""

from __future__ import annotations

from array import array
from datetime import UTC, date, datetime, timedelta, tzinfo

import numpy as np
import pandas as pd
import pyarrow as pa

from tasks.gcal.schema import COL_ALL_DAY, COL_CALENDAR, COL_END, COL_HOURS, COL_START, COL_SUMMARY, EVENT_COLUMNS

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_DAY = EPOCH.date().toordinal()
MICROSECOND = timedelta(microseconds=1)
DAY_US = 86_400_000_000


class EventColumns:
    """Rows of one calendar's events table, kept as compact columns while a feed is read."""

    def __init__(self, calendar: str, zone: tzinfo):
        self.calendar, self.zone = calendar, zone
        self.titles: dict[str, int] = {}  # each distinct title once, with its code
        self.codes, self.starts, self.ends = array("i"), array("q"), array("q")
        self.all_day = bytearray()

    def __len__(self) -> int:
        return len(self.codes)

    def add(self, summary: str, start: date | datetime, end: date | datetime) -> None:
        """One occurrence. All-day events run from midnight UTC of their first day to midnight after their last;
        floating times are the calendar's local time, as Google shows them; an end before the start is the start."""
        self.codes.append(self.titles.setdefault(summary.strip(), len(self.titles)))
        if not isinstance(start, datetime):
            first = (start.toordinal() - EPOCH_DAY) * DAY_US
            self.starts.append(first)
            self.ends.append((end.toordinal() - EPOCH_DAY) * DAY_US if end > start else first)
            self.all_day.append(1)
            return
        first = ((start if start.tzinfo else start.replace(tzinfo=self.zone)) - EPOCH) // MICROSECOND
        last = ((end if end.tzinfo else end.replace(tzinfo=self.zone)) - EPOCH) // MICROSECOND
        self.starts.append(first)
        self.ends.append(max(last, first))
        self.all_day.append(0)

    def table(self) -> pa.Table:
        """The events schema's table; hours are computed as `timedelta.total_seconds() / 3600` would."""
        starts, ends = np.array(self.starts, dtype=np.int64), np.array(self.ends, dtype=np.int64)
        codes, all_day = np.array(self.codes, dtype=np.int32), np.frombuffer(bytes(self.all_day), dtype=np.uint8)
        # In the order merged tables keep (start, title, end, all-day), so merging them need not copy them.
        title_rank = np.argsort(np.argsort(np.array(list(self.titles), dtype=object), kind="stable"))
        order = np.lexsort((all_day, ends, title_rank[codes], starts))
        starts, ends, codes, all_day = starts[order], ends[order], codes[order], all_day[order]
        # Arrow builds the string columns from the distinct titles, without a Python string per row.
        titles = pa.array(list(self.titles), type=pa.large_string()).take(codes)
        calendars = pa.array([self.calendar], type=pa.large_string()).take(np.zeros(len(self), dtype=np.int32))
        return pa.Table.from_arrays(
            [
                calendars,
                titles,
                pa.array(starts, type=UTC_MICROS),
                pa.array(ends, type=UTC_MICROS),
                pa.array((ends - starts) / 1e6 / 3600),
                pa.array(all_day.astype(bool)),
            ],
            schema=EVENTS_SCHEMA,
        )

    def frame(self) -> pd.DataFrame:
        return events_frame(self.table())


def events_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The events schema's dtypes, so empty and full frames concatenate and serialise alike."""
    return frame.astype(
        {
            COL_CALENDAR: "string",
            COL_SUMMARY: "string",
            COL_START: "datetime64[us, UTC]",
            COL_END: "datetime64[us, UTC]",
            COL_HOURS: "float64",
            COL_ALL_DAY: "bool",
        }
    )


def events_frame(table: pa.Table) -> pd.DataFrame:
    return events_typed(table.to_pandas())


UTC_MICROS = pa.timestamp("us", tz="UTC")
# With pandas' metadata, as `DataFrame.to_parquet` writes it: readers get the same dtypes either way.
EVENTS_SCHEMA = pa.Schema.from_pandas(events_typed(pd.DataFrame(columns=EVENT_COLUMNS)), preserve_index=False)
