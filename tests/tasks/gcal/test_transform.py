"""The report's inputs, hours per day, week, month and year, shares and the duplicate-title check on tiny frames."""

from datetime import date

import pandas as pd
import pyarrow as pa
import pytest

from tasks.gcal.ics import events_typed
from tasks.gcal.transform import (
    duplicate_title_warnings,
    hours_between,
    hours_per_day,
    hours_per_period,
    joined_inputs,
    last_month,
    local_day_hours,
    newest_day,
    period_shares,
    report_inputs,
    title_counts,
    titles_in_several_calendars,
)


def events(*rows) -> pd.DataFrame:
    """Rows of (calendar, summary, start UTC, hours, all_day)."""
    frame = pd.DataFrame(
        [
            (c, s, pd.Timestamp(t, tz="UTC"), pd.Timestamp(t, tz="UTC") + pd.Timedelta(hours=h), h, a)
            for c, s, t, h, a in rows
        ],
        columns=["calendar", "summary", "start", "end", "hours", "all_day"],
    )
    return events_typed(frame)


def arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


SAMPLE = events(
    ("Work", "Code", "2024-03-04 08:00", 2.0, False),
    ("Work", "Code", "2024-03-04 23:30", 1.0, False),  # 00:30 in Madrid on 5 March
    ("Sport", "Gym", "2024-03-05 17:00", 1.5, False),
    ("Sport", "Trip", "2024-03-06 00:00", 30.0, False),  # 30 h "timed": not time spent
    ("Work", "Holiday", "2024-03-07 00:00", 24.0, True),
    ("Work", "Code", "2024-03-11 09:00", 4.0, False),
)


def daily_hours(events: pd.DataFrame, calendars: list[str], zone: str, end: date) -> pd.DataFrame:
    return hours_per_day(local_day_hours(events, zone), calendars, end)


def test_hours_per_day_counts_local_start_day_and_skips_all_day_and_long_events():
    daily = daily_hours(SAMPLE, ["Work", "Sport", "Reading"], "Europe/Madrid", date(2024, 3, 12))
    assert list(daily.columns) == ["Work", "Sport", "Reading"]
    assert daily.index[0] == pd.Timestamp("2024-03-04") and daily.index[-1] == pd.Timestamp("2024-03-12")
    assert daily.loc["2024-03-04"].tolist() == [2.0, 0.0, 0.0]
    assert daily.loc["2024-03-05"].tolist() == [1.0, 1.5, 0.0]
    assert daily.loc["2024-03-06"].sum() == 0 and daily.loc["2024-03-07"].sum() == 0
    assert daily["Work"].sum() == 7.0


def test_weeks_start_on_monday_months_and_years_sum_days():
    daily = daily_hours(SAMPLE, ["Work", "Sport"], "Europe/Madrid", date(2024, 3, 12))
    weekly = hours_per_period(daily, "W-MON")
    assert list(weekly.index) == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-11")]
    assert weekly["Work"].tolist() == [3.0, 4.0] and weekly["Sport"].tolist() == [1.5, 0.0]
    assert hours_per_period(daily, "MS").loc["2024-03-01"].tolist() == [7.0, 1.5]
    assert hours_per_period(daily, "YS").loc["2024-01-01"].tolist() == [7.0, 1.5]


def test_shares_sum_to_100_and_empty_periods_stay_zero():
    per = pd.DataFrame({"Work": [3.0, 0.0], "Sport": [1.0, 0.0]})
    assert period_shares(per).values.tolist() == [[75.0, 25.0], [0.0, 0.0]]


def test_hours_between_and_last_month():
    daily = daily_hours(SAMPLE, ["Work", "Sport"], "Europe/Madrid", date(2024, 3, 12))
    assert hours_between(daily, date(2024, 3, 5), date(2024, 3, 11)).values.tolist() == [["Sport", 1.5], ["Work", 1.0]]
    assert hours_between(daily, None, date(2025, 1, 1))["hours"].tolist() == [7.0, 1.5]
    assert last_month(date(2024, 3, 15)) == (date(2024, 2, 1), date(2024, 3, 1))
    assert last_month(date(2024, 1, 1)) == (date(2023, 12, 1), date(2024, 1, 1))


def test_no_timed_events_gives_an_empty_daily_table():
    daily = daily_hours(SAMPLE[SAMPLE["all_day"]], ["Work"], "UTC", date(2024, 3, 12))
    assert daily.empty and list(daily.columns) == ["Work"]


