"""Plain series expanded by dateutil give the rows recurring-ical-events gives; other series are left to it."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from tasks.gcal.demo import demo_files
from tasks.gcal.event_columns import EventColumns
from tasks.gcal.feed_text import feed_parts
from tasks.gcal.ics import occurrences_frame, parsed_calendar
from tasks.gcal.library import add_occurrences
from tasks.gcal.quick.series import add_plain_series, plain_series
from tests.tasks.gcal.samples import STANDUP, STANDUP_MOVED, event, feed

UNTIL = date(2024, 6, 1)
BERLIN = "Europe/Berlin"


def weekly(uid: str, *lines: str, start="20240304T090000", end="20240304T100000", zone=BERLIN, summary="Sync") -> str:
    stamp = f";TZID={zone}:" if zone else ":"
    return event(uid, f"DTSTART{stamp}{start}", f"DTEND{stamp}{end}", *lines, summary=summary)


def moved(uid: str, was: str, start: str, end: str, summary="Sync (moved)", zone=BERLIN) -> str:
    stamp = f";TZID={zone}:" if zone else ":"
    return event(uid, f"DTSTART{stamp}{start}", f"DTEND{stamp}{end}", f"RECURRENCE-ID{stamp}{was}", summary=summary)


def cancelled(text: str) -> str:
    return text.replace("STATUS:CONFIRMED", "STATUS:CANCELLED")


AGREEING = {
    "count and dst": weekly(
        "a", "RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=MO,TH", start="20240321T090000", end="20240321T093000"
    ),
    "until utc": STANDUP,
    "exclusion and moved instance": STANDUP + STANDUP_MOVED,
    "exclusions in utc and as a list": weekly(
        "b",
        "RRULE:FREQ=DAILY;COUNT=10",
        "EXDATE:20240305T080000Z",
        f"EXDATE;TZID={BERLIN}:20240307T090000,20240309T090000",
    ),
    "exclusion by day": weekly("c", "RRULE:FREQ=DAILY;COUNT=5", "EXDATE;VALUE=DATE:20240306"),
    "moved out of the window and into an earlier year": weekly(
        "d", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20240601T000000Z"
    )
    + moved("d", "20240318T090000", "20240707T090000", "20240707T100000")
    + moved("d", "20240401T090000", "20231230T090000", "20231230T100000"),
    "cancelled instance": weekly("e", "RRULE:FREQ=WEEKLY;COUNT=4")
    + cancelled(moved("e", "20240311T090000", "20240311T090000", "20240311T100000")),
    "cancelled master, moved instance kept": cancelled(weekly("f", "RRULE:FREQ=WEEKLY;COUNT=4"))
    + moved("f", "20240311T090000", "20240312T090000", "20240312T100000"),
    "instance moved to an excluded time": weekly(
        "g", "RRULE:FREQ=WEEKLY;COUNT=4", f"EXDATE;TZID={BERLIN}:20240318T090000"
    )
    + moved("g", "20240318T090000", "20240319T090000", "20240319T100000"),
    "start off the rule": weekly("h", "RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=3"),  # DTSTART is a Monday
    "start after until": weekly("i", "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20240301T000000Z"),
    "all day": event(
        "j",
        "DTSTART;VALUE=DATE:20240301",
        "DTEND;VALUE=DATE:20240303",
        "RRULE:FREQ=MONTHLY;UNTIL=20240601",
        "EXDATE;VALUE=DATE:20240401",
        summary="Trip",
    ),
    "all day moved": event("k", "DTSTART;VALUE=DATE:20240301", "RRULE:FREQ=WEEKLY;COUNT=3", summary="Day")
    + event("k", "DTSTART;VALUE=DATE:20240310", "RECURRENCE-ID;VALUE=DATE:20240308", summary="Day (moved)"),
    "monthly last day across years": weekly(
        "l", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=5", start="20231130T220000", end="20231201T010000"
    ),
    "last sunday, set position, week start": weekly(
        "m", "RRULE:FREQ=MONTHLY;BYDAY=SU;BYSETPOS=-1;WKST=SU;COUNT=4", start="20240331T023000", end="20240331T033000"
    ),
    "yearly by month and numbered day": weekly(
        "n", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", start="20200329T020000", end="20200329T030000"
    ),
    "ambiguous autumn hour": weekly("ag", "RRULE:FREQ=DAILY;COUNT=3", start="20231028T023000", end="20231028T033000"),
    "utc series": weekly(
        "o",
        "RRULE:FREQ=DAILY;COUNT=3",
        "EXDATE:20240305T090000Z",
        zone=None,
        start="20240304T090000Z",
        end="20240304T100000Z",
    ),
    "floating series": weekly("p", "RRULE:FREQ=DAILY;COUNT=3", zone=None),
    "no end: a moment": event("q", f"DTSTART;TZID={BERLIN}:20240304T090000", "RRULE:FREQ=DAILY;COUNT=2"),
    "duration": event("r", f"DTSTART;TZID={BERLIN}:20240304T090000", "DURATION:PT45M", "RRULE:FREQ=DAILY;COUNT=2"),
    "open ended": weekly("s", "RRULE:FREQ=WEEKLY;BYDAY=FR"),
    "window starts at new year of the first instance": weekly("t", "RRULE:FREQ=WEEKLY;COUNT=3", start="20240101T000000")
    + moved("t", "20240108T000000", "20231231T230000", "20240101T000000"),
}
DECLINED = {
    "extra dates": weekly("u", "RRULE:FREQ=DAILY;COUNT=2", f"RDATE;TZID={BERLIN}:20240310T090000"),
    "two rules": weekly("v", "RRULE:FREQ=DAILY;COUNT=2", "RRULE:FREQ=WEEKLY;COUNT=2"),
    "this and future": weekly("w", "RRULE:FREQ=DAILY;COUNT=5")
    + moved("w", "20240306T090000", "20240306T110000", "20240306T120000").replace("ID;", "ID;RANGE=THISANDFUTURE;"),
    "floating until for a zoned start": weekly("y", "RRULE:FREQ=DAILY;UNTIL=20240306T090000"),
    "two instances for one recurrence": weekly("z", "RRULE:FREQ=DAILY;COUNT=3")
    + moved("z", "20240305T090000", "20240305T110000", "20240305T120000")
    + moved("z", "20240305T090000", "20240305T130000", "20240305T140000"),
    "hourly": weekly("aa", "RRULE:FREQ=HOURLY;COUNT=3"),
    "negative count": weekly("ab", "RRULE:FREQ=DAILY;COUNT=-1"),
    "negative duration": event(
        "ac", f"DTSTART;TZID={BERLIN}:20240304T090000", "DURATION:-PT1H", "RRULE:FREQ=DAILY;COUNT=2"
    ),
    "end before start": weekly("ad", "RRULE:FREQ=DAILY;COUNT=2", end="20240304T080000"),
    "master without rule": weekly("ae") + moved("ae", "20240304T090000", "20240305T090000", "20240305T100000"),
    "exclusion in another kind": weekly(
        "af",
        "RRULE:FREQ=DAILY;COUNT=3",
        "EXDATE:20240305T090000",
        zone=None,
        start="20240304T090000Z",
        end="20240304T100000Z",
    ),
}


def series_groups(data: bytes) -> list[tuple[list, list]]:
    """Each UID's events of a feed, as property lines and as text lines."""
    groups: dict[bytes, list] = {}
    for lines in feed_parts(data, "Team").events():
        if lines.series:
            groups.setdefault(lines.uid, []).append(lines)
    return [([e.props for e in g], [e.text_lines() for e in g]) for g in groups.values()]


