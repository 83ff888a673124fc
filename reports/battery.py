"""The battery report: level over time and daily charge cycles, from `battery/battery.parquet`."""

from __future__ import annotations

import pandas as pd

from reports.charts import column_chart, line_chart
from reports.locale import format_number
from reports.model import Card, Report, Section
from tasks.battery.schema import COL_LEVEL, COL_TEMPERATURE, COL_TIME
from tasks.battery.transform import daily_cycles, hourly_level


def battery_report(log: pd.DataFrame, locale: str, generated_at: str) -> Report:
    """Build the report from the parquet log written by the battery subflow."""
    newest = log[COL_TIME].max().date().isoformat() if len(log) else "none"
    return Report(
        "Phone battery", f"Battery log, newest reading on {newest}", [_dashboard(log, locale)], generated_at, locale
    )


def _dashboard(log: pd.DataFrame, locale: str) -> Section:
    cycles = daily_cycles(log)
    level = hourly_level(log)
    days = max(1, len(cycles))
    cards = [
        Card("Readings", format_number(len(log), locale)),
        Card("Days logged", format_number(days, locale)),
        Card(
            "Charge cycles",
            format_number(float(cycles["cycles"].sum()), locale, decimals=1),
            f"{format_number(float(cycles['cycles'].sum()) / days, locale, decimals=2)} a day",
        ),
        Card("Max temperature", format_number(float(log[COL_TEMPERATURE].max()), locale, "°C", decimals=1)),
    ]
    charts = [
        line_chart(
            level,
            "hour",
            [COL_LEVEL],
            title="Battery level (hourly mean)",
            y_title="Level",
            unit="%",
            locale=locale,
            chart_id="battery-level",
            x_title="Time",
        ),
        column_chart(
            cycles,
            "day",
            ["cycles"],
            title="Charge cycles per day",
            y_title="Cycles",
            unit=None,
            locale=locale,
            decimals=2,
            chart_id="battery-cycles",
            x_title="Day",
        ),
    ]
    return Section("dashboard", "Dashboard", cards=cards, charts=charts)
