"""The home page (`index.html`): its rows and headline figures in the user's locale and time zone, and the step rebuilding it."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from prefect import get_run_logger

from reports.locale import format_date, format_number
from reports.model import Headline, IndexEntry
from reports.render import render_index
from tasks.clients import Clients
from tasks.home.figures import Figures, Sources, load_sources, read_figures
from tasks.home.transform import data_age, last_week, local_time
from tasks.run.report_state import inputs_digest, mark_report_current, report_is_current
from tasks.run.state import read_run_state
from tasks.run.step import step
from tasks.storage.base import Storage

PATH_INDEX = "index.html"


def age_text(days: int | None) -> str | None:
    if days is None:
        return None
    return "today" if days <= 0 else "1 day old" if days == 1 else f"{days} days old"


def index_entries(
    storage: Storage, names: list[str], link, *, locale: str, zone: str, today: date, limits: dict[str, int]
) -> list[IndexEntry]:
    """One row per report of every subflow's last recorded run (subflows not run now too), `link` making paths relative."""
    entries = []
    for name in names:
        last = read_run_state(storage, name)
        started = local_time(last.started, zone) if last else None
        newest = last.newest if last else None
        age, stale = data_age(newest, today, limits.get(name))
        for report in (last.reports if last else []) or [""]:
            entries.append(
                IndexEntry(
                    name=report.rsplit("/", 1)[-1] if report else f"{name} (no report)",
                    path=link(report) if report else "",
                    flow=f"vtasks.{name}",
                    state=last.state if last else "Never run",
                    last_run=f"{format_date(started, locale)} {started:%H:%M}" if started else None,
                    data_date=format_date(date.fromisoformat(newest[:10]), locale) if newest else None,
                    age=age_text(age),
                    stale=stale,
                )
            )
    return entries


def headlines(figures: Figures, sources: Sources, link, *, locale: str, today: date) -> list[Headline]:
    """This month's spending so far, last week's hours on the main calendars, books this year; each links to its report."""
    out = []
    if figures.spent is not None:
        note = (
            f"so far; 12-month average {format_number(figures.spent_average, locale, '€')}"
            if figures.spent_average is not None
            else "so far"
        )
        out.append(
            Headline(
                "Spent this month", format_number(figures.spent, locale, "€"), link(sources.reports["money"]), note
            )
        )
    if figures.hours is not None:
        start, end = last_week(today)
        note = f"main calendars, {format_date(start, locale)} – {format_date(end, locale)}"
        out.append(
            Headline(
                "Hours last week",
                format_number(sum(figures.hours.values()), locale, "h", 1),
                link(sources.reports["time"]),
                note,
            )
        )
    if figures.books_year is not None:
        note = f"latest: {figures.books_year[-1]}" if figures.books_year else None
        out.append(
            Headline(f"Books in {today.year}", str(len(figures.books_year)), link(sources.reports["books"]), note)
        )
    return out


@step("write_index")
def write_index(clients: Clients, names: list[str], generated_at: str) -> str:
    """Rebuild `index.html`: headline figures, and every subflow's last recorded run (ones not run now too)
    with its data's age in the user's zone.

    Not rewritten when no entry, figure table or day changed: it then still shows when it was last built."""
    settings, storage = clients.settings, clients.storage
    locale, zone = settings.locale, settings.timezone
    today = local_time(generated_at, zone).date()  # ages change daily: the day is one of the page's inputs

    def link(path: str) -> str:
        return storage.link(PATH_INDEX, path)

    entries = index_entries(
        storage, names, link, locale=locale, zone=zone, today=today, limits=settings.stale_after_days
    )
    try:
        sources = load_sources()
    except Exception as exc:  # noqa: BLE001 - a subflow's bad settings fail that subflow, never the home page
        get_run_logger().warning("Home page without headline figures: %s", exc)
        sources = None
    paths = [p for p in sources.paths() if storage.exists(p)] if sources else []
    digest = inputs_digest(
        storage,
        paths,
        today=today.isoformat(),
        entries=json.dumps([asdict(e) for e in entries]),
        locale=locale,
        zone=zone,
    )
    if report_is_current(storage, PATH_INDEX, digest):
        return PATH_INDEX
    storage.read_ahead_files(paths)  # the figures' tables in one round trip
    figures = (
        headlines(read_figures(storage, sources, today), sources, link, locale=locale, today=today) if sources else []
    )
    shown = local_time(generated_at, zone).isoformat(timespec="minutes")  # in the user's zone
    storage.write_text(PATH_INDEX, render_index(entries, generated_at=shown, locale=locale, headlines=figures))
    mark_report_current(storage, PATH_INDEX, digest)
    return PATH_INDEX
