"""Rows gathered as columns: UTC conversion, clamped ends, all-day spans, time order and the schema's dtypes."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tasks.gcal.event_columns import EventColumns

BERLIN = ZoneInfo("Europe/Berlin")


def test_rows_in_utc_time_ordered_with_the_schema():
    columns = EventColumns("Team", BERLIN)
    columns.add(" Late ", datetime(2024, 3, 20, 15, tzinfo=UTC), datetime(2024, 3, 20, 14, tzinfo=UTC))
    columns.add("Floating", datetime(2024, 7, 1, 9), datetime(2024, 7, 1, 10, 30))  # calendar time: CEST
    columns.add("Trip", date(2024, 3, 29), date(2024, 4, 2))
    columns.add("Odd day", date(2024, 3, 5), date(2024, 3, 5))
    columns.add("Floating", datetime(2024, 1, 1, 9, tzinfo=BERLIN), datetime(2024, 1, 1, 9, 20, tzinfo=BERLIN))
    frame = columns.frame()
    assert [(r.summary, r.start.isoformat(), r.end.isoformat(), r.hours, r.all_day) for r in frame.itertuples()] == [
        ("Floating", "2024-01-01T08:00:00+00:00", "2024-01-01T08:20:00+00:00", 1 / 3, False),
        ("Odd day", "2024-03-05T00:00:00+00:00", "2024-03-05T00:00:00+00:00", 0.0, True),
        ("Late", "2024-03-20T15:00:00+00:00", "2024-03-20T15:00:00+00:00", 0.0, False),  # end before start: 0 h
        ("Trip", "2024-03-29T00:00:00+00:00", "2024-04-02T00:00:00+00:00", 96.0, True),
        ("Floating", "2024-07-01T07:00:00+00:00", "2024-07-01T08:30:00+00:00", 1.5, False),
    ]
    assert frame["calendar"].tolist() == ["Team"] * 5
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        "calendar": "string",
        "summary": "string",
        "start": "datetime64[us, UTC]",
        "end": "datetime64[us, UTC]",
        "hours": "float64",
        "all_day": "bool",
    }


def test_same_start_ordered_by_title_then_end_and_empty_frame_typed():
    columns = EventColumns("Team", UTC)
    start = datetime(2024, 1, 1, 8, tzinfo=UTC)
    for title, hour in [("b", 10), ("a", 11), ("a", 9)]:
        columns.add(title, start, start.replace(hour=hour))
    assert columns.frame()[["summary", "hours"]].values.tolist() == [["a", 1.0], ["a", 3.0], ["b", 2.0]]
    empty = EventColumns("Team", UTC).frame()
    assert (
        empty.empty and str(empty["start"].dtype) == "datetime64[us, UTC]" and str(empty["summary"].dtype) == "string"
    )