def test_day_hours_long_per_calendar_and_local_day_and_inputs_joined_a_calendar_at_a_time():
    day_hours = local_day_hours(SAMPLE, "Europe/Madrid")
    assert day_hours.values.tolist() == [
        ["Work", pd.Timestamp("2024-03-04"), 2.0],
        ["Work", pd.Timestamp("2024-03-05"), 1.0],
        ["Work", pd.Timestamp("2024-03-11"), 4.0],
        ["Sport", pd.Timestamp("2024-03-05"), 1.5],
    ]
    parts = [report_inputs(arrow(SAMPLE[SAMPLE["calendar"] == name]), "Europe/Madrid") for name in ("Sport", "Work")]
    joined = joined_inputs(parts)
    assert (
        joined.day_hours.sort_values(["calendar", "day"]).values.tolist()
        == day_hours.sort_values(["calendar", "day"]).values.tolist()
    )
    pd.testing.assert_frame_equal(joined.title_counts, title_counts(arrow(SAMPLE)))
    assert joined.title_counts.values.tolist() == [
        ["Gym", "Sport", 1],
        ["Trip", "Sport", 1],
        ["Code", "Work", 3],
        ["Holiday", "Work", 1],
    ]
    empty = joined_inputs(
        [report_inputs(arrow(SAMPLE[SAMPLE["all_day"]]), "UTC"), report_inputs(arrow(SAMPLE.iloc[:0]), "UTC")]
    )
    assert empty.day_hours.empty and {c: str(t) for c, t in empty.day_hours.dtypes.items()} == {
        "calendar": "string",
        "day": "datetime64[us]",
        "hours": "float64",
    }


def test_newest_day_is_the_last_local_start_up_to_the_run_date():
    assert newest_day(arrow(SAMPLE), "Europe/Madrid", date(2024, 3, 8)) == "2024-03-07"
    assert newest_day(arrow(SAMPLE), "Europe/Madrid", date(2024, 3, 5)) == "2024-03-05"  # 23:30 UTC on the 4th
    assert newest_day(arrow(SAMPLE), "UTC", date(2024, 3, 4)) == "2024-03-04"
    assert newest_day(arrow(SAMPLE), "UTC", date(2024, 3, 1)) is None


def test_titles_in_several_calendars_ignore_case_and_spaces():
    frame = events(
        ("Sport", "Gym", "2024-01-01 08:00", 1.0, False),
        ("Sport", "Gym", "2024-01-02 08:00", 1.0, False),
        ("Work", " gym", "2024-01-03 08:00", 1.0, False),
        ("Work", "Code", "2024-01-03 09:00", 1.0, False),
        ("Work", "", "2024-01-03 10:00", 1.0, False),
        ("Sport", "", "2024-01-03 11:00", 1.0, False),
    )
    several = titles_in_several_calendars(title_counts(arrow(frame)))
    assert several.values.tolist() == [["gym", "Sport", 2], ["gym", "Work", 1]]
    assert duplicate_title_warnings(several) == ["'gym' is in 2 calendars: Sport (2), Work (1)"]
    assert duplicate_title_warnings(titles_in_several_calendars(title_counts(arrow(SAMPLE)))) == []


def test_duplicate_warnings_are_capped():
    rows = [(c, f"t{i}", "2024-01-01 08:00", 1.0, False) for i in range(3) for c in ("A", "B")]
    assert duplicate_title_warnings(titles_in_several_calendars(title_counts(arrow(events(*rows)))), limit=2)[-1] == (
        "... and 1 more titles in several calendars"
    )


def test_only_titles_with_a_small_minority_share_are_flagged_outside_excluded_calendars():
    counts = pd.DataFrame(
        {
            "summary": ["Gym", "gym", "Standup", "Standup", "Lunch", "Lunch"],
            "calendar": ["Sport", "Work", "Work", "Study", "Social", "Family"],
            "events": [95, 5, 60, 40, 1, 30],
        }
    ).astype({"summary": "string", "calendar": "string"})
    flagged = titles_in_several_calendars(counts, max_share=0.10)
    assert flagged.values.tolist() == [
        ["gym", "Sport", 95],
        ["gym", "Work", 5],
        ["lunch", "Family", 30],
        ["lunch", "Social", 1],
    ]
    assert sorted(set(flagged["title"])) == ["gym", "lunch"]  # 5 % and 3 %; standup's 40 % is a choice
    assert sorted(set(titles_in_several_calendars(counts, 0.5)["title"])) == ["gym", "lunch", "standup"]
    assert sorted(set(titles_in_several_calendars(counts, 0.10, exclude=["Social"])["title"])) == ["gym"]


def test_confusion_check_settings_are_typed_and_checked():
    from pydantic import ValidationError

    from config.gcal import GcalSettings

    cfg = GcalSettings()
    assert cfg.confusion.max_share == 0.10 and cfg.confusion.exclude == []
    assert GcalSettings(confusion={"max_share": 0.2, "exclude": ["Work"]}).confusion.exclude == ["Work"]
    with pytest.raises(ValidationError, match="not configured: Nope"):
        GcalSettings(confusion={"exclude": ["Nope"]})
    with pytest.raises(ValidationError, match="max_share"):
        GcalSettings(confusion={"max_share": 1.5})