def both_ways(data: bytes, until: date = UNTIL, zone=ZoneInfo(BERLIN)):
    """(rows by dateutil or None if declined, rows by recurring-ical-events) of the feed's series."""
    parts, quick, library = feed_parts(data, "Team"), EventColumns("Team", zone), EventColumns("Team", zone)
    declined = False
    for props, text in series_groups(data):
        plain = plain_series(props)
        declined |= plain is None
        if plain is not None:
            add_plain_series(quick, plain, until)
        add_occurrences(library, parsed_calendar(parts, text, "Team"), until)
    return None if declined else quick.table(), library.table()


@pytest.mark.parametrize("name", sorted(AGREEING))
def test_plain_series_agree_with_recurring_ical_events(name):
    quick, library = both_ways(feed(AGREEING[name]))
    assert quick is not None, "declined"
    assert quick.equals(library) and (library.num_rows > 0 or name == "start after until")


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_odd_series_are_left_to_recurring_ical_events(name):
    assert [plain_series(props) for props, _ in series_groups(feed(DECLINED[name]))] == [None]


def test_zone_only_the_feed_defines_is_read_from_the_feed():
    # The feed's VTIMEZONE gives the zone Berlin's rules; the calendar's own zone (for floating times) is UTC.
    series = weekly("x", "RRULE:FREQ=DAILY;COUNT=2", zone="Custom Zone", summary="Series")
    single = event(
        "y", "DTSTART;TZID=Custom Zone:20240306T090000", "DTEND;TZID=Custom Zone:20240306T100000", summary="Once"
    )
    data = feed(series, single, zone="UTC").replace(b"TZID:Europe/Berlin", b"TZID:Custom Zone")
    frame = occurrences_frame(data, "Team", UNTIL)
    assert [(r.summary, r.start.isoformat()) for r in frame.itertuples()] == [
        ("Series", "2024-03-04T08:00:00+00:00"),
        ("Series", "2024-03-05T08:00:00+00:00"),
        ("Once", "2024-03-06T08:00:00+00:00"),
    ]


def test_continues_as_the_library_path_says():
    from tasks.gcal.ics import continues_after

    for name, text in AGREEING.items():
        data = feed(text)
        for until in (date(2024, 3, 10), UNTIL, date(2025, 1, 1)):
            for props, lines in series_groups(data):
                expected = continues_after(
                    parsed_calendar(feed_parts(data, "Team"), lines, "Team").walk("VEVENT"), until
                )
                assert plain_series(props).continues(until) == expected, (name, until)


def test_every_demo_series_is_plain_and_agrees():
    for path, data in demo_files(11, date(2025, 6, 1), 2, 0.3).items():
        quick, library = both_ways(data, date(2025, 6, 8), ZoneInfo("Europe/Madrid"))
        assert quick is not None and quick.equals(library), path
