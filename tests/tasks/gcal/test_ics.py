"""ICS parsing and expansion on Google-shaped feeds, against hand-computed UTC rows."""

from datetime import date

import pytest

from tasks.gcal.feed_text import feed_digest
from tasks.gcal.ics import occurrences_frame
from tasks.validation import InputError
from tests.tasks.gcal.samples import (
    CALL,
    CANCELLED,
    HOLIDAY,
    NO_END,
    NO_END_DAY,
    STANDUP,
    STANDUP_MOVED,
    WITH_DURATION,
    event,
    feed,
)


def rows(data: bytes, until=date(2024, 5, 1)) -> list[tuple]:
    frame = occurrences_frame(data, "Team", until).sort_values("start")
    return [(r.summary, r.start.isoformat(), r.end.isoformat(), r.hours, r.all_day) for r in frame.itertuples()]


def test_recurrence_with_exclusion_moved_instance_and_dst():
    # 09:00 Berlin is 08:00Z in CET and 07:00Z after the switch to CEST on 31 March.
    # 25 March moved to 26 March 14:00; 1 April excluded; 15 April 07:00Z is after UNTIL 06:59:59Z.
    assert rows(feed(STANDUP, STANDUP_MOVED)) == [
        ("Standup", "2024-03-18T08:00:00+00:00", "2024-03-18T08:30:00+00:00", 0.5, False),
        ("Standup (moved)", "2024-03-26T13:00:00+00:00", "2024-03-26T13:30:00+00:00", 0.5, False),
        ("Standup", "2024-04-08T07:00:00+00:00", "2024-04-08T07:30:00+00:00", 0.5, False),
    ]


def test_all_day_utc_cancelled_and_missing_ends():
    assert rows(feed(HOLIDAY, CALL, CANCELLED, NO_END, NO_END_DAY, WITH_DURATION)) == [
        ("Call", "2024-03-20T15:00:00+00:00", "2024-03-20T16:00:00+00:00", 1.0, False),
        ("Reminder", "2024-03-22T10:00:00+00:00", "2024-03-22T10:00:00+00:00", 0.0, False),  # no DTEND: 0 h
        ("Lunch", "2024-03-22T12:00:00+00:00", "2024-03-22T12:45:00+00:00", 0.75, False),
        ("Birthday", "2024-03-23T00:00:00+00:00", "2024-03-24T00:00:00+00:00", 24.0, True),  # DATE: 1 day
        ("Easter", "2024-03-29T00:00:00+00:00", "2024-04-02T00:00:00+00:00", 96.0, True),  # DTEND exclusive
    ]


def test_dst_end_in_autumn_and_count_limit():
    gym = event(
        "gym",
        "DTSTART;TZID=Europe/Berlin:20241021T190000",
        "DTEND;TZID=Europe/Berlin:20241021T203000",
        "RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO",
        summary="Gym",
    )
    # 19:00 CEST is 17:00Z; after 27 October 19:00 CET is 18:00Z. COUNT=2 stops after the second.
    assert rows(feed(gym), until=date(2025, 1, 1)) == [
        ("Gym", "2024-10-21T17:00:00+00:00", "2024-10-21T18:30:00+00:00", 1.5, False),
        ("Gym", "2024-10-28T18:00:00+00:00", "2024-10-28T19:30:00+00:00", 1.5, False),
    ]


def test_cancelled_override_drops_one_instance_and_new_year_event_counted_once():
    monthly = event(
        "m1",
        "DTSTART;TZID=Europe/Berlin:20231130T220000",
        "DTEND;TZID=Europe/Berlin:20231201T010000",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20240201T000000Z",
        summary="Night shift",
    )
    cancelled = event(
        "m1",
        "DTSTART;TZID=Europe/Berlin:20231130T220000",
        "RECURRENCE-ID;TZID=Europe/Berlin:20231130T220000",
        summary="Night shift",
    ).replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
    got = rows(feed(monthly, cancelled), until=date(2024, 3, 1))
    # The first instance (30 Nov) is cancelled by its override; 31 Dec 22:00 CET runs into the new year
    # (two yearly expansion slices) and appears once; 31 Jan 21:00Z is before UNTIL; 29 Feb is after it.
    assert got == [
        ("Night shift", "2023-12-31T21:00:00+00:00", "2024-01-01T00:00:00+00:00", 3.0, False),
        ("Night shift", "2024-01-31T21:00:00+00:00", "2024-02-01T00:00:00+00:00", 3.0, False),
    ]


