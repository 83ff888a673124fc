"""The events file built a calendar at a time: one row group each, kept calendars read back, same bytes as pandas'."""

import io
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tasks.gcal.event_columns import EVENTS_SCHEMA
from tasks.gcal.events_file import EventsFile, calendar_rows
from tests.tasks.gcal.test_transform import events

SPORT = events(("Sport", "Gym", "2024-01-02 08:00", 1.0, False), ("Sport", "Run", "2024-01-03 08:00", 0.5, False))
WORK = events(("Work", "Code", "2024-01-01 08:00", 2.0, False), ("Work", "Leave", "2024-01-05 00:00", 24.0, True))


def table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA, preserve_index=False)


def built(*steps, previous: bytes | None = None) -> tuple[bytes, list[str]]:
    """The file from steps (a table to add or a calendar name to keep), and the kept calendars handed back."""
    file, handed = EventsFile(lambda: previous), []
    for step in steps:
        handed += file.keep(step) if isinstance(step, str) else file.add(step)
    data, last = file.finish()
    return data, [t[0][0].as_py() for t in handed + last if t.num_rows]


def test_one_row_group_per_calendar_and_the_frame_pandas_would_write():
    data, _ = built(table(SPORT), table(WORK))
    file = pq.ParquetFile(io.BytesIO(data))
    assert [file.metadata.row_group(i).num_rows for i in range(file.num_row_groups)] == [2, 2]
    expected = pd.concat([SPORT, WORK], ignore_index=True)
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(data)), expected)
    assert file.schema_arrow.equals(pq.read_schema(io.BytesIO(expected.to_parquet(index=False))), check_metadata=True)
    assert built(table(SPORT), table(WORK))[0] == data  # same rows, same bytes


def test_kept_calendars_come_back_from_the_previous_file_in_place():
    previous, _ = built(table(SPORT), table(WORK))
    changed = events(("Work", "Review", "2024-02-01 08:00", 1.0, False))
    data, handed = built("Sport", table(changed), previous=previous)
    assert handed == ["Sport"]
    assert pd.read_parquet(io.BytesIO(data)).equals(pd.concat([SPORT, changed], ignore_index=True))
    data, handed = built(table(SPORT), "Work", previous=previous)  # kept after a fresh one
    assert data == previous and handed == ["Work"]


def test_nothing_read_until_a_calendar_is_written():
    reads = []
    file = EventsFile(lambda: reads.append(1))
    assert file.keep("Sport") == [] and file.keep("Work") == [] and reads == []


def test_rows_of_a_calendar_from_groups_that_mix_calendars():
    mixed = io.BytesIO()
    pd.concat([SPORT, WORK], ignore_index=True).to_parquet(mixed, index=False)  # one row group, as older files
    file = pq.ParquetFile(io.BytesIO(mixed.getvalue()))
    assert pd.read_parquet(io.BytesIO(built(table(SPORT), "Work", previous=mixed.getvalue())[0])).equals(
        pd.concat([SPORT, WORK], ignore_index=True)
    )
    assert calendar_rows(file, "Gone").num_rows == 0


def test_rows_wait_in_a_temporary_file_and_nothing_stays_open_after_a_failure():
    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    before = open_files()
    with pytest.raises(ValueError, match="bad feed"), EventsFile(lambda: None) as file:
        assert file.keep("Admin") == [] and open_files() == before  # nothing written yet: no file
        file.add(table(SPORT))
        assert open_files() == before + 1  # the calendars written so far are on disk, not in memory
        raise ValueError("bad feed")
    assert open_files() == before
