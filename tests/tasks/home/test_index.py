"""The home page from recorded runs and stored tables: ages, stale badges, local times, headlines, rewritten once a day."""

import pandas as pd
import pytest

from config.settings import load_settings
from reports.home import PATH_INDEX, write_index
from tasks.clients import build_clients
from tasks.run.state import SubflowResult, write_run_states
from tasks.storage.parquet import parquet_bytes


@pytest.fixture
def clients(vtasks_env, monkeypatch):
    monkeypatch.setenv("VTASKS_LOCALE", "es_ES")
    monkeypatch.setenv("VTASKS_TIMEZONE", "Europe/Madrid")
    clients = build_clients(load_settings())
    storage = clients.storage
    write_run_states(
        storage,
        [
            SubflowResult(
                "battery",
                "Completed",
                started="2026-11-24T06:30:00+00:00",
                reports=["battery/battery.html"],
                newest="2026-11-01",
            ),
            SubflowResult(
                "vbooks",
                "Completed",
                started="2026-11-24T06:31:00+00:00",
                reports=["vbooks/vbooks.html"],
                newest="2026-11-20",
            ),
            SubflowResult(
                "expensor", "Completed", started="2026-11-24T06:32:00+00:00", reports=["expensor/expensor.html"]
            ),
        ],
    )
    months = pd.date_range("2025-11-01", "2026-11-01", freq="MS")
    storage.write_bytes(
        "expensor/monthly.parquet", parquet_bytes(pd.DataFrame({"month": months, "expenses": [1200.0] * 12 + [345.5]}))
    )
    storage.write_bytes(
        "vbooks/books.parquet",
        parquet_bytes(
            pd.DataFrame({"title": ["Kokoro", "Dune"], "finished": pd.to_datetime(["2026-02-01", "2026-11-18"])})
        ),
    )
    storage.write_bytes(
        "gcal/day_hours.parquet",
        parquet_bytes(
            pd.DataFrame(
                {
                    "calendar": ["Work", "Sport", "Social"],
                    "day": pd.to_datetime(["2026-11-17", "2026-11-22", "2026-11-18"]),
                    "hours": [8.0, 1.5, 3.0],
                }
            )
        ),
    )
    return clients


def test_home_page_says_what_is_fresh_and_shows_headlines(clients):
    write_index.fn(clients, ["battery", "vbooks", "expensor"], "2026-11-24T06:40:00+00:00")
    html = clients.storage.read_text(PATH_INDEX)
    battery, vbooks = (
        html.split("battery.html</strong>")[1].split("</tr>")[0],
        html.split("vbooks.html</strong>")[1].split("</tr>")[0],
    )
    assert "01/11/2026" in battery and "23 days old" in battery and "badge stale" in battery  # limit 20 days
    assert "4 days old" in vbooks and "stale" not in vbooks
    assert "24/11/2026 07:30" in battery  # 06:30 UTC in Madrid
    assert 'href="expensor/expensor.html"' in html and "346\u00a0€" in html  # November so far
    assert "Spent this month" in html and "1.200\u00a0€" in html  # the 12-month average, es_ES
    assert "Hours last week" in html and "9,5\u00a0h" in html  # Work + Sport, not Social
    assert "Books in 2026" in html and "latest: Dune" in html and 'href="vbooks/vbooks.html"' in html


def test_home_page_not_rewritten_the_same_day_but_the_next(clients):
    names = ["battery", "vbooks", "expensor"]
    write_index.fn(clients, names, "2026-11-24T06:40:00+00:00")
    rev = clients.storage.metadata(PATH_INDEX).rev
    write_index.fn(clients, names, "2026-11-24T21:40:00+00:00")  # 22:40 in Madrid: still the 24th
    assert clients.storage.metadata(PATH_INDEX).rev == rev
    write_index.fn(clients, names, "2026-11-24T23:10:00+00:00")  # 00:10 on the 25th in Madrid
    assert clients.storage.metadata(PATH_INDEX).rev != rev and "24 days old" in clients.storage.read_text(PATH_INDEX)
