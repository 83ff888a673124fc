"""Pure transforms of calendar events: merged tables, hours per day and period, shares, duplicate titles."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pyarrow as pa

from tasks.gcal.ics import events_typed
from tasks.gcal.schema import (
    COL_ALL_DAY, COL_CALENDAR, COL_DAY, COL_END, COL_HOURS, COL_START, COL_SUMMARY, EVENT_COLUMNS,
)  # fmt: skip

MAX_TIMED_HOURS = 24  # longer "timed" events are trips or placeholders, not time spent
EVENT_ORDER = [COL_START, COL_SUMMARY, COL_END, COL_ALL_DAY]  # within a calendar; the order parsing gives too


def merged_events(previous: pd.DataFrame | None, fresh: list[pd.DataFrame], calendars: list[str]) -> pd.DataFrame:
    """`previous` rows of `calendars` not in `fresh`, plus `fresh`; sorted by every column so equal data gives
    equal bytes. Sorted a calendar at a time and joined once: frames already in order are not copied."""
    fresh_names = {str(n) for f in fresh for n in f[COL_CALENDAR].unique()}
    kept = [] if previous is None else [previous[previous[COL_CALENDAR].isin(set(calendars) - fresh_names)]]
    pieces: dict[str, list[pd.DataFrame]] = {}
    for part in [*kept, *fresh]:
        names = [str(n) for n in part[COL_CALENDAR].unique()]
        for name in names:
            pieces.setdefault(name, []).append(part if len(names) == 1 else part[part[COL_CALENDAR] == name])
    ordered = [_in_time_order(events_typed(p[0] if len(p) == 1 else pd.concat(p))) for _, p in sorted(pieces.items())]
    if not ordered:
        return events_typed(pd.DataFrame(columns=EVENT_COLUMNS))
    return pd.concat(ordered, ignore_index=True) if len(ordered) > 1 else ordered[0].reset_index(drop=True)


def _in_time_order(events: pd.DataFrame) -> pd.DataFrame:
    return events[EVENT_COLUMNS].sort_values(EVENT_ORDER, kind="stable")


def timed_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events that count as time spent: not all-day and shorter than a day."""
    return events[_is_timed(events)]


def _is_timed(events: pd.DataFrame) -> pd.Series:
    return ~events[COL_ALL_DAY] & (events[COL_HOURS] < MAX_TIMED_HOURS)


def hours_per_day(events: pd.DataFrame, calendars: list[str], zone: str, end: date) -> pd.DataFrame:
    """Wide: one row per local day (first event's day to `end`), one column of hours per calendar.

    An event counts on the local day it starts, even when it runs past midnight.
    """
    timed = _is_timed(events)
    if not timed.any():
        return pd.DataFrame(columns=calendars, index=pd.DatetimeIndex([], name=COL_DAY), dtype="float64")
    days = events[COL_START].dt.tz_convert(zone).dt.tz_localize(None).dt.normalize().rename(COL_DAY)
    # A calendar at a time: grouping a large table by day and calendar at once holds several copies of it.
    sums = {}
    for name in events[COL_CALENDAR].unique():
        rows = timed & (events[COL_CALENDAR] == name)
        if rows.any():
            sums[name] = events.loc[rows, COL_HOURS].groupby(days[rows]).sum()
    table = pd.DataFrame(sums).fillna(0.0).rename_axis(columns=COL_CALENDAR)
    span = pd.date_range(table.index.min(), max(table.index.max(), pd.Timestamp(end)), freq="D", name=COL_DAY)
    return table.reindex(index=span, columns=calendars, fill_value=0.0).astype("float64")


def hours_per_period(daily: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Daily hours summed per week (`"W-MON"` labels weeks by their Monday), month (`"MS"`) or year (`"YS"`)."""
    if freq.startswith("W"):
        # Label each week by its first day (Monday) rather than pandas' default last day.
        return daily.groupby(daily.index.to_period("W-SUN").start_time).sum().rename_axis(daily.index.name)
    return daily.resample(freq).sum()


def period_shares(per_period: pd.DataFrame) -> pd.DataFrame:
    """Percent of each period's hours per calendar; rows sum to 100 (empty periods stay 0)."""
    totals = per_period.sum(axis=1)
    return (per_period.div(totals.where(totals > 0), axis=0).fillna(0.0) * 100).round(1)


def hours_between(daily: pd.DataFrame, start: date | None, end: date) -> pd.DataFrame:
    """Hours per calendar over local days in [start, end) (all days when `start` is None), most first."""
    mask = daily.index < pd.Timestamp(end)
    if start is not None:
        mask &= daily.index >= pd.Timestamp(start)
    totals = daily[mask].sum().rename(COL_HOURS).rename_axis(COL_CALENDAR).reset_index()
    return totals.sort_values(COL_HOURS, ascending=False, kind="stable").reset_index(drop=True)


def last_month(run_date: date) -> tuple[date, date]:
    """The calendar month before the run date's: [first day, first day of the run date's month)."""
    this_month = run_date.replace(day=1)
    return (pd.Timestamp(this_month) - pd.DateOffset(months=1)).date(), this_month


def titles_in_several_calendars(events: pd.DataFrame) -> pd.DataFrame:
    """Titles (compared without case or outer spaces) filed in more than one calendar, with counts."""
    # Arrow counts each distinct (title, calendar) without a Python string per event; the rest works on those few.
    pairs = (pa.Table.from_pandas(events[[COL_SUMMARY, COL_CALENDAR]], preserve_index=False)
             .group_by([COL_SUMMARY, COL_CALENDAR]).aggregate([([], "count_all")]).to_pandas()
             .astype({COL_SUMMARY: "string", COL_CALENDAR: "string"}).dropna())  # fmt: skip
    titles = pairs[COL_SUMMARY].str.strip()
    pairs, keys = pairs[titles != ""], titles[titles != ""].str.casefold().rename("title")
    counts = pairs.groupby([keys, COL_CALENDAR], observed=True)["count_all"].sum().rename("events").reset_index()
    several = counts[counts.groupby("title")[COL_CALENDAR].transform("nunique") > 1]
    return several.sort_values(["title", "events"], ascending=[True, False], kind="stable").reset_index(drop=True)


def duplicate_title_warnings(several: pd.DataFrame, limit: int = 20) -> list[str]:
    """One line per title: `'gym' is in 2 calendars: Sport (310), Work (2)`; at most `limit` lines."""
    lines = [
        f"'{title}' is in {len(group)} calendars: " + ", ".join(f"{r.calendar} ({r.events})" for r in group.itertuples())
        for title, group in several.groupby("title", sort=True)
    ]
    more = [f"... and {len(lines) - limit} more titles in several calendars"] if len(lines) > limit else []
    return lines[:limit] + more
