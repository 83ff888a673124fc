"""Prefect tasks of the gcal subflow: refresh the events from the calendar feeds, then render the report."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from prefect import get_run_logger

from config.gcal import GcalSettings
from tasks.gcal.refresh import FeedSources, refresh_events
from tasks.run.history_guard import Guard
from tasks.run.memory import released_between
from tasks.run.step import step
from tasks.storage.base import Storage


@step("gcal.extract")
def extract_events(
    storage: Storage, cfg: GcalSettings, sources: FeedSources, run_date: date, guard: Guard | None = None
) -> dict:
    """Refresh `events.parquet` from the feeds that changed; a failing feed keeps its calendar's last events and is
    listed in `failed` (the flow ends Failed naming it once the report is rendered from the others)."""
    refresh = refresh_events(storage, cfg, sources, run_date, guard, paced=released_between)
    for failure in refresh.failed:
        get_run_logger().error("Calendar not refreshed, its last events kept: %s", failure)
    get_run_logger().info(
        "Calendars re-expanded: %s; unchanged: %s; %d events",
        ", ".join(refresh.processed) or "none",
        ", ".join(refresh.unchanged) or "none",
        refresh.rows,
    )
    for warning in refresh.warnings:
        get_run_logger().warning("Title in several calendars: %s", warning)
    return asdict(refresh)
