"""Recurring events expanded by recurring-ical-events into columns, reading each occurrence in place."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import icalendar
import x_wr_timezone
from recurring_ical_events import ComponentsWithName, Occurrence
from recurring_ical_events.adapters.event import EventAdapter
from recurring_ical_events.util import time_span_contains_event

from tasks.gcal.event_columns import EventColumns


class SourcedOccurrence(Occurrence):
    """An occurrence that tells the event it comes from (the series' or a moved instance's): copying that event
    per occurrence, as `as_component` does, is most of the library's cost on a large feed."""

    @property
    def source(self) -> icalendar.Event:
        return self._adapter._component  # noqa: SLF001 - where the library's adapters keep their event


SERIES = ComponentsWithName("VEVENT", occurrence=SourcedOccurrence)
SERIES_PROPERTIES = frozenset({"RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"})


def add_occurrences(columns: EventColumns, series: list[icalendar.Event], until: date, calendar_zone=None) -> None:
    """Occurrences of each series from New Year of its first event's year to `until` (exclusive), as
    `recurring_ical_events.of(...).between()` selects them, less cancelled ones. With the feed's X-WR-TIMEZONE
    (`calendar_zone`), UTC and floating times are first moved into it, as `of()` does (so a UTC rule repeats at
    the same local time across a daylight-saving change)."""
    given, only_series, first = icalendar.Calendar(), icalendar.Calendar(), {}
    for event in series:
        given.add_component(event)
    if calendar_zone is not None:
        given = x_wr_timezone.to_standard(given, timezone=calendar_zone)  # copies the events it changes
    uids = Counter(event.get("UID") for event in given.subcomponents)
    upper = datetime.combine(until, time())
    for event in given.subcomponents:
        uid, day = event.get("UID", str(id(event))), min(_day(t) for t in event_times(event))  # the library's UID
        if uids[event.get("UID")] == 1 or "UID" not in event:
            if not (event.keys() & SERIES_PROPERTIES):
                _add_lone(columns, event, _lower(day), upper)
                continue
        only_series.add_component(event)
        first[uid] = min(first.get(uid, day), day)
    read: dict[int, tuple[str, bool]] = {}  # per source event: title and whether it is cancelled
    for recurrence in SERIES.collect_series_from(only_series, ()):
        lower = _lower(first[recurrence.uid])
        if lower >= upper:
            continue
        for occurrence in recurrence.between(lower, upper):
            # The library compares its naive bounds with each event's own local time.
            if wall_time(occurrence.start, None) < lower:
                continue
            source = occurrence.source
            summary, cancelled = read.get(id(source)) or read.setdefault(id(source), _title_and_status(source))
            if not cancelled:
                columns.add(summary, occurrence.start, occurrence.end)


def _add_lone(columns: EventColumns, event: icalendar.Event, lower: datetime, upper: datetime) -> None:
    """An event alone under its UID, without rules or exclusions, as the library's series of it gives it: one
    occurrence over its span (start and end made comparable, swapped if reversed), if that meets the window."""
    start, end = EventAdapter(event).span
    end = start + (end - start)  # as the library computes an occurrence's end: by wall clock in the start's zone
    if lower >= upper or not time_span_contains_event(lower, upper, start, end) or wall_time(start, None) < lower:
        return
    summary, cancelled = _title_and_status(event)
    if not cancelled:
        columns.add(summary, start, end)


def _lower(first: date) -> datetime:
    """New Year of a series' first year, a day early: a time in another zone may fall on the day before in its own."""
    return datetime((first - timedelta(days=1)).year, 1, 1)


def event_times(event: icalendar.Event) -> list[date | datetime]:
    """Where an event's occurrences can start: its start as the library reads it (the end, if before), its extra
    dates and the instance it replaces. The library's adapter reads the lines as they are, where icalendar's
    `Event.start` refuses what RFC 5545 forbids (a DTEND beside a DURATION, a day ending at a time)."""
    adapter = EventAdapter(event)
    times = [adapter.start, *(when[0] if isinstance(when, tuple) else when for when in adapter.rdates)]
    replaced = event.get("RECURRENCE-ID")
    return times if replaced is None else [*times, replaced.dt]


def _title_and_status(event: icalendar.Event) -> tuple[str, bool]:
    return str(event.get("SUMMARY", "")), str(event.get("STATUS", "")).upper() == "CANCELLED"


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def wall_time(start: date | datetime, zone) -> datetime:
    """Local wall-clock start, as recurring-ical-events compares it with naive bounds (in `zone` if given)."""
    if not isinstance(start, datetime):
        return datetime.combine(start, time())
    if zone is not None and start.tzinfo is not None:
        start = start.astimezone(zone)
    return start.replace(tzinfo=None)
