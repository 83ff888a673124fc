"""Pure iCalendar parsing: one feed's bytes to a frame of expanded occurrences, or InputError naming the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import recurring_ical_events

from tasks.gcal.feed_text import FeedParts, feed_parts, snippet
from tasks.gcal.schema import COL_ALL_DAY, COL_CALENDAR, COL_END, COL_HOURS, COL_START, COL_SUMMARY, EVENT_COLUMNS
from tasks.validation import InputError

CHUNK_EVENTS = 1000  # one-off events parsed per batch: bounds memory whatever the feed's size


@dataclass(frozen=True)
class Expansion:
    """A feed's occurrences before `until`, and whether it may have more from `until` on."""

    frame: pd.DataFrame
    continues: bool


def occurrences_frame(data: bytes, calendar: str, until: date) -> pd.DataFrame:
    """Every non-cancelled occurrence starting before `until`, one row each, in UTC."""
    return expanded_feed(data, calendar, until).frame


def expanded_feed(data: bytes, calendar: str, until: date) -> Expansion:
    """One-off events (most of a feed) are read in batches; series go through recurring-ical-events a
    year at a time, so no feed ever holds all its events or all their copies at once."""
    parts = feed_parts(data, calendar)
    zone = _zone(parts.zone)
    end = datetime.combine(until, time())
    rows, continues = [], False
    for start in range(0, len(parts.singles), CHUNK_EVENTS):
        for event in parsed_events(parts, parts.singles[start : start + CHUNK_EVENTS], calendar):
            continues |= _day(event.start) >= until
            if _wall(event.start, zone) < end:
                rows.append(_row(event, calendar, zone))
    series = parsed_events(parts, parts.series, calendar) if parts.series else []
    if series:
        rows += _series_rows(series, calendar, zone, until)
        continues |= continues_after(series, until)
    frame = pd.DataFrame([r for r in rows if r is not None], columns=EVENT_COLUMNS)
    return Expansion(events_typed(frame), continues)


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


def continues_after(series: list[icalendar.Event], until: date) -> bool:
    """Whether a rule may reach `until`. Conservative (any COUNT or RDATE does): a precise answer costs a full expansion."""
    for event in series:
        rule = event.get("RRULE")
        if _day(event.start) >= until or "RDATE" in event:
            return True
        if rule is not None and ("COUNT" in rule or not rule.get("UNTIL") or _day(rule["UNTIL"][0]) >= until):
            return True
    return False


def events_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The events schema's dtypes, so empty and full frames concatenate and serialise alike."""
    return frame.astype({COL_CALENDAR: "string", COL_SUMMARY: "string", COL_START: "datetime64[us, UTC]",
                         COL_END: "datetime64[us, UTC]", COL_HOURS: "float64", COL_ALL_DAY: "bool"})  # fmt: skip


def _series_rows(series: list[icalendar.Event], calendar: str, zone, until: date) -> list[tuple | None]:
    """Occurrences of the series a year at a time; an occurrence spanning New Year is kept once."""
    only_series = icalendar.Calendar()
    for event in series:
        only_series.add_component(event)
    first = min(_day(e.start) for e in series)
    rows = []
    try:
        query = recurring_ical_events.of(only_series)
        for year in range(first.year, until.year + 1):
            lower, upper = datetime(year, 1, 1), datetime.combine(min(date(year + 1, 1, 1), until), time())
            if lower < upper:
                rows += [_row(e, calendar, zone) for e in query.between(lower, upper) if _wall(e.start, None) >= lower]
    except Exception as exc:  # the library raises many types for bad rules; all mean a bad feed
        raise InputError(f"calendar '{calendar}': cannot expand events ({type(exc).__name__}: {snippet(str(exc))})") from None
    return rows


def _zone(name: str | None) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(name) if name else timezone.utc
    except Exception:
        return timezone.utc


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _wall(start: date | datetime, zone) -> datetime:
    """Local wall-clock start, as recurring-ical-events compares it with naive bounds (in `zone` if given)."""
    if not isinstance(start, datetime):
        return datetime.combine(start, time())
    if zone is not None and start.tzinfo is not None:
        start = start.astimezone(zone)
    return start.replace(tzinfo=None)


def _row(event: icalendar.Event, calendar: str, zone) -> tuple | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start, end = event.start, event.end
    all_day = not isinstance(start, datetime)
    if all_day:
        start_utc = datetime.combine(start, time(), timezone.utc)
        end_utc = datetime.combine(end if end > start else start, time(), timezone.utc)
    else:
        # Floating times (no zone) are the calendar's local time, as Google shows them.
        start_utc = (start if start.tzinfo else start.replace(tzinfo=zone)).astimezone(timezone.utc)
        end_utc = max((end if end.tzinfo else end.replace(tzinfo=zone)).astimezone(timezone.utc), start_utc)
    hours = (end_utc - start_utc).total_seconds() / 3600
    return (calendar, str(event.get("SUMMARY", "")).strip(), start_utc, end_utc, hours, all_day)
