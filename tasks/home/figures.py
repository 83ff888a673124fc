"""Reads the few columns the home page and the digest need from the stored tables (small reads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from config.expensor import ExpensorSettings
from config.gcal import GcalSettings
from config.subflows import load_subflow_settings
from config.vbooks import VbooksSettings
from tasks.home.transform import (
    COL_CALENDAR,
    COL_DAY,
    COL_EXPENSES,
    COL_FINISHED,
    COL_HOURS,
    COL_MONTH,
    COL_TITLE,
    books_finished,
    last_week,
    month_spending,
    week_hours,
)
from tasks.storage.base import Storage


@dataclass(frozen=True)
class Sources:
    """Where the figures come from and which report each links to (from the subflows' settings)."""

    monthly: str
    day_hours: str
    books: str
    main_calendars: tuple[str, ...]
    reports: dict[str, str] = field(default_factory=dict)  # "money" / "time" / "books" -> report path

    def paths(self) -> list[str]:
        return [self.monthly, self.day_hours, self.books]


@dataclass
class Figures:
    spent: float | None = None
    spent_average: float | None = None
    hours: dict[str, float] | None = None  # None: no table to read it from
    books_year: list[str] | None = None
    books_week: list[str] | None = None


def load_sources() -> Sources:
    money, time, books = (load_subflow_settings(c) for c in (ExpensorSettings, GcalSettings, VbooksSettings))
    return Sources(
        money.paths.monthly,
        time.paths.day_hours,
        books.paths.books,
        tuple(c.name for c in time.calendars if c.main),
        {"money": money.paths.report, "time": time.paths.report, "books": books.paths.report},
    )


def read_figures(storage: Storage, sources: Sources, today: date) -> Figures:
    """Each figure from its table when it exists; a missing table leaves its figure empty."""
    figures = Figures()
    if storage.exists(sources.monthly):
        figures.spent, figures.spent_average = month_spending(
            storage.read_parquet(sources.monthly, [COL_MONTH, COL_EXPENSES]), today
        )
    if storage.exists(sources.day_hours):
        figures.hours = week_hours(
            storage.read_parquet(sources.day_hours, [COL_CALENDAR, COL_DAY, COL_HOURS]),
            list(sources.main_calendars),
            today,
        )
    if storage.exists(sources.books):
        books = storage.read_parquet(sources.books, [COL_TITLE, COL_FINISHED])
        figures.books_year = books_finished(books, date(today.year, 1, 1), today)
        figures.books_week = books_finished(books, *last_week(today))
    return figures
