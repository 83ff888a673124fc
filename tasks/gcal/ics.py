"""Pure iCalendar parsing: one feed's bytes to a frame of expanded occurrences, or InputError naming the calendar."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import recurring_ical_events

from tasks.gcal.schema import COL_ALL_DAY, COL_CALENDAR, COL_END, COL_HOURS, COL_START, COL_SUMMARY, EVENT_COLUMNS
from tasks.validation import InputError

# Only these properties matter for hours; dropping the rest (DESCRIPTION, ATTENDEE...) before
# icalendar sees them halves parse time and memory on a large feed.
KEPT_PROPERTIES = frozenset({
    "BEGIN", "END", "CALSCALE", "X-WR-TIMEZONE", "TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "DTSTART",
    "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "UID", "SUMMARY", "STATUS",
})  # fmt: skip
NAME = re.compile(r"^([A-Za-z0-9-]+)[;:]")
MAX_DETAIL = 160


def feed_digest(data: bytes) -> str:
    """SHA-256 of a feed without its DTSTAMP lines: Google stamps every export with the fetch time."""
    kept = b"\n".join(line for line in data.splitlines() if not line.startswith(b"DTSTAMP"))
    return hashlib.sha256(kept).hexdigest()


def slim_feed(data: bytes, calendar: str) -> bytes:
    """Unfolded content lines limited to KEPT_PROPERTIES; rejects what is not an iCalendar feed."""
    text = data.decode("utf-8-sig", errors="replace")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InputError(f"calendar '{calendar}': not an iCalendar feed (starts with {_snippet(text.lstrip()[:40])})")
    # RFC 5545 folding: a line break followed by one space or tab continues the previous line.
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    lines = [line for line in unfolded.splitlines()
             if (m := NAME.match(line)) and m.group(1).upper() in KEPT_PROPERTIES and line != "STATUS:CONFIRMED"]  # fmt: skip
    return "\r\n".join(lines).encode()


def parsed_calendar(data: bytes, calendar: str) -> icalendar.Calendar:
    """The feed as an icalendar Calendar whose events all have a readable DTSTART."""
    try:
        cal = icalendar.Calendar.from_ical(slim_feed(data, calendar))
    except ValueError as exc:
        raise InputError(f"calendar '{calendar}': unreadable iCalendar ({_snippet(str(exc))})") from None
    for event in cal.walk("VEVENT"):
        label = f"event '{event.get('SUMMARY', '')}' (UID {event.get('UID', '?')})"
        if event.errors:
            prop, why = event.errors[0]
            raise InputError(f"calendar '{calendar}': {label}: bad {prop} ({_snippet(why)})")
        if "DTSTART" not in event:
            raise InputError(f"calendar '{calendar}': {label} has no DTSTART")
    return cal


def first_day(cal: icalendar.Calendar) -> date | None:
    """The local date of the earliest DTSTART (a series' first occurrence is its DTSTART)."""
    return min((_day(e.start) for e in cal.walk("VEVENT")), default=None)


@dataclass(frozen=True)
class Expansion:
    """A feed's occurrences before `until`, and whether it may have more from `until` on."""

    frame: pd.DataFrame
    continues: bool


def continues_after(cal: icalendar.Calendar, until: date) -> bool:
    """Whether a later window could add rows: an event starts on or after `until`, or a rule may reach it.

    Conservative (a COUNT or RDATE counts as reaching it) because a precise answer costs a full expansion.
    """
    for event in cal.walk("VEVENT"):
        if _day(event.start) >= until or "RDATE" in event:
            return True
        rule = event.get("RRULE")
        if rule is not None and ("COUNT" in rule or not rule.get("UNTIL") or _day(rule["UNTIL"][0]) >= until):
            return True
    return False


def occurrences_frame(data: bytes, calendar: str, until: date) -> pd.DataFrame:
    """Every non-cancelled occurrence starting before `until`, one row each, in UTC."""
    return expanded_feed(data, calendar, until).frame


def expanded_feed(data: bytes, calendar: str, until: date) -> Expansion:
    """The feed's occurrences before `until`. Series go through recurring-ical-events a year at a time
    (so no feed holds every copy at once); one-off events, most of a feed, are read directly."""
    cal = parsed_calendar(data, calendar)
    start = first_day(cal)
    zone = _calendar_zone(cal)
    events = cal.walk("VEVENT")
    overridden = {str(e.get("UID")) for e in events if "RECURRENCE-ID" in e}
    series = [e for e in events if _in_series(e, overridden)]
    end = datetime.combine(until, time())
    rows = [_row(e, calendar, zone) for e in events if not _in_series(e, overridden) and _wall(e.start, zone) < end]
    if series:
        # Without X-WR-TIMEZONE the library skips converting every UTC event to it: rows end in UTC anyway.
        only_series = icalendar.Calendar()
        for component in [*cal.walk("VTIMEZONE"), *series]:
            only_series.add_component(component)
        try:
            query = recurring_ical_events.of(only_series)
            for year in range(start.year, until.year + 1):
                lower, upper = datetime(year, 1, 1), datetime.combine(min(date(year + 1, 1, 1), until), time())
                if lower < upper:
                    rows += [_row(e, calendar, zone) for e in query.between(lower, upper) if _wall(e.start, None) >= lower]
        except Exception as exc:  # the library raises many types for bad rules; all mean a bad feed
            raise InputError(f"calendar '{calendar}': cannot expand events ({type(exc).__name__}: {_snippet(str(exc))})") from None
    frame = pd.DataFrame([r for r in rows if r is not None], columns=EVENT_COLUMNS)
    return Expansion(events_typed(frame), continues_after(cal, until))


def events_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The events schema's dtypes, so empty and full frames concatenate and serialise alike."""
    return frame.astype({COL_CALENDAR: "string", COL_SUMMARY: "string", COL_START: "datetime64[us, UTC]",
                         COL_END: "datetime64[us, UTC]", COL_HOURS: "float64", COL_ALL_DAY: "bool"})  # fmt: skip


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _calendar_zone(cal: icalendar.Calendar) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(str(cal.get("X-WR-TIMEZONE", "UTC")))
    except Exception:
        return timezone.utc


def _in_series(event: icalendar.Event, overridden: set[str]) -> bool:
    return "RRULE" in event or "RDATE" in event or str(event.get("UID")) in overridden


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
        end_utc = (end if end.tzinfo else end.replace(tzinfo=zone)).astimezone(timezone.utc)
        end_utc = max(end_utc, start_utc)
    hours = (end_utc - start_utc).total_seconds() / 3600
    return (calendar, str(event.get("SUMMARY", "")).strip(), start_utc, end_utc, hours, all_day)


def _snippet(text: str) -> str:
    flat = " ".join(str(text).split())
    return repr(flat[:MAX_DETAIL] + ("..." if len(flat) > MAX_DETAIL else ""))
