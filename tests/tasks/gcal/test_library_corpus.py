"""The calendar reader agrees with recurring-ical-events on the test calendars the library ships (in its installed
package): the same occurrences (start, end and title), or a named InputError where the library cannot read the
calendar. Both ways: with the quick readers (what they decline goes to the library path), and with the library path
alone (which the quick readers otherwise leave only the odd shapes).

Windows: the reader counts every occurrence starting before `until`; the library is asked `between(1900-01-01,
until)` (no calendar here starts before 1900). Each file is checked with a wide window (until 2030-01-01, past
every event but the open-ended series, which it cuts) and one that cuts its occurrences in half (until the day of
the library's median start). Times are compared in UTC: floating times in the calendar's X-WR-TIMEZONE (else
UTC), days at midnight UTC, as the reader stores them; titles without surrounding blanks and cancelled occurrences
left out, as the reader does. Generated events mixing every kind of time (days, UTC, floating, zoned; DTEND,
DURATION, both; with and without a rule) are held to the same agreement.
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import pytest
import recurring_ical_events

from tasks.gcal.ics import occurrences_frame
from tasks.validation import InputError
from tests.tasks.gcal.samples import event, feed

CORPUS = Path(recurring_ical_events.__file__).parent / "test" / "calendars"
CALENDARS = sorted(CORPUS.glob("*.ics"))
LOWER = datetime(1900, 1, 1)
WIDE = date(2030, 1, 1)


# Cached: the quick and the library-path case of a calendar ask the library the same two questions, and its
# answers are half of this file's time. A raising call is not cached, so each case meets the library's error.
@functools.cache
def library_occurrences(data: bytes, until: date) -> tuple[tuple, ...]:
    """The library's non-cancelled occurrences starting before `until`, as sorted (start, end, title) in UTC
    (raises what the library raises)."""
    calendar = icalendar.Calendar.from_ical(data)
    zone = calendar.get("X-WR-TIMEZONE")
    floating = ZoneInfo(str(zone)) if zone else UTC

    def utc(moment) -> pd.Timestamp:
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(), UTC)
        elif moment.tzinfo is None:
            moment = moment.replace(tzinfo=floating)
        return pd.Timestamp(moment).tz_convert("UTC")

    found = recurring_ical_events.of(calendar).between(LOWER, datetime.combine(until, time()))
    return tuple(
        sorted(
            (utc(o.start), utc(o.end), str(o.get("SUMMARY", "")).strip())
            for o in found
            if str(o.get("STATUS", "")).upper() != "CANCELLED"
        )
    )


def reader_occurrences(data: bytes, name: str, until: date, quick: bool = True) -> tuple[tuple, ...]:
    return tuple(sorted((r.start, r.end, r.summary) for r in occurrences_frame(data, name, until, quick).itertuples()))


def test_the_corpus_is_installed():
    # 95 calendars in recurring-ical-events 3.8: fewer means the package layout changed and this test reads nothing.
    assert len(CALENDARS) >= 90, CORPUS


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "library"])
@pytest.mark.parametrize("path", CALENDARS, ids=[p.name for p in CALENDARS])
def test_reader_agrees_with_the_library(path: Path, quick: bool):
    data, name = path.read_bytes(), path.stem
    try:
        expected = library_occurrences(data, WIDE)
    except Exception:  # noqa: BLE001 - the library cannot read it: the reader must refuse it by name
        with pytest.raises(InputError, match=f"^calendar '{name}': "):
            occurrences_frame(data, name, WIDE, quick)
        return
    assert reader_occurrences(data, name, WIDE, quick) == expected
    if expected:
        middle = expected[len(expected) // 2][0].date()
        assert reader_occurrences(data, name, middle, quick) == library_occurrences(data, middle), f"until {middle}"


def mixed_event(rng: random.Random, n: int) -> str:
    """An event whose start, end or duration and rule are drawn from every kind of time a feed may mix."""

    def value(day: date) -> str:
        hour = rng.randint(0, 23)
        return rng.choice(
            [
                f";VALUE=DATE:{day:%Y%m%d}",
                f":{day:%Y%m%d}T{hour:02d}0000Z",
                f":{day:%Y%m%d}T{hour:02d}0000",
                f";TZID=Europe/Berlin:{day:%Y%m%d}T{hour:02d}0000",
            ]
        )

    first = date(2024, rng.choice([1, 3, 10, 12]), rng.randint(1, 28))
    lines, draw = [f"DTSTART{value(first)}"], rng.random()
    if draw < 0.5:
        lines.append(f"DTEND{value(first.replace(day=rng.randint(1, 28)))}")
    if draw > 0.3:
        lines.append(rng.choice(["DURATION:PT1H", "DURATION:-PT2H", "DURATION:P1D", "DURATION:PT0S", "DURATION:PT25H"]))
    if rng.random() < 0.2:
        lines.append(rng.choice(["RRULE:FREQ=DAILY;COUNT=3", "RRULE:FREQ=WEEKLY;COUNT=4"]))
    return event(f"mixed{n}", *lines, summary=f"Event {n}")


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "library"])
@pytest.mark.parametrize("zone", ["Europe/Berlin", None])
def test_events_mixing_kinds_of_time_agree_with_the_library(zone, quick):
    # Across both daylight-saving changes of 2024, with and without the calendar's X-WR-TIMEZONE.
    rng = random.Random(11)  # a draw with an end across a daylight-saving change in another zone than the start's
    for n in range(200):
        data = feed(mixed_event(rng, n))
        data = data if zone else data.replace(b"X-WR-TIMEZONE:Europe/Berlin\r\n", b"")
        for until in (date(2024, 3, 15), WIDE):
            try:
                expected = library_occurrences(data, until)
            except Exception:  # noqa: BLE001 - the library cannot read it: the reader must refuse it by name
                with pytest.raises(InputError, match="^calendar 'Team': "):
                    occurrences_frame(data, "Team", until, quick)
                continue
            ends_clamped = tuple(
                (start, max(start, end), title) for start, end, title in expected
            )  # as the reader stores them
            assert reader_occurrences(data, "Team", until, quick) == ends_clamped, data.decode()
