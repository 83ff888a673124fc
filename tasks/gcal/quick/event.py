"""One-off events read from their few property lines (common shapes directly, others with icalendar's value parsers),
without icalendar's object tree; what they cannot read as recurring-ical-events does is left to it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar.parser import Contentline, unescape_backslash
from icalendar.prop import vDDDTypes

READ_PROPERTIES = frozenset({b"DTSTART", b"DTEND", b"DURATION", b"SUMMARY", b"STATUS"})
TZID_PROPERTIES = frozenset(
    {b"DTSTART", b"DTEND", b"RECURRENCE-ID"}
)  # icalendar applies TZID to these, not to DURATION
# VALUE types for which icalendar still picks vDDDTypes (others: let icalendar decide).
TIME_VALUES = {
    b"DTSTART": {"", "DATE", "DATE-TIME"},
    b"DTEND": {"", "DATE", "DATE-TIME"},
    b"DURATION": {"", "DURATION"},
    b"RECURRENCE-ID": {"", "DATE", "DATE-TIME"},
}
# The shapes Google writes (`:20240320T150000Z`, `;VALUE=DATE:20240329`, `;TZID=Europe/Madrid:20240320T150000`),
# read without icalendar's parsers, to the same values; any other line goes through them.
COMMON_TIME = re.compile(rb"(;VALUE=DATE|;TZID=[^:;,\"^]+)?:(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)(Z?))?")
UTC = vDDDTypes.from_ical("20000101T000000Z").tzinfo


class QuickEvent(NamedTuple):
    summary: str
    start: date | datetime
    end: date | datetime
    cancelled: bool


def quick_event(props: list[tuple[bytes, bytes]], zone: tzinfo | None = None) -> QuickEvent | None:
    """Title, start, end and status as recurring-ical-events reads a lone event (in a calendar whose X-WR-TIMEZONE
    is `zone`); None for an event that needs its rules (a repeated property, DTEND with DURATION, mixed kinds of
    time, an end before the start, unreadable values: its errors name them)."""
    lines: dict[bytes, bytes] = {}
    for name, rest in props:
        if name in READ_PROPERTIES:
            if name in lines:
                return None
            lines[name] = rest
    if b"DTSTART" not in lines or (b"DTEND" in lines and b"DURATION" in lines):
        return None
    try:
        start = time_value(b"DTSTART", lines[b"DTSTART"])
        end = time_value(b"DTEND", lines[b"DTEND"]) if b"DTEND" in lines else None
        duration = time_value(b"DURATION", lines[b"DURATION"]) if b"DURATION" in lines else None
        summary, status = _text(lines.get(b"SUMMARY")), _text(lines.get(b"STATUS"))
    except (ValueError, TypeError):
        return None
    end = _end(start, end, duration, zone)
    if end is None or summary is None or status is None:
        return None
    return QuickEvent(summary, start, end, status.upper() == "CANCELLED")


def _end(start, end, duration, zone) -> date | datetime | None:
    """The end as the library's event adapter computes it (RFC 5545 3.6.1), where that is plain: None where the
    library would mix kinds of time (a day with a time, a floating with a zoned time) or swap an end before the start."""
    if not isinstance(start, date):
        return None
    if end is None and duration is None:
        return start + timedelta(days=1) if _is_day(start) else start
    if end is None:
        if not isinstance(duration, timedelta) or (_is_day(start) and duration.seconds):
            return None
        if zone is not None and not _is_day(start) and start.tzinfo is not None and start.tzname() == "UTC":
            return _end(start, start.astimezone(zone) + duration, None, zone)  # added in the zone `of()` moves it to
        end = start + duration
    if not isinstance(end, date) or _is_day(end) != _is_day(start):
        return None
    if not _is_day(start) and (start.tzinfo is None) != (end.tzinfo is None):
        return None
    if end < start:
        return None
    # An end in another zone: the library adds the span by the wall clock of the start's zone.
    return end if _is_day(start) or start.tzinfo is end.tzinfo or start + (end - start) == end else None


def _is_day(value: date) -> bool:
    return not isinstance(value, datetime)


def time_value(name: bytes, rest: bytes):
    """A time property's value as icalendar reads it; ValueError for parameters or zones left to icalendar."""
    common = COMMON_TIME.fullmatch(rest) if name in TZID_PROPERTIES else None
    if common is not None:
        params, numbers, utc = common.group(1), [int(n) for n in common.groups()[1:7] if n is not None], common.group(8)
        if len(numbers) == 3 and params in (None, b";VALUE=DATE"):
            return date(*numbers)
        if len(numbers) == 6 and params is None:
            return datetime(*numbers, tzinfo=UTC if utc else None)
        zone = _zone(params[6:]) if len(numbers) == 6 and params.startswith(b";TZID=") and not utc else None
        if zone is not None:
            return datetime(*numbers, tzinfo=zone)
    value, params = quick_value(name, rest)
    if params is not None:
        if set(params) - {"TZID", "VALUE"} or str(params.get("VALUE", "")).upper() not in TIME_VALUES[name]:
            raise ValueError("parameters icalendar should read")
        tzid = params.get("TZID") if name in TZID_PROPERTIES else None
        if tzid:
            moment = vDDDTypes.from_ical(value, tzid)
            if isinstance(moment, datetime) and moment.tzinfo is None:
                raise ValueError("a zone only the feed's VTIMEZONE defines: icalendar reads it from there")
            return moment
    return vDDDTypes.from_ical(value)


@lru_cache(maxsize=64)
def _zone(tzid: bytes) -> ZoneInfo | None:
    """The zone icalendar gives this TZID, when it is an IANA one (to which it only attaches the wall time)."""
    try:
        zone = vDDDTypes.from_ical("20000101T000000", tzid.decode("utf-8", errors="replace")).tzinfo
    except (ValueError, TypeError):
        return None
    return zone if isinstance(zone, ZoneInfo) else None


def _text(rest: bytes | None) -> str | None:
    if rest is None:
        return ""
    value, params = quick_value(b"TEXT", rest)
    # icalendar reads TEXT as `vText(value)`, a str equal to the unescaped value: no need to build one.
    return None if params is not None and "VALUE" in params else value


def quick_value(name: bytes, rest: bytes) -> tuple[str, object | None]:
    """(value, parameters or None), as `Contentline.parts()` splits and unescapes the line."""
    text = rest.decode("utf-8", errors="replace")
    if text.startswith(":"):  # no parameters: the first colon ends the name (a token)
        value = text[1:]
        return (unescape_backslash(value) if "\\" in value else value), None
    _, params, value = Contentline(name.decode() + text).parts()
    return value, params
