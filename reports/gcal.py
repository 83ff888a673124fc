"""The time report: hours per calendar by day, week, month and year, shares, and the duplicate-title check."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from config.gcal import GcalSettings
from reports.chart_style import rgba
from reports.charts import column_chart, line_chart, pie_chart, stacked_area_chart
from reports.locale import format_number
from reports.model import Card, Chart, Report, Section, Table
from tasks.gcal.schema import COL_CALENDAR, COL_HOURS, COL_PERIOD
from tasks.gcal.transform import (
    ReportInputs,
    hours_between,
    hours_per_day,
    hours_per_period,
    last_month,
    period_shares,
    titles_in_several_calendars,
)

H = "h"


def gcal_report(inputs: ReportInputs, cfg: GcalSettings, run_date: date, locale: str, generated_at: str) -> Report:
    """Build the report from the hours per day and title counts written with the events; days are local days of
    `cfg.timezone`, up to the run date."""
    names = [c.name for c in cfg.calendars]
    colours = {c.name: c.colour for c in cfg.calendars}
    daily = hours_per_day(inputs.day_hours, names, run_date)
    daily = daily[daily.index <= pd.Timestamp(run_date)]
    sections = [
        _dashboard(daily, cfg, run_date, locale, colours),
        _days_and_weeks(daily, locale, colours),
        _months_and_years(daily, locale, colours),
        _checks(inputs.title_counts, cfg, locale),
    ]
    return Report(
        "Time", f"Hours per calendar up to {run_date.isoformat()} ({cfg.timezone})", sections, generated_at, locale
    )


def _coloured(chart: Chart, colours: dict[str, str]) -> Chart:
    """Each calendar in its own Google colour, the same in every chart."""
    for trace in chart.figure["data"]:
        colour = colours.get(trace["name"])
        if colour is None:
            continue
        if trace["type"] == "bar":
            trace.setdefault("marker", {})["color"] = colour
        else:
            trace.setdefault("line", {})["color"] = colour
            if trace.get("stackgroup"):
                trace["fillcolor"] = rgba(colour, 0.6)
    return chart


def _flat(wide: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A wide table as chart columns, leaving out calendars without hours (they would draw no marks)."""
    kept = [c for c in wide.columns if wide[c].sum() > 0]
    return wide[kept].rename_axis(COL_PERIOD).reset_index(), kept


def _pie(totals: pd.DataFrame, title: str, chart_id: str, locale: str, colours: dict[str, str]) -> Chart:
    totals = totals[totals[COL_HOURS] > 0]
    chart = pie_chart(totals, COL_CALENDAR, COL_HOURS, title=title, unit=H, locale=locale, chart_id=chart_id)
    chart.figure["data"][0]["marker"]["colors"] = [colours.get(n, "#64748b") for n in totals[COL_CALENDAR]]
    return chart


def _dashboard(daily: pd.DataFrame, cfg: GcalSettings, run_date: date, locale: str, colours: dict) -> Section:
    first, this_month = last_month(run_date)
    month = hours_between(daily, first, this_month)
    year = hours_between(daily, (pd.Timestamp(this_month) - pd.DateOffset(months=12)).date(), this_month)
    ever = hours_between(daily, None, run_date + timedelta(days=1))
    by_name = dict(zip(month[COL_CALENDAR], month[COL_HOURS]))
    label = pd.Timestamp(first).strftime("%B %Y")
    cards = [
        Card(c.name, format_number(by_name.get(c.name, 0.0), locale, H), f"in {label}") for c in cfg.calendars if c.main
    ]
    charts = [
        _pie(month, f"Last month ({label})", "pie-last-month", locale, colours),
        _pie(year, "Last 12 months", "pie-last-year", locale, colours),
        _pie(ever, "All time", "pie-all-time", locale, colours),
    ]
    return Section(
        "dashboard",
        "Dashboard",
        cards=cards,
        charts=charts,
        note="All-day events and events of 24 hours or more are not counted as time spent.",
    )


