"""Line-level work on a feed before icalendar parses it: digest, unfolding, and splitting into event blocks."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from tasks.validation import InputError

# Only these properties matter for hours; dropping the rest (DESCRIPTION, ATTENDEE...) before
# icalendar sees them halves parse time and memory on a large feed.
KEPT_PROPERTIES = frozenset({
    "BEGIN", "END", "CALSCALE", "TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "DTSTART", "DTEND", "DURATION",
    "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "UID", "SUMMARY", "STATUS",
})  # fmt: skip
SERIES_PROPERTIES = ("RRULE", "RDATE", "RECURRENCE-ID")
NAME = re.compile(r"^([A-Za-z0-9-]+)[;:]")
MAX_DETAIL = 160


def feed_digest(data: bytes) -> str:
    """SHA-256 of a feed without its DTSTAMP lines: Google stamps every export with the fetch time."""
    kept = b"\n".join(line for line in data.splitlines() if not line.startswith(b"DTSTAMP"))
    return hashlib.sha256(kept).hexdigest()


@dataclass
class FeedParts:
    """A feed as text blocks: calendar-level lines (time zones), one-off events and series (with overrides)."""

    zone: str | None = None  # X-WR-TIMEZONE, Google's calendar zone
    header: list[str] = field(default_factory=list)
    singles: list[list[str]] = field(default_factory=list)
    series: list[list[str]] = field(default_factory=list)

    def calendar_text(self, blocks: list[list[str]]) -> bytes:
        """A standalone VCALENDAR with the feed's time zones and these event blocks."""
        lines = ["BEGIN:VCALENDAR", *self.header, *(line for block in blocks for line in block), "END:VCALENDAR"]
        return "\r\n".join(lines).encode()


def feed_parts(data: bytes, calendar: str) -> FeedParts:
    """Unfold, keep KEPT_PROPERTIES, split events; rejects what is not a whole iCalendar feed."""
    text = data.decode("utf-8-sig", errors="replace").strip()
    if not text.upper().startswith("BEGIN:VCALENDAR"):
        raise InputError(f"calendar '{calendar}': not an iCalendar feed (starts with {snippet(text[:40])})")
    # RFC 5545 folding: a line break followed by one space or tab continues the previous line.
    lines = re.sub(r"\r?\n[ \t]", "", text).splitlines()
    if lines[-1].strip().upper() != "END:VCALENDAR":
        raise InputError(f"calendar '{calendar}': unreadable iCalendar (truncated: ends with {snippet(lines[-1])})")
    parts, block, nested, overridden = FeedParts(), None, 0, set()
    for line in lines[1:-1]:
        match = NAME.match(line)
        name = match.group(1).upper() if match else ""
        if name == "X-WR-TIMEZONE":
            parts.zone = line.split(":", 1)[1].strip()
        if line.upper() == "BEGIN:VEVENT":
            block = [line]
        elif block is None:
            if name in KEPT_PROPERTIES:
                parts.header.append(line)
        elif name == "BEGIN" or nested:  # alarms inside an event say nothing about its hours
            nested += 1 if name == "BEGIN" else -1 if name == "END" else 0
        elif line.upper() == "END:VEVENT":
            block.append(line)
            is_series = any(b.upper().startswith(SERIES_PROPERTIES) for b in block)
            (parts.series if is_series else parts.singles).append(block)
            if any(b.upper().startswith("RECURRENCE-ID") for b in block):
                overridden.add(_uid(block))
            block = None
        elif name in KEPT_PROPERTIES and line != "STATUS:CONFIRMED":
            block.append(line)
    if block is not None:
        raise InputError(f"calendar '{calendar}': unreadable iCalendar (an event has no END:VEVENT)")
    # A one-off event whose instance was overridden is the master of a series without a rule.
    parts.series += [b for b in parts.singles if _uid(b) in overridden]
    parts.singles = [b for b in parts.singles if _uid(b) not in overridden]
    return parts


def _uid(block: list[str]) -> str:
    return next((line.split(":", 1)[1] for line in block if line.upper().startswith("UID")), "")


def snippet(text: str) -> str:
    flat = " ".join(str(text).split())
    return repr(flat[:MAX_DETAIL] + ("..." if len(flat) > MAX_DETAIL else ""))
