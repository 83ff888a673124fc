"""Pure iCalendar parsing: one feed's bytes to a table of expanded occurrences, or InputError naming the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd

from tasks.gcal.event_columns import EventColumns, events_frame, events_typed
from tasks.gcal.feed_text import FeedParts, feed_parts, snippet
from tasks.gcal.quick_event import quick_event
from tasks.gcal.quick_series import PlainSeries, add_plain_series, plain_series
from tasks.gcal.series import add_occurrences, wall_time
from tasks.validation import InputError

__all__ = ["CHUNK_EVENTS", "Expansion", "events_typed", "expanded_feed", "occurrences_frame"]

CHUNK_EVENTS = 1000  # events icalendar parses per batch: bounds memory whatever the feed's size


@dataclass(frozen=True)
class Expansion:
    """A feed's occurrences before `until` (as columns: the feed's bytes can go before its table is built), and
    whether it may have more from `until` on."""

    columns: EventColumns
    continues: bool


def occurrences_frame(data: bytes, calendar: str, until: date) -> pd.DataFrame:
    """Every non-cancelled occurrence starting before `until`, one row each, in UTC."""
    return events_frame(expanded_feed(data, calendar, until).columns.table())


def expanded_feed(data: bytes, calendar: str, until: date) -> Expansion:
    """One-off events (most of a feed) are read straight from their lines, plain series expanded by dateutil from
    theirs; every other event or series is left to recurring-ical-events, a batch at a time. Rows are kept as
    compact columns. InputError naming the calendar for whatever cannot be read."""
    try:
        parts = feed_parts(data, calendar)
        _learn_zones(parts)
        expansion, shared = _expansion(parts, calendar, until)
        if shared:  # a UID on several events: which of them count is the library's rule (by SEQUENCE)
            parts.grouped |= shared
            expansion, shared = _expansion(parts, calendar, until)
        return expansion
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - values no reader expects (out of range, wrong types): a bad feed
        raise InputError(f"calendar '{calendar}': cannot read events ({type(exc).__name__}: {snippet(str(exc))})") from None


def _expansion(parts: FeedParts, calendar: str, until: date) -> tuple[Expansion, set[bytes]]:
    """The feed expanded, and the UIDs found on one-off events that share them (then the expansion is not final)."""
    columns = EventColumns(calendar, _zone(parts.zone))
    # X-WR-TIMEZONE: the library moves UTC and floating times into it (so compares them with `until` there).
    calendar_zone = columns.zone if parts.zone else None
    window = _Window(columns, until, calendar_zone)
    series: dict[bytes, list[int]] = {}  # per UID, where its events are: read again once all are known
    single: set[bytes] = set()  # UIDs of one-off events read quickly
    shared: set[bytes] = set()
    for event in parts.events():
        uid = event.uid
        if not event.series:
            if uid and (uid in single or uid in series):
                shared.add(uid)
            elif uid:
                single.add(uid)
            quick = quick_event(event.props, calendar_zone)
            if quick is not None:
                window.add(quick.start, quick.end, quick.summary, quick.cancelled)
                continue
        elif uid in single:
            shared.add(uid)
        # The library keeps events without UID apart, however they are grouped here.
        series.setdefault(uid, []).append(event.index)
    if shared:
        return Expansion(window.columns, True), shared
    continues, odd_series = window.continues, []
    for indices in series.values():
        group = [parts.event(i) for i in indices]
        plain = plain_series([event.props for event in group]) if group[0].series else None
        if plain is None or (calendar_zone is not None and _in_utc(plain)):
            odd_series.append([event.text_lines() for event in group])
        else:
            add_plain_series(window.columns, plain, until)
            continues = continues or plain.continues(until)
    for batch in _batches(odd_series):
        events = parsed_events(parts, batch, calendar)
        try:
            add_occurrences(window.columns, events, until, calendar_zone)
            continues = continues or continues_after(events, until, calendar_zone)
        except Exception as exc:  # the library raises many types for bad rules; all mean a bad feed
            raise InputError(f"calendar '{calendar}': cannot expand events ({type(exc).__name__}: {snippet(str(exc))})") from None
    return Expansion(window.columns, continues), set()


def parsed_events(parts: FeedParts, blocks: list[list[str]], calendar: str) -> list[icalendar.Event]:
    """The blocks' events, each with a readable DTSTART; InputError naming the event otherwise."""
    try:
        cal = icalendar.Calendar.from_ical(parts.calendar_text(blocks))
    except ValueError as exc:
        raise InputError(f"calendar '{calendar}': unreadable iCalendar ({snippet(str(exc))})") from None
    events = cal.walk("VEVENT")
    for event in events:
        label = f"event '{event.get('SUMMARY', '')}' (UID {event.get('UID', '?')})"
        if event.errors:
            prop, why = event.errors[0]
            raise InputError(f"calendar '{calendar}': {label}: bad {prop} ({snippet(why)})")
        if "DTSTART" not in event:
            raise InputError(f"calendar '{calendar}': {label} has no DTSTART")
    return events


def continues_after(series: list[icalendar.Event], until: date, zone=None) -> bool:
    """Whether a rule may reach `until`. Conservative (any COUNT or RDATE does): a precise answer costs a full expansion.
    With the calendar's zone, UTC times count by its days, as the library reads them then."""
    for event in series:
        if "RDATE" in event or _local_day(event["DTSTART"].dt, zone) >= until:
            return True
        rules = event.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            if "COUNT" in rule or not rule.get("UNTIL") or _local_day(rule["UNTIL"][0], zone) >= until:
                return True
    return False


class _Window:
    """One-off events into columns when they start before `until`, by the wall clock of the calendar's zone, else of
    their own (as the library compares them)."""

    def __init__(self, columns: EventColumns, until: date, zone):
        self.columns, self.until, self.zone = columns, until, zone
        self.end = datetime.combine(until, time())
        self.continues = False

    def add(self, start: date | datetime, end: date | datetime, summary: str, cancelled: bool) -> None:
        wall = wall_time(start, self.zone)
        self.continues |= wall >= self.end  # left for a later window
        if not cancelled and wall < self.end:
            self.columns.add(summary, start, end)


def _batches(groups: list[list[list[str]]]) -> list[list[list[str]]]:
    """Series (each a UID's events, kept together) in batches of about CHUNK_EVENTS events."""
    batches, batch = [], []
    for group in groups:
        batch += group
        if len(batch) >= CHUNK_EVENTS:
            batches.append(batch)
            batch = []
    return [*batches, batch] if batch else batches


def _learn_zones(parts: FeedParts) -> None:
    """Zones only the feed defines (a VTIMEZONE whose TZID names no IANA zone): icalendar learns them once it parses
    the feed's time zones, after which the quick readers read times in them as the library does."""
    names = [line.split(":", 1)[1].strip() for line in parts.header if line[:5].upper() == "TZID:"]
    if any(not _known_zone(name) for name in names):
        try:
            icalendar.Calendar.from_ical(parts.calendar_text([]))
        except ValueError:
            pass  # a bad time zone is refused, by name, by whichever event uses it


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
    return any(isinstance(e.start, datetime) and e.start.tzinfo is not None and e.start.tzname() == "UTC" for e in events)


def _zone(name: str | None) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(name) if name else timezone.utc
    except Exception:
        return timezone.utc


def _local_day(value: date | datetime, zone) -> date:
    if zone is not None and isinstance(value, datetime) and value.tzinfo is not None and value.tzname() == "UTC":
        return value.astimezone(zone).date()
    return _day(value)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