def test_window_ends_before_until_and_empty_feed_has_the_schema():
    assert [r[1][:10] for r in rows(feed(STANDUP), until=date(2024, 3, 25))] == ["2024-03-18"]
    empty = occurrences_frame(feed(), "Team", date(2024, 1, 1))
    assert list(empty.columns) == ["calendar", "summary", "start", "end", "hours", "all_day"] and empty.empty
    assert str(empty["start"].dtype) == "datetime64[us, UTC]"


def test_folded_lines_and_calendar_column():
    long_title = event("fold", "DTSTART:20240320T150000Z", "DTEND:20240320T153000Z", summary="A" * 70 + "\n BC")
    frame = occurrences_frame(feed(long_title), "Team", date(2024, 5, 1))
    assert frame["summary"].tolist() == ["A" * 70 + "BC"] and frame["calendar"].tolist() == ["Team"]


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"<!DOCTYPE html><html>Sign in</html>",
            "calendar 'Team': not an iCalendar feed (starts with '<!DOCTYPE html>",
        ),
        (feed(event("bad", "DTSTART:garbage", summary="Broken")), "event 'Broken' (UID bad@google.com): bad DTSTART"),
        (feed(event("nostart", summary="Lost")), "event 'Lost' (UID nostart@google.com) has no DTSTART"),
        (feed(event("r", "DTSTART:20240101T100000Z", "RRULE:FREQ=SOMETIMES", summary="Odd")), "bad RRULE"),
        (feed(CALL)[:-40], "calendar 'Team': unreadable iCalendar"),
    ],
)
def test_garbled_feed_names_calendar_and_problem(data, message):
    with pytest.raises(InputError, match="^calendar 'Team'") as caught:
        occurrences_frame(data, "Team", date(2024, 5, 1))
    assert message in str(caught.value)


def test_digest_ignores_google_fetch_stamps_only():
    base = feed(CALL)
    assert feed_digest(base) == feed_digest(base.replace(b"DTSTAMP:20241101T120000Z", b"DTSTAMP:20261122T050000Z"))
    assert feed_digest(base) != feed_digest(base.replace(b"T160000Z", b"T170000Z"))


def test_continues_after_tells_whether_a_later_window_adds_rows():
    from tasks.gcal.ics import expanded_feed

    until = date(2024, 5, 1)
    assert not expanded_feed(feed(STANDUP, STANDUP_MOVED, CALL), "Team", until).continues  # UNTIL before the window end
    later = event("later", "DTSTART:20240601T100000Z", "DTEND:20240601T110000Z", summary="Later")
    weekly = STANDUP.replace("UNTIL=20240415T065959Z;", "")
    counted = STANDUP.replace("UNTIL=20240415T065959Z", "COUNT=3")
    assert all(expanded_feed(feed(e), "Team", until).continues for e in (later, weekly, counted))


def test_alarms_ignored_rule_less_master_with_override_and_batches(monkeypatch):
    import tasks.gcal.ics as ics

    alarm = "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT10M\nDTSTART:19990101T000000Z\nEND:VALARM"
    reminded = event("alarm", "DTSTART:20240320T150000Z", "DTEND:20240320T153000Z", alarm, summary="Dentist")
    master = event("once", "DTSTART:20240321T090000Z", "DTEND:20240321T100000Z", summary="Review")
    moved = event(
        "once",
        "DTSTART:20240322T090000Z",
        "DTEND:20240322T100000Z",
        "RECURRENCE-ID:20240321T090000Z",
        summary="Review (moved)",
    )
    data = feed(reminded, master, moved, CALL, NO_END)
    expected = [
        ("Dentist", "2024-03-20T15:00:00+00:00", "2024-03-20T15:30:00+00:00", 0.5, False),
        ("Call", "2024-03-20T15:00:00+00:00", "2024-03-20T16:00:00+00:00", 1.0, False),
        ("Review (moved)", "2024-03-22T09:00:00+00:00", "2024-03-22T10:00:00+00:00", 1.0, False),  # 21 March replaced
        ("Reminder", "2024-03-22T10:00:00+00:00", "2024-03-22T10:00:00+00:00", 0.0, False),
    ]
    assert sorted(rows(data), key=lambda r: (r[1], r[0] != "Dentist")) == expected
    monkeypatch.setattr(ics, "CHUNK_EVENTS", 1)  # one-off events parsed one per batch: same rows
    assert sorted(rows(data), key=lambda r: (r[1], r[0] != "Dentist")) == expected


