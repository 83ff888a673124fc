"""Deterministic Google-shaped ICS feeds for the demo: ~5,000 events a year over 15 calendars at scale 1."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from tasks.gcal.demo_calendars import DEMO_CALENDARS, MISFILED, DemoCalendar

PATH_DEMO_FEED = "_demo/gcal/{name}.ics"  # config/gcal.yaml `paths.demo_dir` points here
EVENTS_PER_YEAR = 5000
RECURRING_SHARE = 0.55
ZONE_NAME = "Europe/Madrid"
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
VTIMEZONE = """BEGIN:VTIMEZONE\nTZID:Europe/Madrid\nX-LIC-LOCATION:Europe/Madrid\nBEGIN:DAYLIGHT\nTZOFFSETFROM:+0100
TZOFFSETTO:+0200\nTZNAME:CEST\nDTSTART:19700329T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nEND:DAYLIGHT
BEGIN:STANDARD\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nDTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nEND:STANDARD\nEND:VTIMEZONE"""


def demo_files(seed: int, end: date, years: int, scale: float) -> dict[str, bytes]:
    """One ICS feed per demo calendar, keyed by its storage path; same options give the same bytes."""
    start = end - timedelta(days=365 * years)
    return {
        PATH_DEMO_FEED.format(name=cal.name): demo_feed(np.random.default_rng([seed, i]), cal, start, end, scale)
        for i, cal in enumerate(DEMO_CALENDARS)
    }


def demo_feed(rng: np.random.Generator, cal: DemoCalendar, start: date, end: date, scale: float) -> bytes:
    """A calendar's feed: weekly and monthly series (UNTIL/COUNT, EXDATE, moved and cancelled
    instances) in local time, then single UTC, all-day, cancelled and open-ended events."""
    budget = EVENTS_PER_YEAR * scale * cal.weight * (end - start).days / 365
    stamp = f"{end:%Y%m%d}T000000Z"
    blocks, expected = [], 0.0
    while expected < budget * RECURRING_SHARE:
        series, count = _series(rng, cal, start, end, stamp, len(blocks))
        blocks.append(series)
        expected += count
    singles = max(0, round(budget * (1 - RECURRING_SHARE)))
    blocks += [_single(rng, cal, start, end, stamp, i) for i in range(singles)]
    head = (
        f"BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\nCALSCALE:GREGORIAN\n"
        f"METHOD:PUBLISH\nX-WR-CALNAME:{cal.name}\nX-WR-TIMEZONE:{ZONE_NAME}\nX-WR-CALDESC:Demo calendar\n{VTIMEZONE}\n"
    )
    return (head + "".join(blocks) + "END:VCALENDAR\n").replace("\n", "\r\n").encode()


def _event(uid: str, stamp: str, summary: str, *lines: str, status: str = "CONFIRMED") -> str:
    return "".join(
        f"{line}\n"
        for line in (
            "BEGIN:VEVENT",
            *lines,
            f"DTSTAMP:{stamp}",
            f"UID:{uid}@google.com",
            f"CREATED:{stamp}",
            f"LAST-MODIFIED:{stamp}",
            "SEQUENCE:0",
            f"STATUS:{status}",
            f"SUMMARY:{summary}",
            "TRANSP:OPAQUE",
            "DESCRIPTION:",
            "LOCATION:",
            "END:VEVENT",
        )
    )


def _local(moment: datetime) -> str:
    return f";TZID={ZONE_NAME}:{moment:%Y%m%dT%H%M%S}"


def _series(rng, cal: DemoCalendar, start: date, end: date, stamp: str, n: int) -> tuple[str, float]:
    """One recurring series and how many occurrences it should have (before exclusions)."""
    uid, title = f"{cal.name[:3].lower()}-r{n}", str(rng.choice(cal.titles))
    first = start + timedelta(days=int(rng.integers(0, (end - start).days + 1)))
    minutes = int(rng.integers(-4, 5)) * 15
    length = timedelta(minutes=max(15, round(rng.gamma(4.0, cal.hours / 4) * 4) * 15))
    monthly = rng.random() < 0.15
    if monthly:
        first, months = first.replace(day=min(first.day, 28)), int(rng.integers(3, 19))
        rule, count, step = f"FREQ=MONTHLY;BYMONTHDAY={first.day}", months, None
    else:
        days = sorted(
            rng.choice(len(cal.weekdays), size=min(len(cal.weekdays), int(rng.integers(1, 4))), replace=False)
        )
        byday = [cal.weekdays[d] for d in days]
        while DAYS[first.weekday()] not in byday:  # Google starts a series on one of its days
            first += timedelta(days=1)
        weeks = int(rng.integers(4, 31))
        rule, count, step = f"FREQ=WEEKLY;BYDAY={','.join(byday)}", weeks * len(byday), timedelta(weeks=1)
    begin = datetime.combine(first, time(cal.hour)) + timedelta(minutes=minutes)
    if rng.random() < 0.4:
        rule += f";COUNT={count}"
    else:  # Google writes UNTIL as the last day's end in UTC
        last = first + (timedelta(weeks=weeks) - timedelta(days=1) if step else timedelta(days=31 * months - 3))
        rule += f";UNTIL={last:%Y%m%d}T215959Z"
    extra, master = [], [f"DTSTART{_local(begin)}", f"DTEND{_local(begin + length)}", f"RRULE:{rule}"]
    if step and weeks > 3:
        picks = rng.choice(np.arange(1, weeks), size=3, replace=False)
        excluded, moved, cancelled = (begin + step * int(p) for p in picks)
        if rng.random() < 0.35:
            master.append(f"EXDATE{_local(excluded)}")
        if rng.random() < 0.3:
            new = moved + timedelta(days=1, hours=1)
            extra.append(
                _event(
                    uid,
                    stamp,
                    title,
                    f"DTSTART{_local(new)}",
                    f"DTEND{_local(new + length)}",
                    f"RECURRENCE-ID{_local(moved)}",
                )
            )
        if rng.random() < 0.1:
            extra.append(
                _event(
                    uid,
                    stamp,
                    title,
                    f"DTSTART{_local(cancelled)}",
                    f"RECURRENCE-ID{_local(cancelled)}",
                    status="CANCELLED",
                )
            )
    return _event(uid, stamp, title, *master) + "".join(extra), count


def _single(rng, cal: DemoCalendar, start: date, end: date, stamp: str, n: int) -> str:
    """A one-off event, written in UTC as Google exports single events; some all-day or odd ones."""
    uid, day = f"{cal.name[:3].lower()}-s{n}", start + timedelta(days=int(rng.integers(0, (end - start).days + 1)))
    title, kind = str(rng.choice(cal.titles)), rng.random()
    if kind < 0.04:
        last = day + timedelta(days=int(rng.integers(1, 4)))
        return _event(
            uid, stamp, f"{title} (all day)", f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{last:%Y%m%d}"
        )
    begin = datetime.combine(day, time(cal.hour), ZoneInfo(ZONE_NAME)) + timedelta(
        minutes=int(rng.integers(-8, 9)) * 15
    )
    length = timedelta(minutes=max(15, round(rng.gamma(4.0, cal.hours / 4) * 4) * 15))
    utc = begin.astimezone(UTC)
    first = f"DTSTART:{utc:%Y%m%dT%H%M%SZ}"
    if kind < 0.05:
        return _event(uid, stamp, title, first, f"DURATION:PT{int(length.total_seconds() // 60)}M")
    if kind < 0.055:
        return _event(uid, stamp, f"{title} reminder", first)  # no DTEND: a moment, zero hours
    status = "CANCELLED" if kind > 0.98 else "CONFIRMED"
    title = MISFILED[cal.name] if cal.name in MISFILED and kind > 0.97 else title  # about 1%
    return _event(uid, stamp, title, first, f"DTEND:{(utc + length):%Y%m%dT%H%M%SZ}", status=status)
