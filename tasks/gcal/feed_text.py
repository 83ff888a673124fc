"""Byte-level work on a feed before any value is parsed: digest, unfolding, and finding its events in place."""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from tasks.validation import InputError

# Only these properties matter for hours; dropping the rest (DESCRIPTION, ATTENDEE...) before
# icalendar sees them halves parse time and memory on a large feed.
KEPT_PROPERTIES = frozenset(
    {
        "BEGIN",
        "END",
        "CALSCALE",
        "TZID",
        "TZOFFSETFROM",
        "TZOFFSETTO",
        "TZNAME",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
        "UID",
        "SUMMARY",
        "STATUS",
        "SEQUENCE",
    }
)
# SEQUENCE says which of several definitions of one UID recurring-ical-events keeps. An EXDATE without a rule can
# still remove the event's only occurrence: such an event is the library's to read.
SERIES_PROPERTIES = frozenset({b"RRULE", b"RDATE", b"EXDATE", b"RECURRENCE-ID"})
# Each pattern starts with a newline so the regex engine jumps from line to line; names are case-insensitive.
EVENT_EDGE = re.compile(rb"\n(?i:(begin|end):vevent)\r?(?=\n)")
EVENT_PROPERTY = re.compile(
    rb"\n(?i:(BEGIN|DTSTART|DTEND|DURATION|RRULE|RDATE|EXDATE|RECURRENCE-ID|UID|SUMMARY|STATUS|SEQUENCE))([;:][^\r\n]*)"
)
FOLD = re.compile(rb"\r?\n[ \t]")  # RFC 5545: a line break then one space or tab continues the line
RECURRENCE_ID = re.compile(rb"(?i:recurrence-id)")
NAME = re.compile(r"^([A-Za-z0-9-]+)[;:]")
# A stamp line with the break before it (a window gets one put in front): found by its literal start, unlike `^`.
DTSTAMP_LINE = re.compile(rb"\nDTSTAMP[^\n]*(?=\n|\Z)")
DIGEST_WINDOW = 1 << 20
MAX_DETAIL = 160


def feed_digest(data: bytes) -> str:
    """SHA-256 of a feed's lines joined by LF, without its DTSTAMP lines: Google stamps every export with the
    fetch time. Hashed a window of lines at a time, so a large feed is never copied whole."""
    if data.count(b"\r") != data.count(b"\r\n"):
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    digest, pos, newline_due = hashlib.sha256(), 0, False
    while pos < len(data):
        cut = data.find(b"\n", pos + DIGEST_WINDOW)
        cut = len(data) if cut < 0 else cut + 1
        lines = DTSTAMP_LINE.sub(b"", b"\n" + data[pos:cut].replace(b"\r\n", b"\n"))[1:]
        if lines:
            # The line break after the last line is not hashed: it is written when more lines follow.
            digest.update(b"\n" * newline_due + lines.removesuffix(b"\n"))
            newline_due = lines.endswith(b"\n")
        pos = cut
    return digest.hexdigest()


class EventLines(NamedTuple):
    """One event's own properties (nested alarms left out) as (upper-case name, rest of the line from `;` or `:`)."""

    props: list[tuple[bytes, bytes]]
    series: bool  # has a rule or exclusions, or shares its UID (moved instances): read with its UID's other events
    index: int = -1  # its place in the feed, to read it again (`FeedParts.event`)

    @property
    def uid(self) -> bytes:
        return _uid(self.props)

    def text_lines(self) -> list[str]:
        """The event as content lines for icalendar, with only KEPT_PROPERTIES."""
        lines = [(name + rest).decode("utf-8", errors="replace") for name, rest in self.props if name != b"BEGIN"]
        return ["BEGIN:VEVENT", *(line for line in lines if line != "STATUS:CONFIRMED"), "END:VEVENT"]