def test_event_without_end_line_is_garbled():
    data = feed(CALL).replace(b"END:VEVENT\r\n", b"")
    with pytest.raises(InputError, match=r"^calendar 'Team': unreadable iCalendar \(an event has no END:VEVENT\)"):
        occurrences_frame(data, "Team", date(2024, 5, 1))


def test_one_uid_on_several_events_counts_as_the_library_says():
    # Two definitions of one event: the higher SEQUENCE wins; events without a UID are each their own.
    first = event("dup", "DTSTART:20240320T150000Z", "DTEND:20240320T160000Z", summary="Old")
    second = first.replace("SEQUENCE:0", "SEQUENCE:1").replace("Old", "New").replace("T15", "T17").replace("T16", "T18")
    lost = [e.replace("UID:single1@google.com\n", "") for e in (CALL, CALL)]
    rule = event(
        "dup", "DTSTART:20240301T090000Z", "DTEND:20240301T100000Z", "RRULE:FREQ=DAILY;COUNT=2", summary="Rule"
    )
    assert [r[:2] for r in rows(feed(first, second, *lost))] == [
        ("Call", "2024-03-20T15:00:00+00:00"),
        ("Call", "2024-03-20T15:00:00+00:00"),
        ("New", "2024-03-20T17:00:00+00:00"),
    ]
    assert [r[0] for r in rows(feed(second, rule))] == ["New"]  # the one-off has the higher SEQUENCE
    assert [r[0] for r in rows(feed(rule, first))] == ["Rule", "Rule"]  # equal: the first definition


def test_exclusion_without_rule_and_unreadable_values_name_the_calendar():
    excluded = event("x", "DTSTART:20240320T150000Z", "DTEND:20240320T160000Z", "EXDATE:20240320T150000Z")
    assert rows(feed(excluded, CALL)) == rows(feed(CALL))
    far = event("far", "DTSTART;VALUE=DATE:00010101", "DTEND;VALUE=DATE:00010102", "RRULE:FREQ=YEARLY;COUNT=2")
    with pytest.raises(InputError, match="^calendar 'Team': "):
        occurrences_frame(feed(far), "Team", date(2024, 5, 1))


def test_utc_series_repeat_at_the_calendar_zones_local_time_as_the_library_says():
    # recurring-ical-events' `of()` moves UTC times into X-WR-TIMEZONE (Berlin): 10:00 local, 09:00Z then 08:00Z.
    daily = event("utc", "DTSTART:20240329T090000Z", "DTEND:20240329T100000Z", "RRULE:FREQ=DAILY;COUNT=4")
    assert [r[1][11:16] for r in rows(feed(daily))] == ["09:00", "09:00", "08:00", "08:00"]
    assert [r[1][11:16] for r in rows(feed(daily, zone="UTC"))] == ["09:00"] * 4


def test_window_cut_by_the_calendars_zone_else_the_events_own_and_the_rest_continues():
    from tasks.gcal.ics import expanded_feed

    # 23:30Z on 30 April is 1 May in Berlin (the calendar's zone): after the window, so the feed continues.
    late = event("late", "DTSTART:20240430T233000Z", "DTEND:20240501T003000Z", summary="Late")
    assert rows(feed(late)) == [] and expanded_feed(feed(late), "Team", date(2024, 5, 1)).continues
    # Without X-WR-TIMEZONE, an event's own zone says: 00:30 in Berlin on 1 May is after the window too.
    own = event("own", "DTSTART;TZID=Europe/Berlin:20240501T003000", "DTEND;TZID=Europe/Berlin:20240501T013000")
    no_zone = feed(own).replace(b"X-WR-TIMEZONE:Europe/Berlin\r\n", b"")
    assert rows(no_zone) == [] and rows(no_zone, until=date(2024, 5, 2))[0][1] == "2024-04-30T22:30:00+00:00"


def test_one_off_events_in_a_zone_only_the_feed_defines_are_read_quickly(monkeypatch):
    import tasks.gcal.ics as ics

    def no_library(*args):
        raise AssertionError("read by icalendar and the library")

    zone = "Feed Zone 14"  # icalendar keeps the zones it learns for the process: a name no other test uses
    once = event("z", f"DTSTART;TZID={zone}:20240306T090000", f"DTEND;TZID={zone}:20240306T100000", summary="Once")
    data = feed(once).replace(b"TZID:Europe/Berlin", f"TZID:{zone}".encode())
    monkeypatch.setattr(ics, "parsed_calendar", no_library)
    assert rows(data) == [
        ("Once", "2024-03-06T08:00:00+00:00", "2024-03-06T09:00:00+00:00", 1.0, False)
    ]  # Berlin's rules
