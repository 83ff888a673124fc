"""Plain series (one rule; exclusions, moved and cancelled instances) expanded with dateutil straight from their
lines, giving the rows recurring-ical-events gives; a series with anything else is left to it (None)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, weekdays
from icalendar.prop import vDDDLists
from recurring_ical_events.util import time_span_contains_event, to_recurrence_ids

from tasks.gcal.event_columns import EventColumns
from tasks.gcal.quick.event import QuickEvent, quick_event, quick_value, time_value

FREQUENCIES = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
WEEKDAYS = {name: weekdays[i] for i, name in enumerate(["MO", "TU", "WE", "TH", "FR", "SA", "SU"])}
# The rule parts read here, each value as dateutil's `rrulestr` reads it (its UNTIL parsing is most of its time).
NUMBER, NUMBERS = re.compile(r"\d+"), re.compile(r"[+-]?\d{1,3}(,[+-]?\d{1,3})*")
DAYS = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
UNTIL = re.compile(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)(Z?))?")
# SEQUENCE only chooses between definitions of one recurrence; a plain series has one of each.
PLAIN_PROPERTIES = frozenset(
    {
        b"DTSTART",
        b"DTEND",
        b"DURATION",
        b"RRULE",
        b"EXDATE",
        b"RECURRENCE-ID",
        b"UID",
        b"SUMMARY",
        b"STATUS",
        b"SEQUENCE",
    }
)


@dataclass(frozen=True)
class Instance:
    """A moved or cancelled instance: its RECURRENCE-ID as recurrence-ical-events keys it, and the event."""

    ids: tuple
    event: QuickEvent


@dataclass(frozen=True)
class PlainSeries:
    master: QuickEvent
    rule: rrule
    until: datetime | None  # UNTIL as written (a date as its midnight)
    counted: bool
    excluded_days: frozenset[date]  # EXDATE dates: every occurrence on that day
    excluded_ids: frozenset[datetime]  # EXDATE times, as recurrence ids
    instances: tuple[Instance, ...]

    def continues(self, until: date) -> bool:
        """As `ics.continues_after`: whether a later window may add rows (any COUNT does)."""
        events = [self.master, *(i.event for i in self.instances)]
        return (
            any(_day(e.start) >= until for e in events)
            or self.counted
            or self.until is None
            or (self.until.date() >= until)
        )


def plain_series(group: list[list[tuple[bytes, bytes]]]) -> PlainSeries | None:
    """A UID's events (as property lines) as a plain series, or None when recurring-ical-events should expand them."""
    master, rule_text, exdates, instances = None, None, [], []
    for props in group:
        lines: dict[bytes, list[bytes]] = {}
        for name, rest in props:
            lines.setdefault(name, []).append(rest)
        event = quick_event(props)
        if not lines.keys() <= PLAIN_PROPERTIES or event is None or not _plain_span(event, b"DURATION" in lines):
            return None
        if b"UID" not in lines:
            return None  # recurring-ical-events keeps events without UID apart
        if b"RECURRENCE-ID" not in lines:
            if master is not None or len(lines.get(b"RRULE", ())) != 1:
                return None
            master, rule_text, exdates = event, lines[b"RRULE"][0], lines.get(b"EXDATE", [])
        elif len(lines[b"RECURRENCE-ID"]) == 1 and not lines.keys() & {b"RRULE", b"EXDATE"}:
            try:  # a RANGE (this and future instances) is the library's to apply
                moved = time_value(b"RECURRENCE-ID", lines[b"RECURRENCE-ID"][0])
            except (ValueError, TypeError):
                return None
            instances.append(Instance(to_recurrence_ids(moved), event))
        else:
            return None
    if master is None or not _keys_unique(instances):
        return None
    return _with_rule(master, rule_text, exdates, tuple(instances))


def _with_rule(master: QuickEvent, rule_text: bytes, exdates: list[bytes], instances: tuple) -> PlainSeries | None:
    aware = isinstance(master.start, datetime) and master.start.tzinfo is not None
    dtstart = master.start if isinstance(master.start, datetime) else datetime.combine(master.start, time())
    excluded_days, excluded_ids = set(), set()
    for rest in exdates:
        values = _exdates(rest)
        if values is None:
            return None
        for value in values:
            if isinstance(value, datetime) and (value.tzinfo is not None) != aware:
                return None  # recurring-ical-events would move the whole series to the exclusion's zone
            if not isinstance(value, datetime):
                excluded_days.add(value)
            excluded_ids.update(to_recurrence_ids(value))
    parsed = _rule(rule_text, dtstart)
    if parsed is None:
        return None
    rule, until, counted = parsed
    return PlainSeries(master, rule, until, counted, frozenset(excluded_days), frozenset(excluded_ids), instances)


