"""Pure transforms of calendar events: merged tables, hours per day and period, shares, duplicate titles."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tasks.gcal.ics import events_typed
from tasks.gcal.schema import COL_ALL_DAY, COL_CALENDAR, COL_DAY, COL_HOURS, COL_START, COL_SUMMARY, EVENT_COLUMNS

MAX_TIMED_HOURS = 24  # longer "timed" events are trips or placeholders, not time spent


def merged_events(previous: pd.DataFrame | None, fresh: list[pd.DataFrame], calendars: list[str]) -> pd.DataFrame:
    """`previous` rows of `calendars` not in `fresh`, plus `fresh`; sorted so equal data gives equal bytes."""
    fresh_names = {str(n) for f in fresh for n in f[COL_CALENDAR].unique()}
    kept = [] if previous is None else [previous[previous[COL_CALENDAR].isin(set(calendars) - fresh_names)]]
    parts = [events_typed(p[EVENT_COLUMNS]) for p in [*kept, *fresh]]
    merged = pd.concat(parts, ignore_index=True) if parts else events_typed(pd.DataFrame(columns=EVENT_COLUMNS))
    return merged.sort_values([COL_CALENDAR, COL_START, COL_SUMMARY], kind="stable").reset_index(drop=True)


def timed_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events that count as time spent: not all-day and shorter than a day."""
    return events[~events[COL_ALL_DAY] & (events[COL_HOURS] < MAX_TIMED_HOURS)]


def hours_per_day(events: pd.DataFrame, calendars: list[str], zone: str, end: date) -> pd.DataFrame:
    """Wide: one row per local day (first event's day to `end`), one column of hours per calendar.

    An event counts on the local day it starts, even when it runs past midnight.
    """
    timed = timed_events(events)
    if timed.empty:
        return pd.DataFrame(columns=calendars, index=pd.DatetimeIndex([], name=COL_DAY), dtype="float64")
    days = timed[COL_START].dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    table = timed.assign(**{COL_DAY: days}).pivot_table(
        index=COL_DAY, columns=COL_CALENDAR, values=COL_HOURS, aggfunc="sum", fill_value=0.0, observed=True
    )
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
    titled = events[events[COL_SUMMARY].str.strip() != ""]
    keys = titled[COL_SUMMARY].str.strip().str.casefold()
    counts = titled.groupby([keys.rename("title"), COL_CALENDAR], observed=True).size().rename("events").reset_index()
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
