"""The runs report: how often the pipeline succeeded, failed or did not run, and how long subflows take."""

from __future__ import annotations

import pandas as pd

from config.vprefect import VprefectSettings
from reports.charts import column_chart, line_chart
from reports.figure_data import column_values
from reports.locale import format_number
from reports.model import Card, Chart, Report, Section, Table
from tasks.vprefect.transform import OUTCOMES, daily_outcomes, orphan_runs, rolling_shares, subflow_durations


def vprefect_report(flow_runs: pd.DataFrame, cfg: VprefectSettings, locale: str, generated_at: str) -> Report:
    """Build the report from `vprefect/flow_runs.parquet`; `generated_at` is also the end of the history."""
    until = pd.Timestamp(generated_at)
    until = until.tz_localize("UTC") if until.tzinfo is None else until.tz_convert("UTC")
    daily = daily_outcomes(flow_runs, cfg.root_flow, until, cfg.expected_every_minutes)
    sections = [_runs(daily, cfg, locale), _durations(flow_runs, cfg, locale), _orphans(flow_runs, until, cfg)]
    return Report("Pipeline runs", f"Runs of `{cfg.root_flow}` and its subflows", sections, generated_at, locale)


FIRST_RUN_NOTE = (
    "No finished run of `{root}` yet: this run exports itself while it is still going, so the history "
    "starts with the next export, which records this run's outcome."
)


def _runs(daily: pd.DataFrame, cfg: VprefectSettings, locale: str) -> Section:
    totals = daily[OUTCOMES].sum()
    if not totals[OUTCOMES[:3]].sum():  # a first run: four zero cards would say nothing true
        return Section("runs", "Runs", note=FIRST_RUN_NOTE.format(root=cfg.root_flow))
    slots = int(totals.sum()) or 1
    cards = [
        Card(name.capitalize(), format_number(int(totals[name]), locale), f"{totals[name] / slots:.0%} of slots")
        for name in OUTCOMES
    ]
    shares = rolling_shares(daily, cfg.rolling_days)
    # Only outcomes that happened: a column of zeros draws nothing, and a report should not show empty series.
    seen = [name for name in OUTCOMES if totals[name] > 0]
    charts = (
        [
            column_chart(
                daily,
                "day",
                seen,
                title="Root runs per day",
                y_title="Runs",
                unit=None,
                locale=locale,
                stacked=True,
                chart_id="runs-day",
                x_title="Day",
            ),
            _with_markers(
                line_chart(
                    shares,
                    "day",
                    seen,
                    title=f"Share of runs, trailing {cfg.rolling_days} days",
                    y_title="Share",
                    unit="%",
                    locale=locale,
                    decimals=1,
                    chart_id="runs-share",
                    x_title="Day",
                )
            ),
        ]
        if seen
        else []
    )
    note = "Recovered: a success right after a failed run. Missing: an expected slot with no run started."
    return Section("runs", "Runs", cards=cards, charts=charts, note=note)


def _duration_chart(flow: str, part: pd.DataFrame, locale: str) -> Chart:
    chart = line_chart(
        part,
        "day",
        ["seconds", "trend"],
        title=f"{flow}: seconds per day",
        y_title="Duration",
        unit="s",
        locale=locale,
        decimals=1,
        chart_id=f"duration-{flow}",
        x_title="Day",
    )
    _with_markers(chart)
    slow = part[part["slow"]]
    if len(slow):
        chart.figure["data"].append(
            dict(
                type="scatter",
                x=column_values(slow["day"]),
                y=column_values(slow["seconds"]),
                mode="markers",
                name="unusually slow",
                marker=dict(size=11, symbol="x", color="#d62728"),
            )
        )
        chart.series = len(chart.figure["data"])
    return chart


def _with_markers(chart: Chart) -> Chart:
    """Points as well as lines: a history of one day is a single point, which a bare line does not draw."""
    for trace in chart.figure["data"]:
        trace["mode"] = "lines+markers"
        trace["marker"] = {**trace.get("marker", {}), "size": 5}
    return chart


def _durations(flow_runs: pd.DataFrame, cfg: VprefectSettings, locale: str) -> Section:
    durations = subflow_durations(flow_runs, cfg.root_flow, cfg.trend_runs, cfg.slow_factor)
    charts = [_duration_chart(flow, part, locale) for flow, part in durations.groupby("flow", sort=True)]
    note = f"Median seconds of completed runs per day; the trend is a {cfg.trend_runs}-day rolling median, "
    note += f"a cross marks a day over {cfg.slow_factor:g} times the trend before it."
    return Section("durations", "Durations", charts=charts, note=note)


def _orphans(flow_runs: pd.DataFrame, until: pd.Timestamp, cfg: VprefectSettings) -> Section:
    orphans = orphan_runs(flow_runs, until, cfg.orphan_after_minutes)
    rows = [[r.name, r.flow, r.start.isoformat(timespec="minutes")] for r in orphans.itertuples()]
    table = Table("Runs still Running", ["run", "flow", "started"], rows)
    note = "Left Running by a killed process; `vtasks doctor --fix-orphans` marks them Crashed."
    return Section("orphans", "Orphans", tables=[table], note=note)
