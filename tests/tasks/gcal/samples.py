"""Google-shaped iCalendar feeds for the gcal tests, with expectations computed by hand in the tests."""

BERLIN_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def feed(*events: str, name: str = "Team", zone: str = "Europe/Berlin") -> bytes:
    """A whole feed around `events`, CRLF line endings as Google sends them."""
    head = (
        f"BEGIN:VCALENDAR\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\nVERSION:2.0\nCALSCALE:GREGORIAN\n"
        f"METHOD:PUBLISH\nX-WR-CALNAME:{name}\nX-WR-TIMEZONE:{zone}\n{BERLIN_TZ}"
    )
    text = head + "".join(events) + "END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def event(uid: str, *lines: str, summary: str = "Event") -> str:
    body = "\n".join(lines)
    return (
        f"BEGIN:VEVENT\n{body}\nDTSTAMP:20241101T120000Z\nUID:{uid}@google.com\nSEQUENCE:0\n"
        f"STATUS:CONFIRMED\nSUMMARY:{summary}\nTRANSP:OPAQUE\nDESCRIPTION:\nLOCATION:\nEND:VEVENT\n"
    )


STANDUP = event(
    "weekly123",
    "DTSTART;TZID=Europe/Berlin:20240318T090000",
    "DTEND;TZID=Europe/Berlin:20240318T093000",
    "RRULE:FREQ=WEEKLY;UNTIL=20240415T065959Z;BYDAY=MO",
    "EXDATE;TZID=Europe/Berlin:20240401T090000",
    summary="Standup",
)
STANDUP_MOVED = event(
    "weekly123",
    "DTSTART;TZID=Europe/Berlin:20240326T140000",
    "DTEND;TZID=Europe/Berlin:20240326T143000",
    "RECURRENCE-ID;TZID=Europe/Berlin:20240325T090000",
    summary="Standup (moved)",
)
HOLIDAY = event("allday1", "DTSTART;VALUE=DATE:20240329", "DTEND;VALUE=DATE:20240402", summary="Easter")
CALL = event("single1", "DTSTART:20240320T150000Z", "DTEND:20240320T160000Z", summary="Call")
CANCELLED = event("gone1", "DTSTART:20240321T150000Z", "DTEND:20240321T160000Z", summary="Cancelled call").replace(
    "STATUS:CONFIRMED", "STATUS:CANCELLED"
)
NO_END = event("noend1", "DTSTART:20240322T100000Z", summary="Reminder")
NO_END_DAY = event("noend2", "DTSTART;VALUE=DATE:20240323", summary="Birthday")
WITH_DURATION = event("dur1", "DTSTART:20240322T120000Z", "DURATION:PT45M", summary="Lunch")
