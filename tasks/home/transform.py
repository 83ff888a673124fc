"""Pure figures for the home page and the weekly digest: data ages, this month's spending, last week's hours, books."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

COL_MONTH, COL_EXPENSES = "month", "expenses"  # expensor/monthly.parquet
COL_CALENDAR, COL_DAY, COL_HOURS = "calendar", "day", "hours"  # gcal/day_hours.parquet
COL_TITLE, COL_FINISHED = "title", "finished"  # vbooks/books.parquet


def data_age(newest: str | None, today: date, limit_days: int | None) -> tuple[int | None, bool]:
    """(days since the newest data date, whether that is past the source's limit); (None, False) without a date."""
    if not newest:
        return None, False
    age = (today - date.fromisoformat(newest[:10])).days
    return age, limit_days is not None and age > limit_days


def local_time(iso: str | None, zone: str) -> datetime | None:
    """A recorded ISO instant in the user's zone (naive instants are UTC, as the runs record them)."""
    if not iso:
        return None
    moment = datetime.fromisoformat(iso)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(zone))


def last_week(today: date) -> tuple[date, date]:
    """Monday and Sunday of the last complete week before `today`."""
    monday = today - timedelta(days=today.weekday() + 7)
    return monday, monday + timedelta(days=6)


def month_spending(monthly: pd.DataFrame, today: date) -> tuple[float | None, float | None]:
    """(this month's expenses so far, the average of the 12 complete months before it); None where missing."""
    months = pd.to_datetime(monthly[COL_MONTH]).dt.to_period("M")
    this = pd.Period(today, "M")
    current = monthly.loc[months == this, COL_EXPENSES]
    before = monthly.loc[(months < this) & (months >= this - 12), COL_EXPENSES]
    return (float(current.sum()) if len(current) else None), (float(before.mean()) if len(before) else None)


def week_hours(day_hours: pd.DataFrame, calendars: list[str], today: date) -> dict[str, float]:
    """Hours per calendar (in the given order, zeros included) over the last complete week."""
    start, end = last_week(today)
    days = pd.to_datetime(day_hours[COL_DAY]).dt.date
    week = day_hours[(days >= start) & (days <= end) & day_hours[COL_CALENDAR].isin(calendars)]
    totals = week.groupby(COL_CALENDAR, observed=True)[COL_HOURS].sum()
    return {name: round(float(totals.get(name, 0.0)), 2) for name in calendars}


def books_finished(books: pd.DataFrame, start: date, end: date) -> list[str]:
    """Titles finished between `start` and `end` (inclusive), oldest first."""
    finished = pd.to_datetime(books[COL_FINISHED]).dt.date
    mask = (finished >= start) & (finished <= end)
    return books.loc[mask].assign(_d=finished[mask]).sort_values("_d", kind="stable")[COL_TITLE].astype(str).tolist()
