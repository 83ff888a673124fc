"""The calendar reader agrees with recurring-ical-events on the test calendars the library ships (in its installed
package): the same occurrences (start, end and title), or a named InputError where the library cannot read the
calendar.

Windows: the reader counts every occurrence starting before `until`; the library is asked `between(1900-01-01,
until)` (no calendar here starts before 1900). Each file is checked with a wide window (until 2030-01-01, past
every event but the open-ended series, which it cuts) and one that cuts its occurrences in half (until the day of
the library's median start). Times are compared in UTC: floating times in the calendar's X-WR-TIMEZONE (else
UTC), days at midnight UTC, as the reader stores them; titles without surrounding blanks and cancelled occurrences
left out, as the reader does.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import pytest
import recurring_ical_events

from tasks.gcal.ics import occurrences_frame
from tasks.validation import InputError

CORPUS = Path(recurring_ical_events.__file__).parent / "test" / "calendars"
CALENDARS = sorted(CORPUS.glob("*.ics"))
LOWER = datetime(1900, 1, 1)
WIDE = date(2030, 1, 1)


def library_occurrences(data: bytes, until: date) -> list[tuple]:
    """The library's non-cancelled occurrences starting before `until`, as sorted (start, end, title) in UTC
    (raises what the library raises)."""
    calendar = icalendar.Calendar.from_ical(data)
    zone = calendar.get("X-WR-TIMEZONE")
    floating = ZoneInfo(str(zone)) if zone else timezone.utc

    def utc(moment) -> pd.Timestamp:
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(), timezone.utc)
        elif moment.tzinfo is None:
            moment = moment.replace(tzinfo=floating)
        return pd.Timestamp(moment).tz_convert("UTC")

    found = recurring_ical_events.of(calendar).between(LOWER, datetime.combine(until, time()))
    return sorted((utc(o.start), utc(o.end), str(o.get("SUMMARY", "")).strip()) for o in found
                  if str(o.get("STATUS", "")).upper() != "CANCELLED")  # fmt: skip


def reader_occurrences(data: bytes, name: str, until: date) -> list[tuple]:
    return sorted((r.start, r.end, r.summary) for r in occurrences_frame(data, name, until).itertuples())


def test_the_corpus_is_installed():
    # 95 calendars in recurring-ical-events 3.8: fewer means the package layout changed and this test reads nothing.
    assert len(CALENDARS) >= 90, CORPUS


@pytest.mark.parametrize("path", CALENDARS, ids=[p.name for p in CALENDARS])
def test_reader_agrees_with_the_library(path: Path):
    data, name = path.read_bytes(), path.stem
    try:
        expected = library_occurrences(data, WIDE)
    except Exception:  # noqa: BLE001 - the library cannot read it: the reader must refuse it by name
        with pytest.raises(InputError, match=f"^calendar '{name}': "):
            occurrences_frame(data, name, WIDE)
        return
    assert reader_occurrences(data, name, WIDE) == expected
    if expected:
        middle = expected[len(expected) // 2][0].date()
        assert reader_occurrences(data, name, middle) == library_occurrences(data, middle), f"until {middle}"
