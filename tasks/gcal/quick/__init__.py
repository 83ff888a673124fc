"""The quick readers: one-off events (event.py) and plain series (series.py) read from their lines as
recurring-ical-events reads them, without icalendar's object tree (a large feed in seconds, not minutes); whatever
they decline goes to the library path (tasks/gcal/library.py). tests/tasks/gcal/test_library_corpus.py holds both
to the library on its own test calendars."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar

from tasks.gcal.event_columns import EventColumns
from tasks.gcal.feed_text import FeedParts
from tasks.gcal.quick.event import quick_event
from tasks.gcal.quick.series import PlainSeries, add_plain_series, plain_series

__all__ = ["Window", "learn_zones", "read_series"]


class Window:
    """One-off events into columns when they start before `until`, by the wall clock of the calendar's zone, else of
    their own (as the library compares them)."""

    def __init__(self, columns: EventColumns, until: date, zone):
        self.columns, self.until, self.zone = columns, until, zone
        self.end = datetime.combine(until, time())
        self.continues = False

    def read(self, props: list[tuple[bytes, bytes]]) -> bool:
        """Whether the event was read here (then added if it starts in the window); False leaves it to the library."""
        event = quick_event(props, self.zone)
        if event is None:
            return False
        wall = wall_time(event.start, self.zone)
        self.continues |= wall >= self.end  # left for a later window
        if not event.cancelled and wall < self.end:
            self.columns.add(event.summary, event.start, event.end)
        return True


def read_series(
    columns: EventColumns, group: list[list[tuple[bytes, bytes]]], until: date, calendar_zone
) -> bool | None:
    """A UID's events (as property lines) added as a plain series, and whether a later window may add rows; None
    leaves the series to the library."""
    plain = plain_series(group)
    if plain is None or (calendar_zone is not None and _in_utc(plain)):
        return None
    add_plain_series(columns, plain, until)
    return plain.continues(until)


def learn_zones(parts: FeedParts) -> None:
    """Zones only the feed defines (a VTIMEZONE whose TZID names no IANA zone): icalendar learns them once it parses
    the feed's time zones, after which the quick readers read times in them as the library does."""
    names = [line.split(":", 1)[1].strip() for line in parts.header if line[:5].upper() == "TZID:"]
    if any(not _known_zone(name) for name in names):
        try:
            icalendar.Calendar.from_ical(parts.calendar_text([]))
        except ValueError:
            pass  # a bad time zone is refused, by name, by whichever event uses it


def wall_time(start: date | datetime, zone) -> datetime:
    """Local wall-clock start, as recurring-ical-events compares it with naive bounds (in `zone` if given)."""
    if not isinstance(start, datetime):
        return datetime.combine(start, time())
    if zone is not None and start.tzinfo is not None:
        start = start.astimezone(zone)
    return start.replace(tzinfo=None)


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # not found is a KeyError; a malformed name a ValueError
        return False
    return True


def _in_utc(series: PlainSeries) -> bool:
    """Whether the series has UTC times, which `of()` moves into the calendar's zone: its rule then repeats in local
    time (and its window is cut in local time), so the library expands it."""
    events = [series.master, *(instance.event for instance in series.instances)]
    return any(
        isinstance(e.start, datetime) and e.start.tzinfo is not None and e.start.tzname() == "UTC" for e in events
    )
