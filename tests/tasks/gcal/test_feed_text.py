"""Feeds read straight from their bytes: line ends, byte order mark, letter case, and the digest."""

import hashlib
from datetime import date

import pytest

import tasks.gcal.feed_text as feed_text
from tasks.gcal.ics import occurrences_frame
from tests.tasks.gcal.samples import CALL, HOLIDAY, STANDUP, STANDUP_MOVED, feed

BASE = feed(STANDUP, STANDUP_MOVED, CALL, HOLIDAY)


def rows(data: bytes) -> list[tuple]:
    frame = occurrences_frame(data, "Team", date(2024, 5, 1))
    return [tuple(r) for r in frame.itertuples(index=False)]


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda d: d.replace(b"\r\n", b"\n"), id="LF"),
        pytest.param(lambda d: d.replace(b"\r\n", b"\r"), id="CR"),
        pytest.param(lambda d: b"\xef\xbb\xbf" + d, id="byte order mark"),
        pytest.param(
            lambda d: d.replace(b"BEGIN:VEVENT", b"begin:vevent").replace(b"END:VEVENT", b"End:VEvent"), id="case"
        ),
        pytest.param(lambda d: d.replace(b"SUMMARY:Standup", b"SUMMARY:Stand\r\n up"), id="folded"),
    ],
)
def test_same_rows_whatever_the_line_ends_mark_or_case(variant):
    assert rows(variant(BASE)) == rows(BASE) and len(rows(BASE)) == 5


def test_events_read_in_place_with_series_marked():
    parts = feed_text.feed_parts(BASE, "Team")
    assert parts.zone == "Europe/Berlin" and parts.header[0] == "CALSCALE:GREGORIAN" and "END:VTIMEZONE" in parts.header
    assert [(e.uid, e.series) for e in parts.events()] == [
        (b"weekly123@google.com", True),
        (b"weekly123@google.com", True),
        (b"single1@google.com", False),
        (b"allday1@google.com", False),
    ]


def test_an_event_read_in_place_or_again_is_read_as_its_own_lines():
    alarm = "BEGIN:VALARM\nTRIGGER:-PT10M\nDTSTART:19990101T000000Z\nEND:VALARM"
    data = feed(STANDUP.replace("SUMMARY:Standup", "SUMMARY:Stand\n up"), CALL.replace("TRANSP", alarm + "\nTRANSP"))
    parts = feed_text.feed_parts(data, "Team")
    for event in parts.events():
        block = data[parts.spans[2 * event.index] : parts.spans[2 * event.index + 1]]
        assert event.props == feed_text.event_props(block) and parts.event(event.index) == event
    assert [dict(e.props)[b"SUMMARY"] for e in parts.events()] == [b":Standup", b":Call"]  # unfolded, alarm left out


def reference_digest(data: bytes) -> str:
    return hashlib.sha256(b"\n".join(line for line in data.splitlines() if not line.startswith(b"DTSTAMP"))).hexdigest()


@pytest.mark.parametrize("window", [1, 7, 1 << 20])
@pytest.mark.parametrize(
    "data",
    [
        BASE,
        BASE.rstrip(b"\r\n"),
        BASE.replace(b"\r\n", b"\r"),
        BASE + b"DTSTAMP:1",
        b"DTSTAMP:1\r\nA\r\n\r\nB",
        b"",
        b"A\r\nDTSTAMP:1\r\nDTSTAMP:2\r\nB\r\nDTSTAMP:3\r\n",
        b"DTSTAMP:1",
        b"A\nXDTSTAMP:1\n DTSTAMP:2\nDTSTAMPED",
    ],
)
def test_digest_is_the_lines_without_stamps_joined_by_newlines(data, window, monkeypatch):
    monkeypatch.setattr(feed_text, "DIGEST_WINDOW", window)
    assert feed_text.feed_digest(data) == reference_digest(data)
