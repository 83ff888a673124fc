"""Pure iCalendar parsing: one feed's bytes to a table of expanded occurrences, or InputError naming the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timezone
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd

from tasks.gcal.event_columns import EventColumns, events_frame, events_typed
from tasks.gcal.feed_text import FeedParts, feed_parts, snippet
from tasks.gcal.library import add_occurrences
from tasks.gcal.quick import Window, learn_zones, read_series
from tasks.validation import InputError

__all__ = ["CHUNK_EVENTS", "Expansion", "events_typed", "expanded_feed", "occurrences_frame"]

CHUNK_EVENTS = 1000  # events icalendar parses per batch: bounds memory whatever the feed's size


@dataclass(frozen=True)
class Expansion:
    """A feed's occurrences before `until` (as columns: the feed's bytes can go before its table is built), and
    whether it may have more from `until` on."""

    columns: EventColumns
    continues: bool


def occurrences_frame(data: bytes, calendar: str, until: date, quick: bool = True) -> pd.DataFrame:
    """Every non-cancelled occurrence starting before `until`, one row each, in UTC."""
    return events_frame(expanded_feed(data, calendar, until, quick).columns.table())


def expanded_feed(data: bytes, calendar: str, until: date, quick: bool = True) -> Expansion:
    """One-off events (most of a feed) and plain series are read by the quick readers (tasks/gcal/quick) from their
    lines; every other event or series (or all, with `quick` off) is left to recurring-ical-events, a batch at a time.
    Rows are kept as compact columns. InputError naming the calendar for whatever cannot be read."""
    try:
        parts = feed_parts(data, calendar)
        if quick:
            learn_zones(parts)
        expansion, shared = _expansion(parts, calendar, until, quick)
        if shared:  # a UID on several events: which of them count is the library's rule (by SEQUENCE)
            parts.grouped |= shared
            expansion, shared = _expansion(parts, calendar, until, quick)
        return expansion
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - values no reader expects (out of range, wrong types): a bad feed
        raise InputError(
            f"calendar '{calendar}': cannot read events ({type(exc).__name__}: {snippet(str(exc))})"
        ) from None


def _expansion(parts: FeedParts, calendar: str, until: date, quick: bool) -> tuple[Expansion, set[bytes]]:
    """The feed expanded, and the UIDs found on one-off events that share them (then the expansion is not final)."""
    columns = EventColumns(calendar, _zone(parts.zone))
    # X-WR-TIMEZONE: the library moves UTC and floating times into it (so compares them with `until` there).
    calendar_zone = columns.zone if parts.zone else None
    window = Window(columns, until, calendar_zone)
    series: dict[bytes, list[int]] = {}  # per UID, where its events are: read again once all are known
    single: set[bytes] = set()  # UIDs of one-off events read quickly
    shared: set[bytes] = set()
    for event in parts.events():
        uid = event.uid
        if not event.series and quick:
            if uid and (uid in single or uid in series):
                shared.add(uid)
            elif uid:
                single.add(uid)
            if window.read(event.props):
                continue
        elif uid in single:
            shared.add(uid)
        # The library keeps events without UID apart, however they are grouped here.
        series.setdefault(uid, []).append(event.index)
    if shared:
        return Expansion(window.columns, True), shared
    continues, left = window.continues, []
    for indices in series.values():
        group = [parts.event(i) for i in indices]
        more = (
            read_series(columns, [e.props for e in group], until, calendar_zone) if quick and group[0].series else None
        )
        if more is None:
            left.append([event.text_lines() for event in group])
        else:
            continues = continues or more
    for batch in _batches(left):
        cal = parsed_calendar(parts, batch, calendar)
        try:
            add_occurrences(columns, cal, until, calendar_zone)
            continues = continues or continues_after(cal.walk("VEVENT"), until, calendar_zone)
        except Exception as exc:  # the library raises many types for bad rules; all mean a bad feed
            raise InputError(
                f"calendar '{calendar}': cannot expand events ({type(exc).__name__}: {snippet(str(exc))})"
            ) from None
    return Expansion(columns, continues), set()


def parsed_calendar(parts: FeedParts, blocks: list[list[str]], calendar: str) -> icalendar.Calendar:
    """The feed's time zones and the blocks' events, each with a readable DTSTART; InputError naming the event otherwise."""
    try:
        cal = icalendar.Calendar.from_ical(parts.calendar_text(blocks))
    except ValueError as exc:
        raise InputError(f"calendar '{calendar}': unreadable iCalendar ({snippet(str(exc))})") from None
    for event in cal.walk("VEVENT"):
        label = f"event '{event.get('SUMMARY', '')}' (UID {event.get('UID', '?')})"
        if event.errors:
            prop, why = event.errors[0]
            raise InputError(f"calendar '{calendar}': {label}: bad {prop} ({snippet(why)})")
        if "DTSTART" not in event:
            raise InputError(f"calendar '{calendar}': {label} has no DTSTART")
    return cal


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


def _batches(groups: list[list[list[str]]]) -> list[list[list[str]]]:
    """Series (each a UID's events, kept together) in batches of about CHUNK_EVENTS events."""
    batches, batch = [], []
    for group in groups:
        batch += group
        if len(batch) >= CHUNK_EVENTS:
            batches.append(batch)
            batch = []
    return [*batches, batch] if batch else batches


def _zone(name: str | None) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(name) if name else UTC
    except Exception:
        return UTC


def _local_day(value: date | datetime, zone) -> date:
    if zone is not None and isinstance(value, datetime) and value.tzinfo is not None and value.tzname() == "UTC":
        return value.astimezone(zone).date()
    return _day(value)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
