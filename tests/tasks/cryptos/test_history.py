"""Which history each coin lacks: the first run's window, steady state, a month not seen to its end, gaps."""

from datetime import UTC, date, datetime

import pandas as pd

from tasks.cryptos.history import history_starts, next_state, window_start


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def prices(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime([m for m, _ in rows]), "coin": [c for _, c in rows]})


def months(first: str, last: str, coin: str) -> list[tuple[str, str]]:
    return [(m.strftime("%Y-%m-%d"), coin) for m in pd.date_range(first, last, freq="MS")]


def test_window_start_stays_inside_the_days_counted_back_from_the_run():
    assert window_start(date(2026, 11, 22), 365) == utc(2025, 11, 23)
    assert window_start(date(2026, 11, 22), 1) == utc(2026, 11, 22)


def test_first_run_asks_every_coin_from_the_window_start():
    start = window_start(date(2026, 11, 22), 365)
    assert history_starts(None, {}, ["a", "b"], start, date(2026, 11, 22)) == {"a": start, "b": start}


def test_steady_state_asks_nothing():
    held = prices(months("2025-11-01", "2026-11-01", "a"))
    state = {"through": "2026-11-21", "coins": {"a": "2025-11-23"}}
    assert history_starts(held, state, ["a"], window_start(date(2026, 11, 22), 365), date(2026, 11, 22)) == {}


def test_a_month_last_seen_before_its_end_is_fetched_from_that_day():
    held = prices(months("2025-11-01", "2026-11-01", "a"))
    state = {"through": "2026-11-22", "coins": {"a": "2025-11-23"}}
    run = date(2026, 12, 1)
    assert history_starts(held, state, ["a"], window_start(run, 365), run) == {"a": utc(2026, 11, 22)}
    state["through"] = "2026-11-30"  # the last run saw the month's last day: nothing to fetch
    assert history_starts(held, state, ["a"], window_start(run, 365), run) == {}


def test_months_missed_while_not_running_and_a_new_coin_are_fetched():
    held = prices(months("2025-11-01", "2026-08-01", "a"))
    state = {"through": "2026-08-31", "coins": {"a": "2025-11-23"}}
    run = date(2026, 11, 22)
    starts = history_starts(held, state, ["a", "new"], window_start(run, 365), run)
    assert starts == {"a": utc(2026, 9, 1), "new": utc(2025, 11, 23)}


def test_months_coingecko_had_no_price_for_are_not_asked_again():
    held = prices(months("2026-06-01", "2026-11-01", "young"))  # listed in June
    state = {"through": "2026-11-21", "coins": {"young": "2025-11-23"}}
    run = date(2026, 11, 22)
    assert history_starts(held, state, ["young"], window_start(run, 365), run) == {}
    # A longer window (a pro plan) asks for the months before the first day asked.
    assert history_starts(held, state, ["young"], window_start(run, 730), run) == {"young": utc(2024, 11, 23)}


def test_no_history_wanted_asks_nothing():
    assert history_starts(None, {}, ["a"], window_start(date(2026, 11, 22), 0), date(2026, 11, 22)) == {}


def test_next_state_keeps_the_earliest_day_asked_and_the_run_day():
    state = {"through": "2026-11-21", "coins": {"a": "2025-11-23", "gone": "2025-01-01"}}
    after = next_state(state, {"a": utc(2026, 11, 21), "b": utc(2025, 11, 24)}, ["a", "b"], date(2026, 11, 22))
    assert after == {"through": "2026-11-22", "coins": {"a": "2025-11-23", "b": "2025-11-24"}}
