"""Home page and digest figures on hand-made frames."""

from datetime import date

import pandas as pd

from tasks.home.transform import books_finished, data_age, last_week, local_time, month_spending, week_hours


def test_data_age_and_stale_past_the_limit():
    assert data_age("2026-11-01", date(2026, 11, 24), 20) == (23, True)
    assert data_age("2026-11-04T10:00:00", date(2026, 11, 24), 20) == (20, False)
    assert data_age("2026-11-04", date(2026, 11, 24), None) == (20, False)
    assert data_age(None, date(2026, 11, 24), 20) == (None, False)


def test_local_time_in_the_users_zone():
    assert local_time("2026-07-01T06:30:00+00:00", "Europe/Madrid").strftime("%d %H:%M") == "01 08:30"
    assert local_time("2026-12-01T23:30:00", "Europe/Madrid").strftime("%d %H:%M") == "02 00:30"  # naive is UTC
    assert local_time("", "Europe/Madrid") is None


def test_last_week_is_the_last_complete_monday_to_sunday():
    assert last_week(date(2026, 11, 23)) == (date(2026, 11, 16), date(2026, 11, 22))  # a Monday
    assert last_week(date(2026, 11, 29)) == (date(2026, 11, 16), date(2026, 11, 22))  # a Sunday


def test_month_spending_so_far_against_the_twelve_months_before():
    months = pd.date_range("2025-09-01", "2026-11-01", freq="MS")
    monthly = pd.DataFrame({"month": months, "expenses": [1000.0] * 2 + [100.0 * i for i in range(1, 13)] + [450.0]})
    assert month_spending(monthly, date(2026, 11, 15)) == (450.0, 650.0)
    assert month_spending(monthly.iloc[:1], date(2026, 11, 15)) == (None, None)


def test_week_hours_per_main_calendar_zeros_included():
    day_hours = pd.DataFrame(
        {
            "calendar": ["Work", "Work", "Sport", "Work", "Social"],
            "day": pd.to_datetime(["2026-11-15", "2026-11-16", "2026-11-22", "2026-11-23", "2026-11-17"]),
            "hours": [8.0, 7.5, 1.25, 6.0, 3.0],
        }
    )
    assert week_hours(day_hours, ["Work", "Sport", "Study"], date(2026, 11, 25)) == {
        "Work": 7.5,
        "Sport": 1.25,
        "Study": 0.0,
    }


def test_books_finished_in_a_period_oldest_first():
    books = pd.DataFrame(
        {"title": ["B", "A", "C"], "finished": pd.to_datetime(["2026-03-02", "2026-01-10", "2025-12-31"])}
    )
    assert books_finished(books, date(2026, 1, 1), date(2026, 12, 31)) == ["A", "B"]
    assert books_finished(books, date(2027, 1, 1), date(2027, 12, 31)) == []
