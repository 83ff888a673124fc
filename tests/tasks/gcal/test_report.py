"""The time report built from a tiny events table's inputs: last month's cards, pies, calendars without hours left out."""

from datetime import date

from config.gcal import CalendarConfig, ConfusionCheck, GcalPaths, GcalSettings
from reports.gcal import gcal_report
from reports.render import render_report
from tasks.gcal.transform import report_inputs
from tasks.retry import RetryPolicy
from tests.tasks.gcal.test_transform import arrow, events

CFG = GcalSettings.model_construct(
    calendars=[
        CalendarConfig(name="Team", main=True, colour="#112233"),
        CalendarConfig(name="Sport", main=True),
        CalendarConfig(name="Travel", main=False),
    ],
    timezone="Europe/Berlin",
    future_days=0,
    http=RetryPolicy(timeout_s=1, retries=0),
    paths=GcalPaths(events="e", report="r", state="s", demo_dir="d"),
    confusion=ConfusionCheck(max_share=0.3),  # Code: 1 of its 4 events in Sport (25 %)
)
EVENTS = report_inputs(
    arrow(
        events(
            ("Team", "Code", "2024-04-02 08:00", 2.0, False),
            ("Team", "Code", "2024-04-30 21:30", 1.0, False),  # 23:30 Berlin
            ("Team", "Code", "2024-05-02 08:00", 5.0, False),
            ("Sport", "Code", "2024-03-01 17:00", 3.0, False),
            ("Travel", "Trip", "2024-04-05 00:00", 48.0, True),
        )
    ),
    "Europe/Berlin",
)


def test_cards_pies_and_series_of_calendars_with_hours():
    report = gcal_report(EVENTS, CFG, date(2024, 5, 10), "en_GB", "now")
    dashboard, days, months, checks = report.sections
    assert [(c.label, c.value, c.note) for c in dashboard.cards] == [
        ("Team", "3\xa0h", "in April 2024"),
        ("Sport", "0\xa0h", "in April 2024"),
    ]
    last_month, last_year, ever = (chart.figure["data"][0] for chart in dashboard.charts)
    assert list(last_month["labels"]) == ["Team"] and list(last_month["values"]) == [3.0]
    assert (
        list(ever["labels"]) == ["Team", "Sport"]
        and list(ever["values"]) == [8.0, 3.0]
        and ever["marker"]["colors"][0] == "#112233"
    )
    monthly = next(c for c in months.charts if c.id == "monthly")
    assert [t["name"] for t in monthly.figure["data"]] == ["Team", "Sport"]  # Travel has no timed hours: no empty trace
    assert monthly.figure["data"][0]["marker"]["color"] == "#112233"
    assert (
        checks.note
        == "1 title is filed in more than one calendar, minority calendars under 30% of the title's events (likely mistakes)."
    )
    assert checks.tables[0].rows == [["code", "Team (3), Sport (1)"]]
    assert "Team (3), Sport (1)" in render_report(report, "assets/plotly.js")


def test_week_and_month_shares_sum_to_100_per_period():
    report = gcal_report(EVENTS, CFG, date(2024, 5, 10), "en_GB", "now")
    charts = {c.id: c for section in report.sections for c in section.charts}
    for chart_id in ("weekly-share", "monthly-share"):
        traces = charts[chart_id].figure["data"]
        totals = [round(sum(values), 1) for values in zip(*(t["y"] for t in traces))]
        assert set(totals) <= {0.0, 100.0} and 100.0 in totals, chart_id
