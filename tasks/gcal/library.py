"""The library path: whatever the quick readers leave (or everything, without them) expanded by recurring-ical-events
through its public API, a batch of events at a time."""

from __future__ import annotations

from datetime import date, datetime, time

import icalendar
import recurring_ical_events
import x_wr_timezone

from tasks.gcal.event_columns import EventColumns

# The query's lower bound, before any event a calendar holds (the reader keeps every occurrence before `until`);
# far earlier, zone conversions at the bound would overflow.
EARLIEST = datetime(1000, 1, 1)


def add_occurrences(columns: EventColumns, calendar: icalendar.Calendar, until: date, calendar_zone=None) -> None:
    """The calendar's occurrences starting before `until`, as `recurring_ical_events.of(...).between()` selects them,
    less cancelled ones. With the feed's X-WR-TIMEZONE (`calendar_zone`), UTC and floating times are first moved into
    it, as `of()` does (so a UTC rule repeats at the same local time across a daylight-saving change)."""
    if calendar_zone is not None:
        calendar = x_wr_timezone.to_standard(calendar, timezone=calendar_zone)  # copies the events it changes
    for occurrence in recurring_ical_events.of(calendar).between(EARLIEST, datetime.combine(until, time())):
        if str(occurrence.get("STATUS", "")).upper() != "CANCELLED":
            columns.add(str(occurrence.get("SUMMARY", "")), occurrence.start, occurrence.end)
