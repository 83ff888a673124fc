"""One-off events read from their few property lines with icalendar's own value parsers, without its object tree."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from icalendar.parser import Contentline, unescape_backslash
from icalendar.prop import vDDDTypes

READ_PROPERTIES = frozenset({b"DTSTART", b"DTEND", b"DURATION", b"SUMMARY", b"STATUS"})
TZID_PROPERTIES = frozenset({b"DTSTART", b"DTEND"})  # icalendar applies TZID to these, not to DURATION
# VALUE types for which icalendar still picks vDDDTypes (others: let icalendar decide).
TIME_VALUES = {b"DTSTART": {"", "DATE", "DATE-TIME"}, b"DTEND": {"", "DATE", "DATE-TIME"}, b"DURATION": {"", "DURATION"}}


class QuickEvent(NamedTuple):
    summary: str
    start: date | datetime
    end: date | datetime
    cancelled: bool


def quick_event(props: list[tuple[bytes, bytes]]) -> QuickEvent | None:
    """Title, start, end and status as icalendar's `Event` gives them; None for an event that needs its own
    rules (a repeated property, DTEND with DURATION, mixed date kinds, unreadable values: its errors name them)."""
    lines: dict[bytes, bytes] = {}
    for name, rest in props:
        if name in READ_PROPERTIES:
            if name in lines:
                return None
            lines[name] = rest
    if b"DTSTART" not in lines or (b"DTEND" in lines and b"DURATION" in lines):
        return None
    try:
        start = _time(b"DTSTART", lines[b"DTSTART"])
        end = _time(b"DTEND", lines[b"DTEND"]) if b"DTEND" in lines else None
        duration = _time(b"DURATION", lines[b"DURATION"]) if b"DURATION" in lines else None
        summary, status = _text(lines.get(b"SUMMARY")), _text(lines.get(b"STATUS"))
    except (ValueError, TypeError):
        return None
    end = _end(start, end, duration)
    if end is None or summary is None or status is None:
        return None
    return QuickEvent(summary, start, end, status.upper() == "CANCELLED")


def _end(start, end, duration) -> date | datetime | None:
    """The end as `icalendar.Event.end` computes it (RFC 5545 3.6.1), None where it would raise."""
    if not isinstance(start, date):
        return None
    if end is not None:
        return end if isinstance(end, date) and _is_day(end) == _is_day(start) else None
    if duration is None:
        return start + timedelta(days=1) if _is_day(start) else start
    if not isinstance(duration, timedelta) or (_is_day(start) and duration.seconds):
        return None
    return start if duration.total_seconds() <= 0 else start + duration


def _is_day(value: date) -> bool:
    return not isinstance(value, datetime)


def _time(name: bytes, rest: bytes):
    value, params = _value(name, rest)
    if params is not None:
        if set(params) - {"TZID", "VALUE"} or str(params.get("VALUE", "")).upper() not in TIME_VALUES[name]:
            raise ValueError("parameters icalendar should read")
        tzid = params.get("TZID") if name in TZID_PROPERTIES else None
        if tzid:
            return vDDDTypes.from_ical(value, tzid)
    return vDDDTypes.from_ical(value)


def _text(rest: bytes | None) -> str | None:
    if rest is None:
        return ""
    value, params = _value(b"TEXT", rest)
    # icalendar reads TEXT as `vText(value)`, a str equal to the unescaped value: no need to build one.
    return None if params is not None and "VALUE" in params else value


def _value(name: bytes, rest: bytes) -> tuple[str, object | None]:
    """(value, parameters or None), as `Contentline.parts()` splits and unescapes the line."""
    text = rest.decode("utf-8", errors="replace")
    if text.startswith(":"):  # no parameters: the first colon ends the name (a token)
        value = text[1:]
        return (unescape_backslash(value) if "\\" in value else value), None
    _, params, value = Contentline(name.decode() + text).parts()
    return value, params
