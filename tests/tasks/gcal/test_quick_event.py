"""The quick one-off reader agrees with recurring-ical-events' reading of an event on tricky lines, and declines what
needs the library's rules."""

from datetime import date, datetime

import icalendar
import pytest
import recurring_ical_events
from recurring_ical_events.adapters.event import EventAdapter

from tasks.gcal.feed_text import event_props, feed_parts
from tasks.gcal.ics import occurrences_frame
from tasks.gcal.quick.event import quick_event
from tests.tasks.gcal.samples import event, feed

ALARM = "BEGIN:VALARM\nACTION:DISPLAY\nSUMMARY:Alarm title\nDTSTART:19990101T000000Z\nTRIGGER:-PT10M\nEND:VALARM"
AGREEING = {
    "utc": event("a", "DTSTART:20240320T150000Z", "DTEND:20240320T160000Z", summary="Call"),
    "folded": event("b", "DTSTART:20240320T15", " 0000Z", "DTEND:20240320T160000Z", summary="A" * 70 + "\n\tBC"),
    "escaped": event("c", "DTSTART:20240320T150000Z", summary=r"Lunch\, drinks\; more\\n\nnext line"),
    "tzid": event("d", "DTSTART;TZID=Europe/Berlin:20240331T030000", "DTEND;TZID=Europe/Berlin:20240331T040000"),
    "quoted tzid": event(
        "e", 'DTSTART;TZID="Europe/Berlin":20241027T023000', 'DTEND;TZID="Europe/Berlin":20241027T033000'
    ),
    "all day": event("f", "DTSTART;VALUE=DATE:20240329", "DTEND;VALUE=DATE:20240402"),
    "day without end": event("g", "DTSTART;VALUE=DATE:20240323"),
    "moment": event("h", "DTSTART:20240322T100000Z"),
    "duration": event("i", "DTSTART:20240322T120000Z", "DURATION:PT45M"),
    "day duration": event("j", "DTSTART;VALUE=DATE:20240322", "DURATION:P2D"),
    "zero duration": event("k", "DTSTART:20240322T120000Z", "DURATION:PT0S"),
    "floating": event("l", "DTSTART:20240322T120000", "DTEND:20240322T130000"),
    "alarm": event("m", "DTSTART:20240320T150000Z", "DTEND:20240320T153000Z", ALARM, summary="Dentist"),
    "lower-case names": event("n", "dtstart:20240320T150000Z", "dtend;value=DATE-TIME:20240320T153000Z"),
    "cancelled": event("o", "DTSTART:20240320T150000Z").replace("STATUS:CONFIRMED", "status:cancelled"),
    "language": event("p", "DTSTART:20240320T150000Z").replace("SUMMARY:Event", "SUMMARY;LANGUAGE=de:Mittag: essen"),
    "end in another zone": event("q", "DTSTART:20240320T150000Z", "DTEND;TZID=Europe/Berlin:20240320T170000"),
}
DECLINED = {
    "end and duration": event("r", "DTSTART:20240320T150000Z", "DTEND:20240320T160000Z", "DURATION:PT1H"),
    "two starts": event("s", "DTSTART:20240320T150000Z", "DTSTART:20240321T150000Z"),
    "day and time": event("t", "DTSTART;VALUE=DATE:20240320", "DTEND:20240320T160000Z"),
    "other parameter": event("u", "DTSTART;X-FOO=1:20240320T150000Z"),
    "bad start": event("v", "DTSTART:garbage"),
    "no start": event("w", "DTEND:20240320T160000Z"),
    "time duration on a day": event("x", "DTSTART;VALUE=DATE:20240320", "DURATION:PT1H"),
    # The library swaps start and end, or takes the zone of the zoned one for the floating one.
    "end before start": event("y", "DTSTART:20240320T150000Z", "DTEND:20240320T140000Z"),
    "negative duration": event("z", "DTSTART:20240322T120000Z", "DURATION:-PT1H"),
    "floating start, zoned end": event("za", "DTSTART:20240320T150000", "DTEND:20240320T160000Z"),
}


def library_view(data: bytes) -> tuple:
    calendar = icalendar.Calendar.from_ical(data)
    calendar.pop("X-WR-TIMEZONE")  # the event as written: the quick reader is given no calendar zone here
    ev = calendar.walk("VEVENT")[0]
    (occurrence,) = recurring_ical_events.of(calendar).between(datetime(1900, 1, 1), datetime(2100, 1, 1))
    start, end = EventAdapter(ev).span
    assert (start, end) == (occurrence.start, occurrence.end)  # a lone event's occurrence is its own span
    return str(ev.get("SUMMARY", "")), start, end, str(ev.get("STATUS", "")).upper() == "CANCELLED"


def quick_view(data: bytes):
    (lines,) = list(feed_parts(data, "Team").events())
    return quick_event(lines.props)


@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
@pytest.mark.parametrize("name", sorted(AGREEING))
def test_quick_reader_matches_the_library(name, line_end):
    data = feed(AGREEING[name]).replace(b"\r\n", line_end.encode())
    quick, expected = quick_view(data), library_view(data)
    assert quick is not None and tuple(quick) == expected
    assert [type(v) for v in quick] == [type(v) for v in expected]
    assert [getattr(v, "tzinfo", None) for v in quick[1:3]] == [getattr(v, "tzinfo", None) for v in expected[1:3]]


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_quick_reader_leaves_odd_events_to_the_library(name):
    assert quick_view(feed(DECLINED[name])) is None


def test_declined_events_read_as_the_library_reads_them():
    odd = event("u", "DTSTART;X-FOO=1:20240320T150000Z", "DTEND;X-FOO=1:20240320T153000Z", summary="Odd")
    frame = occurrences_frame(feed(odd), "Team", date(2024, 5, 1))
    assert frame[["summary", "hours"]].values.tolist() == [["Odd", 0.5]]
    # As `recurring_ical_events.of()` reads them in this Berlin calendar (X-WR-TIMEZONE), UTC and floating times
    # in Berlin: a day then a time: from midnight Berlin; swapped: 14:00Z; floating 15:00 Berlin to 16:00Z: 2 h;
    # DTEND wins over DURATION.
    names = ["end before start", "floating start, zoned end", "end and duration", "day and time"]
    frame = occurrences_frame(feed(*(DECLINED[n] for n in names)), "Team", date(2024, 5, 1))
    assert sorted((r.start.isoformat(), r.hours) for r in frame.itertuples()) == [
        ("2024-03-19T23:00:00+00:00", 17.0),
        ("2024-03-20T14:00:00+00:00", 1.0),
        ("2024-03-20T14:00:00+00:00", 2.0),
        ("2024-03-20T15:00:00+00:00", 1.0),
    ]


def test_event_props_skip_nested_components_and_unfold():
    (lines,) = list(feed_parts(feed(AGREEING["alarm"]), "Team").events())
    assert [name for name, _ in lines.props] == [b"DTSTART", b"DTEND", b"UID", b"SEQUENCE", b"STATUS", b"SUMMARY"]
    assert event_props(b"\r\nSUMMARY:ab\r\n c\r\nUID:1") == [(b"SUMMARY", b":abc"), (b"UID", b":1")]
