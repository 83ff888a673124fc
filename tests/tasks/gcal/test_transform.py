"""Hours per day, week, month and year, shares, merging and the duplicate-title check on tiny frames."""

from datetime import date

import pandas as pd

from tasks.gcal.ics import events_typed
from tasks.gcal.transform import (
    duplicate_title_warnings, hours_between, hours_per_day, hours_per_period, last_month, merged_events,
    period_shares, titles_in_several_calendars,
)  # fmt: skip


def events(*rows) -> pd.DataFrame:
    """Rows of (calendar, summary, start UTC, hours, all_day)."""
    frame = pd.DataFrame(
        [(c, s, pd.Timestamp(t, tz="UTC"), pd.Timestamp(t, tz="UTC") + pd.Timedelta(hours=h), h, a) for c, s, t, h, a in rows],
        columns=["calendar", "summary", "start", "end", "hours", "all_day"],
    )
    return events_typed(frame)


SAMPLE = events(
    ("Work", "Code", "2024-03-04 08:00", 2.0, False),
    ("Work", "Code", "2024-03-04 23:30", 1.0, False),  # 00:30 in Madrid on 5 March
    ("Sport", "Gym", "2024-03-05 17:00", 1.5, False),
    ("Sport", "Trip", "2024-03-06 00:00", 30.0, False),  # 30 h "timed": not time spent
    ("Work", "Holiday", "2024-03-07 00:00", 24.0, True),
    ("Work", "Code", "2024-03-11 09:00", 4.0, False),
)


def test_hours_per_day_counts_local_start_day_and_skips_all_day_and_long_events():
    daily = hours_per_day(SAMPLE, ["Work", "Sport", "Reading"], "Europe/Madrid", date(2024, 3, 12))
    assert list(daily.columns) == ["Work", "Sport", "Reading"]
    assert daily.index[0] == pd.Timestamp("2024-03-04") and daily.index[-1] == pd.Timestamp("2024-03-12")
    assert daily.loc["2024-03-04"].tolist() == [2.0, 0.0, 0.0]
    assert daily.loc["2024-03-05"].tolist() == [1.0, 1.5, 0.0]
    assert daily.loc["2024-03-06"].sum() == 0 and daily.loc["2024-03-07"].sum() == 0
    assert daily["Work"].sum() == 7.0


def test_weeks_start_on_monday_months_and_years_sum_days():
    daily = hours_per_day(SAMPLE, ["Work", "Sport"], "Europe/Madrid", date(2024, 3, 12))
    weekly = hours_per_period(daily, "W-MON")
    assert list(weekly.index) == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-11")]
    assert weekly["Work"].tolist() == [3.0, 4.0] and weekly["Sport"].tolist() == [1.5, 0.0]
    assert hours_per_period(daily, "MS").loc["2024-03-01"].tolist() == [7.0, 1.5]
    assert hours_per_period(daily, "YS").loc["2024-01-01"].tolist() == [7.0, 1.5]


def test_shares_sum_to_100_and_empty_periods_stay_zero():
    per = pd.DataFrame({"Work": [3.0, 0.0], "Sport": [1.0, 0.0]})
    assert period_shares(per).values.tolist() == [[75.0, 25.0], [0.0, 0.0]]


def test_hours_between_and_last_month():
    daily = hours_per_day(SAMPLE, ["Work", "Sport"], "Europe/Madrid", date(2024, 3, 12))
    assert hours_between(daily, date(2024, 3, 5), date(2024, 3, 11)).values.tolist() == [["Sport", 1.5], ["Work", 1.0]]
    assert hours_between(daily, None, date(2025, 1, 1))["hours"].tolist() == [7.0, 1.5]
    assert last_month(date(2024, 3, 15)) == (date(2024, 2, 1), date(2024, 3, 1))
    assert last_month(date(2024, 1, 1)) == (date(2023, 12, 1), date(2024, 1, 1))


def test_no_timed_events_gives_an_empty_daily_table():
    daily = hours_per_day(SAMPLE[SAMPLE["all_day"]], ["Work"], "UTC", date(2024, 3, 12))
    assert daily.empty and list(daily.columns) == ["Work"]


def test_merged_events_replaces_only_fresh_calendars_and_drops_removed_ones():
    previous = events(("Work", "Old", "2024-01-01 08:00", 1.0, False), ("Sport", "Gym", "2024-01-02 08:00", 1.0, False),
                      ("Gone", "X", "2024-01-03 08:00", 1.0, False))  # fmt: skip
    fresh = events(("Work", "New", "2024-01-05 08:00", 2.0, False))
    merged = merged_events(previous, [fresh], ["Work", "Sport"])
    assert merged[["calendar", "summary"]].values.tolist() == [["Sport", "Gym"], ["Work", "New"]]
    assert merged_events(None, [], ["Work"]).empty


def test_merged_events_sorted_by_every_column_whatever_the_input_order():
    rows = [("Work", "Code", "2024-01-01 08:00", 2.0, False), ("Work", "Code", "2024-01-01 08:00", 1.0, False),
            ("Sport", "Gym", "2024-01-01 07:00", 1.0, False), ("Work", "Bug", "2024-01-01 08:00", 1.0, False)]  # fmt: skip
    expected = [["Sport", "Gym", 1.0], ["Work", "Bug", 1.0], ["Work", "Code", 1.0], ["Work", "Code", 2.0]]
    for order in (rows, rows[::-1]):
        merged = merged_events(None, [events(*order[:2]), events(*order[2:])], ["Work", "Sport"])
        assert merged[["calendar", "summary", "hours"]].values.tolist() == expected
        assert list(merged.index) == [0, 1, 2, 3]


def test_titles_in_several_calendars_ignore_case_and_spaces():
    frame = events(
        ("Sport", "Gym", "2024-01-01 08:00", 1.0, False), ("Sport", "Gym", "2024-01-02 08:00", 1.0, False),
        ("Work", " gym", "2024-01-03 08:00", 1.0, False), ("Work", "Code", "2024-01-03 09:00", 1.0, False),
        ("Work", "", "2024-01-03 10:00", 1.0, False), ("Sport", "", "2024-01-03 11:00", 1.0, False),
    )  # fmt: skip
    several = titles_in_several_calendars(frame)
    assert several.values.tolist() == [["gym", "Sport", 2], ["gym", "Work", 1]]
    assert duplicate_title_warnings(several) == ["'gym' is in 2 calendars: Sport (2), Work (1)"]
    assert duplicate_title_warnings(titles_in_several_calendars(SAMPLE)) == []


def test_duplicate_warnings_are_capped():
    rows = [(c, f"t{i}", "2024-01-01 08:00", 1.0, False) for i in range(3) for c in ("A", "B")]
    assert duplicate_title_warnings(titles_in_several_calendars(events(*rows)), limit=2)[-1] == (
        "... and 1 more titles in several calendars"
    )