def _days_and_weeks(daily: pd.DataFrame, locale: str, colours: dict) -> Section:
    recent, names = _flat(daily.tail(365))
    weekly = hours_per_period(daily, "W-MON")
    weeks, week_names = _flat(weekly.tail(104))
    trend, trend_names = _flat(weekly)
    shares, share_names = _flat(period_shares(weekly.tail(104)))
    charts = [
        line_chart(
            recent,
            COL_PERIOD,
            names,
            title="Hours per day, last year (7-day mean)",
            y_title="Hours",
            unit=H,
            locale=locale,
            smooth=7,
            decimals=1,
            chart_id="daily",
            x_title="Day",
        ),
        column_chart(
            weeks,
            COL_PERIOD,
            week_names,
            title="Hours per week, last two years",
            y_title="Hours",
            unit=H,
            locale=locale,
            stacked=True,
            decimals=1,
            chart_id="weekly",
            x_title="Week",
        ),
        stacked_area_chart(
            shares,
            COL_PERIOD,
            share_names,
            title="Share of each week's hours, last two years",
            y_title="Share",
            unit="%",
            locale=locale,
            decimals=1,
            chart_id="weekly-share",
            x_title="Week",
        ),
        line_chart(
            trend,
            COL_PERIOD,
            trend_names,
            title="Hours per week, all time (12-week mean)",
            y_title="Hours",
            unit=H,
            locale=locale,
            smooth=12,
            decimals=1,
            chart_id="weekly-trend",
            x_title="Week",
        ),
    ]
    return Section("days", "Days and weeks", charts=[_coloured(c, colours) for c in charts])


def _months_and_years(daily: pd.DataFrame, locale: str, colours: dict) -> Section:
    monthly, yearly = hours_per_period(daily, "MS"), hours_per_period(daily, "YS")
    months, names = _flat(monthly)
    shares, share_names = _flat(period_shares(monthly))
    years, year_names = _flat(yearly.set_axis(yearly.index.year))
    charts = [
        column_chart(
            months,
            COL_PERIOD,
            names,
            title="Hours per month",
            y_title="Hours",
            unit=H,
            locale=locale,
            stacked=True,
            chart_id="monthly",
            x_title="Month",
        ),
        stacked_area_chart(
            shares,
            COL_PERIOD,
            share_names,
            title="Share of each month's hours",
            y_title="Share",
            unit="%",
            locale=locale,
            decimals=1,
            chart_id="monthly-share",
            x_title="Month",
        ),
        column_chart(
            years,
            COL_PERIOD,
            year_names,
            title="Hours per year",
            y_title="Hours",
            unit=H,
            locale=locale,
            stacked=True,
            chart_id="yearly",
            x_title="Year",
        ),
    ]
    year_share = period_shares(yearly).tail(3)
    table = Table(
        "Share of the year's hours, last three years (%)",
        ["Calendar", *[str(y.year) for y in year_share.index]],
        [[name, *year_share[name].tolist()] for name in year_share.columns],
    )
    return Section("months", "Months and years", charts=[_coloured(c, colours) for c in charts], tables=[table])


def _checks(title_counts: pd.DataFrame, cfg: GcalSettings, locale: str) -> Section:
    several = titles_in_several_calendars(title_counts, cfg.confusion.max_share, cfg.confusion.exclude)
    rows = [
        [title, ", ".join(f"{r.calendar} ({format_number(r.events, locale)})" for r in group.itertuples())]
        for title, group in several.groupby("title", sort=True)
    ]
    many = f"{len(rows)} titles are" if len(rows) > 1 else "1 title is"
    rule = f"minority calendars under {cfg.confusion.max_share:.0%} of the title's events"
    note = (
        f"{many} filed in more than one calendar, {rule} (likely mistakes)."
        if rows
        else f"No title is in two calendars with {rule}."
    )
    tables = [Table("Titles in several calendars", ["Title", "Calendars (events)"], rows)] if rows else []
    return Section("checks", "Checks", tables=tables, note=note)