@dataclass
class FeedParts:
    """A feed's zone, calendar-level lines (time zones) and where each event's lines are in its bytes."""

    data: bytes
    zone: str | None = None  # X-WR-TIMEZONE, Google's calendar zone
    header: list[str] = field(default_factory=list)
    spans: array = field(default_factory=lambda: array("q"))  # start and end offset of each event, in pairs
    # UIDs whose events are read together: one has a RECURRENCE-ID, or several events carry it.
    grouped: set[bytes] = field(default_factory=set)

    def events(self) -> Iterator[EventLines]:
        """The events in feed order, read from the bytes one at a time."""
        for index in range(len(self.spans) // 2):
            yield self.event(index)

    def event(self, index: int) -> EventLines:
        props = event_props(self.data, self.spans[2 * index], self.spans[2 * index + 1])
        series = any(name in SERIES_PROPERTIES for name, _ in props) or (
            bool(self.grouped) and _uid(props) in self.grouped
        )
        return EventLines(props, series, index)

    def calendar_text(self, events: list[list[str]]) -> bytes:
        """A standalone VCALENDAR with the feed's time zones and these events' lines."""
        lines = ["BEGIN:VCALENDAR", *self.header, *(line for event in events for line in event), "END:VCALENDAR"]
        return "\r\n".join(lines).encode()


def feed_parts(data: bytes, calendar: str) -> FeedParts:
    """Find the events, keep the calendar-level lines; rejects what is not a whole iCalendar feed."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    head = data[:4096].decode("utf-8", errors="replace").lstrip()
    if not head.upper().startswith("BEGIN:VCALENDAR"):
        raise InputError(f"calendar '{calendar}': not an iCalendar feed (starts with {snippet(head[:40])})")
    last = _lines(data[-4096:])[-1]
    if last.strip().upper() != "END:VCALENDAR":
        raise InputError(f"calendar '{calendar}': unreadable iCalendar (truncated: ends with {snippet(last)})")
    if data.count(b"\r") != data.count(b"\r\n"):  # old Mac line ends: make every break a newline
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    parts, gap, start = FeedParts(data), 0, None
    for edge in EVENT_EDGE.finditer(data):
        if edge.group(1).upper() == b"BEGIN":
            if start is None and edge.start() > gap:  # events usually follow each other with nothing between
                _read_calendar_lines(parts, data[gap : edge.start()])
            start = edge.end()  # a second BEGIN before an END starts the event afresh
        elif start is not None:
            parts.spans.extend((start, edge.start()))
            _note_override(parts, data, start, edge.start())
            start, gap = None, edge.end()
    if start is not None:
        raise InputError(f"calendar '{calendar}': unreadable iCalendar (an event has no END:VEVENT)")
    _read_calendar_lines(parts, data[gap:])
    parts.header = parts.header[1:-1]  # the feed's own BEGIN:VCALENDAR and END:VCALENDAR
    return parts


def event_props(data: bytes, start: int = 0, end: int | None = None) -> list[tuple[bytes, bytes]]:
    """The own property lines of the event in `data[start:end]` (read in place unless folded), unfolded;
    nested components (alarms) say nothing about its hours."""
    end = len(data) if end is None else end
    if _folded(data, start, end):
        data = FOLD.sub(b"", data[start:end])
        start, end = 0, len(data)
    props = [(name.upper(), rest) for name, rest in EVENT_PROPERTY.findall(data, start, end)]
    if any(name == b"BEGIN" for name, _ in props):
        props = [(name.upper(), rest) for name, rest in EVENT_PROPERTY.findall(_without_nested(data[start:end]))]
    return props


def _folded(data: bytes, start: int, end: int) -> bool:
    return data.find(b"\n ", start, end) >= 0 or data.find(b"\n\t", start, end) >= 0


def _uid(props: list[tuple[bytes, bytes]]) -> bytes:
    return next((rest.split(b":", 1)[-1] for name, rest in props if name == b"UID"), b"")


def _without_nested(block: bytes) -> bytes:
    kept, nested = [], 0
    for line in block.split(b"\n"):
        match = NAME.match(line.decode("utf-8", errors="replace"))
        name = match.group(1).upper() if match else ""
        if name == "BEGIN" or nested:
            nested += 1 if name == "BEGIN" else -1 if name == "END" else 0
        else:
            kept.append(line)
    return b"\n".join(kept)


def _note_override(parts: FeedParts, data: bytes, start: int, end: int) -> None:
    """A one-off event whose instance was overridden is the master of a series without a rule."""
    if _folded(data, start, end):
        data = FOLD.sub(b"", data[start:end])
        start, end = 0, len(data)
    if RECURRENCE_ID.search(data, start, end):
        props = event_props(data, start, end)
        if any(name == b"RECURRENCE-ID" for name, _ in props):
            parts.grouped.add(_uid(props))


def _read_calendar_lines(parts: FeedParts, text: bytes) -> None:
    """Lines outside events: the calendar's zone and time zone definitions (and its BEGIN and END lines)."""
    for line in _lines(text):
        match = NAME.match(line)
        name = match.group(1).upper() if match else ""
        if name == "X-WR-TIMEZONE":
            parts.zone = line.split(":", 1)[1].strip()
        elif name in KEPT_PROPERTIES:
            parts.header.append(line)


def _lines(text: bytes) -> list[str]:
    return FOLD.sub(b"", text).decode("utf-8", errors="replace").strip().splitlines() or [""]


def snippet(text: str) -> str:
    flat = " ".join(str(text).split())
    return repr(flat[:MAX_DETAIL] + ("..." if len(flat) > MAX_DETAIL else ""))
