"""Prefect tasks of the gcal subflow: refresh the events from the calendar feeds, then render the report."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from config.gcal import GcalSettings
from tasks.gcal.refresh import FeedSources, refresh_events
from tasks.gcal.transform import ReportInputs
from tasks.history_guard import Guard
from tasks.outputs import write_report_page
from tasks.report_state import inputs_digest, mark_report_current, report_is_current
from tasks.steps import step
from tasks.storage.base import Storage


@step("gcal.extract")
def extract_events(storage: Storage, cfg: GcalSettings, sources: FeedSources, run_date: date,
                   guard: Guard | None = None) -> dict:
    """Refresh `events.parquet` from the feeds that changed; a failing feed keeps its calendar's last events and is
    listed in `failed` (the flow ends Failed naming it once the report is rendered from the others)."""
    from prefect import get_run_logger

    refresh = refresh_events(storage, cfg, sources, run_date, guard)
    for failure in refresh.failed:
        get_run_logger().error("Calendar not refreshed, its last events kept: %s", failure)
    get_run_logger().info("Calendars re-expanded: %s; unchanged: %s; %d events",
                          ", ".join(refresh.processed) or "none", ", ".join(refresh.unchanged) or "none", refresh.rows)  # fmt: skip
    for warning in refresh.warnings:
        get_run_logger().warning("Title in several calendars: %s", warning)
    return asdict(refresh)


@step("gcal.report")
def write_gcal_report(storage: Storage, cfg: GcalSettings, locale: str, run_date: date, generated_at: str) -> list[str]:
    """Render the time report when its inputs (or the month it is run in) changed; return the reports rebuilt."""
    from reports.gcal import gcal_report

    # The cards show last month: a new month needs a new report even with the same events.
    paths = [cfg.paths.day_hours, cfg.paths.title_counts]
    digest = inputs_digest(storage, paths, locale=locale, month=f"{run_date:%Y-%m}", calendars=_calendars(cfg))
    if report_is_current(storage, cfg.paths.report, digest):
        return []
    inputs = ReportInputs(*(storage.read_parquet(p) for p in paths))
    report = gcal_report(inputs, cfg, run_date, locale, generated_at)
    write_report_page(storage, cfg.paths.report, report)
    mark_report_current(storage, cfg.paths.report, digest)
    return [cfg.paths.report]


def _calendars(cfg: GcalSettings) -> str:
    return cfg.timezone + ";" + ";".join(f"{c.name},{c.colour},{c.main}" for c in cfg.calendars)
