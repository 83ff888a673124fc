"""The battery report: level over time and daily charge cycles, from `battery/battery.parquet`."""

from __future__ import annotations

import pandas as pd

from config.battery import BatterySettings
from reports.charts import column_chart, line_chart
from reports.locale import format_number
from reports.model import Card, Report, Section
from reports.pages import write_report_page
from tasks.battery.schema import COL_LEVEL, COL_TEMPERATURE, COL_TIME
from tasks.battery.transform import daily_cycles, hourly_level
from tasks.run.report_state import inputs_digest, mark_report_current, report_is_current
from tasks.run.step import step
from tasks.storage.base import Storage


def battery_report(log: pd.DataFrame, locale: str, generated_at: str) -> Report:
    """Build the report from the parquet log written by the battery subflow."""
    newest = log[COL_TIME].max().date().isoformat() if len(log) else "none"
    return Report("Phone battery", f"Battery log, newest reading on {newest}", [_dashboard(log, locale)],
                  generated_at, locale)  # fmt: skip


def _dashboard(log: pd.DataFrame, locale: str) -> Section:
    cycles = daily_cycles(log)
    level = hourly_level(log)
    days = max(1, len(cycles))
    cards = [
        Card("Readings", format_number(len(log), locale)),
        Card("Days logged", format_number(days, locale)),
        Card("Charge cycles", format_number(float(cycles["cycles"].sum()), locale, decimals=1),
             f"{format_number(float(cycles['cycles'].sum()) / days, locale, decimals=2)} a day"),
        Card("Max temperature", format_number(float(log[COL_TEMPERATURE].max()), locale, "°C", decimals=1)),
    ]  # fmt: skip
    charts = [
        line_chart(level, "hour", [COL_LEVEL], title="Battery level (hourly mean)", y_title="Level", unit="%",
                   locale=locale, chart_id="battery-level", x_title="Time"),
        column_chart(cycles, "day", ["cycles"], title="Charge cycles per day", y_title="Cycles", unit=None,
                     locale=locale, decimals=2, chart_id="battery-cycles", x_title="Day"),
    ]  # fmt: skip
    return Section("dashboard", "Dashboard", cards=cards, charts=charts)


@step("battery.report")
def write_battery_report(storage: Storage, cfg: BatterySettings, locale: str, generated_at: str) -> list[str]:
    """Render the battery report when the log changed; return the reports rebuilt."""
    if not storage.exists(cfg.paths.data):
        return []
    digest = inputs_digest(storage, [cfg.paths.data], locale=locale)
    if report_is_current(storage, cfg.paths.report, digest):
        return []
    report = battery_report(storage.read_parquet(cfg.paths.data), locale, generated_at)
    write_report_page(storage, cfg.paths.report, report)
    mark_report_current(storage, cfg.paths.report, digest)
    return [cfg.paths.report]
