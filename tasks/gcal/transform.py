"""Pure transforms of calendar events: the report's inputs, hours per day and period, shares, duplicate titles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tasks.gcal.schema import COL_ALL_DAY, COL_CALENDAR, COL_DAY, COL_EVENTS, COL_HOURS, COL_START, COL_SUMMARY

MAX_TIMED_HOURS = 24  # longer "timed" events are trips or placeholders, not time spent


def _is_timed(events: pd.DataFrame) -> pd.Series:
    """Events that count as time spent: not all-day and shorter than a day."""
    return ~events[COL_ALL_DAY] & (events[COL_HOURS] < MAX_TIMED_HOURS)


class ReportInputs(NamedTuple):
    """All the time report reads, small whatever the number of events; written beside the events."""

    day_hours: pd.DataFrame  # calendar, day, hours: hours of timed events per calendar and local day
    title_counts: pd.DataFrame  # summary, calendar, events: events per distinct title in each calendar


def report_inputs(events: pa.Table, zone: str) -> ReportInputs:
    timed = events.select([COL_CALENDAR, COL_START, COL_HOURS, COL_ALL_DAY]).to_pandas()
    return ReportInputs(local_day_hours(timed, zone), title_counts(events))


def joined_inputs(parts: list[ReportInputs]) -> ReportInputs:
    """Inputs of calendars computed apart, as one; empty parts keep the columns' dtypes."""
    return ReportInputs(
        *(_joined([getattr(p, field) for p in parts], getattr(EMPTY_INPUTS, field)) for field in ReportInputs._fields)
    )


def _joined(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True).astype(empty.dtypes.to_dict()) if frames else empty.copy()


def local_day_hours(events: pd.DataFrame, zone: str) -> pd.DataFrame:
    """Long: per calendar (in order of appearance) and local day with timed events, their hours.

    An event counts on the local day it starts, even when it runs past midnight.
    """
    timed = _is_timed(events)
    days = events[COL_START].dt.tz_convert(zone).dt.tz_localize(None).dt.normalize().rename(COL_DAY)
    # A calendar at a time: grouping a large table by day and calendar at once holds several copies of it.
    parts = []
    for name in events[COL_CALENDAR].unique():
        rows = timed & (events[COL_CALENDAR] == name)
        if rows.any():
            sums = events.loc[rows, COL_HOURS].groupby(days[rows]).sum()
            parts.append(pd.DataFrame({COL_CALENDAR: name, COL_DAY: sums.index, COL_HOURS: sums.to_numpy()}))
    return _joined(parts, EMPTY_INPUTS.day_hours)


def hours_per_day(day_hours: pd.DataFrame, calendars: list[str], end: date) -> pd.DataFrame:
    """Wide: one row per local day (first day with timed events to `end`), one column of hours per calendar."""
    if day_hours.empty:
        return pd.DataFrame(columns=calendars, index=pd.DatetimeIndex([], name=COL_DAY), dtype="float64")
    table = day_hours.pivot(index=COL_DAY, columns=COL_CALENDAR, values=COL_HOURS).fillna(0.0)
    span = pd.date_range(table.index.min(), max(table.index.max(), pd.Timestamp(end)), freq="D", name=COL_DAY)
    return table.reindex(index=span, columns=calendars, fill_value=0.0).astype("float64")


def newest_day(events: pa.Table, zone: str, run_date: date) -> str | None:
    """The last local day with an event starting on or before the run date."""
    days = events[COL_START].to_pandas().dt.tz_convert(zone).dt.tz_localize(None).to_numpy().astype("datetime64[D]")
    past = days[days <= np.datetime64(run_date, "D")]
    return None if past.size == 0 else str(past.max())


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


def title_counts(events: pa.Table) -> pd.DataFrame:
    """Events per distinct (title, calendar), by calendar then title."""
    # Pairs of codes of each column's distinct texts, counted by numpy: no Python string per event, and not
    # Arrow's group_by, whose engine imports pyarrow.dataset (12 MB resident).
    titles, calendars = (_distinct_codes(events[name]) for name in (COL_SUMMARY, COL_CALENDAR))
    width = len(calendars.dictionary)
    pairs, counts = np.unique(_codes(titles) * width + _codes(calendars), return_counts=True)
    frame = pd.DataFrame(
        {
            COL_SUMMARY: titles.dictionary.take(pa.array(pairs // width)).to_pandas(),
            COL_CALENDAR: calendars.dictionary.take(pa.array(pairs % width)).to_pandas(),
            COL_EVENTS: counts,
        }
    ).astype(EMPTY_INPUTS.title_counts.dtypes.to_dict())
    return frame.sort_values([COL_CALENDAR, COL_SUMMARY], kind="stable").reset_index(drop=True)


def _distinct_codes(column: pa.ChunkedArray) -> pa.DictionaryArray:
    """The column as codes into its distinct values; a missing value is one of them."""
    return pc.dictionary_encode(column.combine_chunks(), null_encoding="encode")


def _codes(encoded: pa.DictionaryArray) -> np.ndarray:
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)


def titles_in_several_calendars(
    counts: pd.DataFrame, max_share: float = 1.0, exclude: Iterable[str] = ()
) -> pd.DataFrame:
    """Titles (compared without case or outer spaces) filed in more than one calendar, with counts.

    Only titles whose minority calendars hold under `max_share` of their events are kept: "gym" 300 times in
    Sport and twice in Work is a slip, a title split evenly is a choice. Calendars in `exclude` are left out."""
    pairs = counts.dropna()
    pairs = pairs[~pairs[COL_CALENDAR].isin(list(exclude))]
    titles = pairs[COL_SUMMARY].str.strip()
    pairs, keys = pairs[titles != ""], titles[titles != ""].str.casefold().rename("title")
    several = pairs.groupby([keys, COL_CALENDAR], observed=True)[COL_EVENTS].sum().reset_index()
    per_title = several.groupby("title")[COL_EVENTS]
    minority = 1 - per_title.transform("max") / per_title.transform("sum")
    several = several[(several.groupby("title")[COL_CALENDAR].transform("nunique") > 1) & (minority < max_share)]
    return several.sort_values(["title", COL_EVENTS], ascending=[True, False], kind="stable").reset_index(drop=True)


def duplicate_title_warnings(several: pd.DataFrame, limit: int = 20) -> list[str]:
    """One line per title: `'gym' is in 2 calendars: Sport (310), Work (2)`; at most `limit` lines."""
    lines = [
        f"'{title}' is in {len(group)} calendars: "
        + ", ".join(f"{r.calendar} ({r.events})" for r in group.itertuples())
        for title, group in several.groupby("title", sort=True)
    ]
    more = [f"... and {len(lines) - limit} more titles in several calendars"] if len(lines) > limit else []
    return lines[:limit] + more


EMPTY_INPUTS = ReportInputs(
    pd.DataFrame(
        {
            COL_CALENDAR: pd.Series(dtype="string"),
            COL_DAY: pd.Series(dtype="datetime64[us]"),
            COL_HOURS: pd.Series(dtype="float64"),
        }
    ),
    pd.DataFrame(
        {
            COL_SUMMARY: pd.Series(dtype="string"),
            COL_CALENDAR: pd.Series(dtype="string"),
            COL_EVENTS: pd.Series(dtype="int64"),
        }
    ),
)