def add_plain_series(columns: EventColumns, series: PlainSeries, until: date) -> None:
    """Occurrences from New Year of the series' first year to `until` (exclusive), less cancelled ones, as
    `library.add_occurrences` adds them through recurring-ical-events."""
    master, days = series.master, not isinstance(series.master.start, datetime)
    first = min(_day(e.start) for e in (master, *(i.event for i in series.instances)))
    lower, upper = datetime(first.year, 1, 1), datetime.combine(until, time())
    if lower >= upper:
        return
    start = master.start if not days else datetime.combine(master.start, time())
    zone, duration = start.tzinfo, master.end - master.start
    # The library's query span, widened by the event's length, in the series' own zone (so compared by wall time).
    low, high = (lower - duration).replace(tzinfo=zone), upper.replace(tzinfo=zone)
    lower_z, upper_z = lower.replace(tzinfo=zone), upper.replace(tzinfo=zone)
    # DTSTART is an occurrence even off the rule, unless after UNTIL; the rule gives it at most once more.
    first_start = low <= start <= high and (series.until is None or start <= series.until)
    moved, returned = {key: i for i in series.instances for key in i.ids}, set()
    for n, begin in enumerate([*([start] if first_start else []), *series.rule.between(low, high, inc=True)]):
        if n and first_start and begin == start:
            continue
        if series.excluded_days and begin.date() in series.excluded_days:
            continue
        if series.excluded_ids or moved:
            ids = to_recurrence_ids(begin)
            if not series.excluded_ids.isdisjoint(ids):
                continue
            instance = next((moved[k] for k in reversed(ids) if k in moved), None)
            if instance is not None:
                if id(instance) not in returned:
                    returned.add(id(instance))
                    _add_instance(columns, instance.event, lower, upper)
                continue
        if not master.cancelled and lower_z <= begin < upper_z:
            end = begin + duration
            columns.add(master.summary, begin.date() if days else begin, end.date() if days else end)
    for instance in series.instances:
        if id(instance) not in returned and series.excluded_ids.isdisjoint(instance.ids):
            _add_instance(columns, instance.event, lower, upper)


def _add_instance(columns: EventColumns, event: QuickEvent, lower: datetime, upper: datetime) -> None:
    start = event.start if isinstance(event.start, datetime) else datetime.combine(event.start, time())
    if event.cancelled or start.replace(tzinfo=None) < lower:
        return
    if time_span_contains_event(lower, upper, event.start, event.end):
        columns.add(event.summary, event.start, event.end)


def _rule(text: bytes, dtstart: datetime) -> tuple[rrule, datetime | None, bool] | None:
    """The rule `rrulestr` would build, its UNTIL and whether it counts; None for parts or values not read here."""
    if not text.startswith(b":"):
        return None
    kwargs, until = {}, None
    for part in text[1:].decode("ascii", errors="replace").split(";"):
        name, _, value = part.partition("=")
        key = name.lower()
        if key in kwargs or (key == "byday" and "byweekday" in kwargs):
            return None
        if name == "FREQ" and value in FREQUENCIES:
            kwargs["freq"] = FREQUENCIES[value]
        elif name in ("COUNT", "INTERVAL") and NUMBER.fullmatch(value):
            kwargs[key] = int(value)
        elif name in ("BYMONTH", "BYMONTHDAY", "BYSETPOS") and NUMBERS.fullmatch(value):
            kwargs[key] = [int(v) for v in value.split(",")]
        elif name == "BYDAY" and all(DAYS.fullmatch(d) for d in value.split(",")):
            kwargs["byweekday"] = [WEEKDAYS[d[-2:]](int(d[:-2]) if d[:-2] else None) for d in value.split(",")]
        elif name == "WKST" and value in WEEKDAYS:
            kwargs["wkst"] = WEEKDAYS[value].weekday
        elif name == "UNTIL" and (until := _until(value)) is not None:
            kwargs["until"] = until
        else:
            return None
    if "freq" not in kwargs:
        return None
    try:
        return rrule(dtstart=dtstart, **kwargs), until, "count" in kwargs
    except (ValueError, TypeError):  # e.g. a local UNTIL for a zoned start: the library rewrites such rules
        return None


def _until(value: str) -> datetime | None:
    match = UNTIL.fullmatch(value)
    if match is None:
        return None
    numbers = [int(g) for g in match.groups()[:6] if g is not None]
    try:
        moment = datetime(*numbers)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if match.group(7) else moment


def _exdates(rest: bytes) -> list[date | datetime] | None:
    value, params = quick_value(b"EXDATE", rest)
    params = params or {}
    if set(params) - {"TZID", "VALUE"} or str(params.get("VALUE", "")).upper() not in ("", "DATE", "DATE-TIME"):
        return None
    try:
        values = vDDDLists.from_ical(value, params.get("TZID"))
    except (ValueError, TypeError):
        return None
    if params.get("TZID") and any(isinstance(v, datetime) and v.tzinfo is None for v in values):
        return None  # a zone only the feed defines: icalendar reads it from the feed's VTIMEZONE
    return values if all(isinstance(v, date) for v in values) else None


def _plain_span(event: QuickEvent, has_duration: bool) -> bool:
    """Whether the library takes the event's span as read: a start no later than the end, both zoned or both not
    (a DURATION of zero or less it would turn around)."""
    start, end = event.start, event.end
    if isinstance(start, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        return False
    return end > start or (end == start and not has_duration)


def _keys_unique(instances: list[Instance]) -> bool:
    """No two instances for one recurrence: which wins is the library's rule (by SEQUENCE, not read here)."""
    seen: set = set()
    for instance in instances:
        if not seen.isdisjoint(instance.ids):
            return False
        seen.update(instance.ids)
    return True


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
