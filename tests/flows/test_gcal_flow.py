"""The gcal subflow on the real Prefect engine, its calendars served over HTTP by a local ICS server."""

import asyncio
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from config.settings import load_settings
from flows.gcal import gcal
from flows.naming import RunInfo
from tasks.clients import build_clients
from tests.emulators.ics_server import SECRET, IcsServer
from tests.tasks.gcal.samples import CALL, HOLIDAY, STANDUP, STANDUP_MOVED, event, feed

GYM = event(
    "gym",
    "DTSTART;TZID=Europe/Berlin:20240401T190000",
    "DTEND;TZID=Europe/Berlin:20240401T200000",
    "RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO",
    summary="Gym",
)
CONFIG = """timezone: Europe/Berlin
future_days: 0
http: {retries: 1, backoff_s: 0}
confusion: {max_share: 0.6, exclude: [Holidays]}  # flags the 1-and-1 'call' below: half is under 0.6
calendars:
  - {name: Team, colour: "#4285F4", main: true, url_env: GCAL_TEST_TEAM}
  - {name: Sport, colour: "#F4511E", main: true, url_env: GCAL_TEST_SPORT}
  - {name: Holidays, colour: "#33B679", main: false, url: "%s"}
paths: {events: gcal/events.parquet, report: gcal/gcal.html, state: _state/gcal/feeds.json, demo_dir: _demo/gcal}
"""


@pytest.fixture
def feeds(vtasks_env, monkeypatch):
    """Three calendars behind a local ICS server; two secret addresses come from the environment."""
    folder = vtasks_env / "feeds"
    folder.mkdir()
    (folder / "Team.ics").write_bytes(feed(STANDUP, STANDUP_MOVED, CALL))
    (folder / "Sport.ics").write_bytes(feed(GYM, CALL.replace("single1", "single2")))
    (folder / "Holidays.ics").write_bytes(feed(HOLIDAY))
    with IcsServer(folder) as server:
        config = vtasks_env / "config"
        config.mkdir()
        (config / "gcal.yaml").write_text(CONFIG % server.url_for("Holidays"))
        monkeypatch.setenv("VTASKS_CONFIG_DIR", str(config))
        monkeypatch.setenv("GCAL_TEST_TEAM", server.url_for("Team"))
        monkeypatch.setenv("GCAL_TEST_SPORT", server.url_for("Sport"))
        yield server, folder


async def run_logs(flow_run_id) -> list[str]:
    """Every log line the flow run and its tasks sent to the Prefect API."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    await APILogHandler.aflush()
    async with get_client() as client:
        logs = await client.read_logs(
            LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), limit=200, offset=0
        )
    assert logs, "no logs reached the API"
    return [log.message for log in logs]


def run_gcal(day="2024-05-01"):
    clients = build_clients(load_settings())
    state = gcal(
        clients=clients, run=RunInfo(date.fromisoformat(day), "dev", f"{day}T06:00:00+00:00"), return_state=True
    )
    return state, state.result(raise_on_failure=False)


def test_outputs_then_unchanged_feeds_do_nothing_then_one_changed_feed(prefect_api, feeds, vtasks_env):
    server, folder = feeds
    data = Path(vtasks_env / "data")
    state, result = run_gcal()
    assert state.is_completed(), state.message
    events = pd.read_parquet(data / "gcal/events.parquet")
    assert events.groupby("calendar").size().to_dict() == {"Holidays": 1, "Sport": 4, "Team": 4}
    assert sorted(result.details["processed"]) == ["Holidays", "Sport", "Team"] and result.rows == 9
    assert result.files == ["gcal/events.parquet", "gcal/day_hours.parquet", "gcal/title_counts.parquet"]
    assert result.reports == ["gcal/gcal.html"]
    assert result.newest == "2024-04-15"  # Gym's third Monday; Standup ends on 8 April
    assert result.warnings == ["'call' is in 2 calendars: Sport (1), Team (1)"]
    assert SECRET not in (data / "_state/gcal/feeds.json").read_text()
    html = (data / "gcal/gcal.html").read_text()
    assert "Titles in several calendars" in html and SECRET not in html
    report_stamp = (data / "gcal/gcal.html").stat().st_mtime_ns
    events_bytes = (data / "gcal/events.parquet").read_bytes()

    state, result = run_gcal()
    assert state.is_completed(), state.message
    assert result.details["processed"] == [] and sorted(result.details["unchanged"]) == ["Holidays", "Sport", "Team"]
    assert result.files == [] and result.reports == [] and result.rows == 9
    assert result.warnings == ["'call' is in 2 calendars: Sport (1), Team (1)"]  # still in the run summary
    assert server.totals() == {"requests": 6, "served": 3, "not_modified": 3}  # conditional GETs
    assert (data / "gcal/gcal.html").stat().st_mtime_ns == report_stamp
    assert (data / "gcal/events.parquet").read_bytes() == events_bytes

    (folder / "Sport.ics").write_bytes(feed(GYM.replace("COUNT=3", "COUNT=2")))
    state, result = run_gcal()
    assert state.is_completed(), state.message
    assert result.details["processed"] == ["Sport"] and result.reports == ["gcal/gcal.html"] and result.warnings == []
    events = pd.read_parquet(data / "gcal/events.parquet")
    assert events.groupby("calendar").size().to_dict() == {"Holidays": 1, "Sport": 2, "Team": 4}


def calendar_rows(data: Path) -> dict[str, list[tuple]]:
    events = pd.read_parquet(data / "gcal/events.parquet").sort_values(["calendar", "start", "summary"])
    return {
        name: [(r.summary, r.start.isoformat()) for r in group.itertuples()]
        for name, group in events.groupby("calendar")
    }


def team_day_hours(data: Path) -> pd.DataFrame:
    hours = pd.read_parquet(data / "gcal/day_hours.parquet")
    return hours[hours["calendar"] == "Team"].reset_index(drop=True)


def secret_nowhere(state, data: Path) -> bool:
    """The secret address is in no message, log line, state file or report."""
    logs = "".join(asyncio.run(run_logs(state.state_details.flow_run_id)))
    files = "".join((data / p).read_text() for p in ("_state/gcal/feeds.json", "gcal/gcal.html"))
    return SECRET not in state.message + logs + files


def test_reset_address_fails_that_calendar_only_and_keeps_its_events(prefect_api, feeds, vtasks_env):
    server, folder = feeds
    data = Path(vtasks_env / "data")
    assert run_gcal()[0].is_completed()
    before, team_hours = calendar_rows(data), team_day_hours(data)
    server.reset_address("Team")  # the user reset Team's secret address; ours is the old one: 404
    (folder / "Team.ics").write_bytes(feed(CALL))  # whatever the new address serves is not ours to see
    (folder / "Sport.ics").write_bytes(feed(GYM.replace("COUNT=3", "COUNT=2")))

    state, _ = run_gcal("2024-05-02")
    assert state.is_failed()
    assert (
        "1 of 3 calendars not refreshed (their last events are kept): FeedError: calendar 'Team': the feed "
        "answered HTTP 404 (is the secret address still valid?)"
    ) in state.message
    after = calendar_rows(data)
    assert after["Team"] == before["Team"] and after["Holidays"] == before["Holidays"]
    assert len(before["Sport"]) == 4 and len(after["Sport"]) == 2  # refreshed despite Team
    assert server.counters[("Team", "not_found")] == 1  # a 404 is not retried
    assert team_day_hours(data).equals(team_hours) and not team_hours.empty  # the report's inputs keep Team too
    assert "Team" in (data / "gcal/gcal.html").read_text() and secret_nowhere(state, data)

    state, _ = run_gcal("2024-05-02")  # still failing: nothing else changed, nothing rewritten
    assert state.is_failed() and "calendar 'Team'" in state.message and calendar_rows(data) == after
    server.reset_address("Team", "private-0123456789abcdef")  # back to the address we have
    (folder / "Team.ics").write_bytes(feed(STANDUP, STANDUP_MOVED, CALL))
    state, result = run_gcal("2024-05-02")
    assert state.is_completed(), state.message
    assert calendar_rows(data)["Team"] == before["Team"]


def test_garbled_or_unreachable_feed_fails_naming_it_while_the_others_refresh(prefect_api, feeds, vtasks_env):
    server, folder = feeds
    data = Path(vtasks_env / "data")
    assert run_gcal()[0].is_completed()
    before = calendar_rows(data)
    (folder / "Team.ics").write_bytes(feed(STANDUP, event("bad", "DTSTART:2024-04-02 10:00", summary="Retro")))
    (folder / "Sport.ics").write_bytes(feed(GYM.replace("COUNT=3", "COUNT=1")))

    state, _ = run_gcal("2024-05-02")
    assert state.is_failed()
    assert "InputError: calendar 'Team': event 'Retro' (UID bad@google.com): bad DTSTART" in state.message
    after = calendar_rows(data)
    assert after["Team"] == before["Team"] and len(after["Sport"]) == 1 and secret_nowhere(state, data)

    (folder / "Team.ics").write_bytes(feed(STANDUP, STANDUP_MOVED))  # Team mended, Sport now unreachable
    (folder / "Sport.ics").write_bytes(feed(GYM))
    server.add_fault("Sport", count=2, status=503)
    state, _ = run_gcal("2024-05-02")
    assert state.is_failed() and "FeedError: calendar 'Sport': the feed answered HTTP 503" in state.message
    assert "Team" not in state.message
    after = calendar_rows(data)
    assert len(after["Team"]) == 3 and len(after["Sport"]) == 1 and secret_nowhere(state, data)


def test_next_day_re_expands_only_feeds_that_may_reach_the_new_window(prefect_api, feeds, vtasks_env):
    assert run_gcal("2024-05-01")[0].is_completed()
    state, result = run_gcal("2024-05-02")
    assert state.is_completed(), state.message
    # Team's series ended (UNTIL) and Holidays has one past event; Sport's COUNT rule is re-checked.
    assert result.details["processed"] == ["Sport"] and sorted(result.details["unchanged"]) == ["Holidays", "Team"]
    assert result.files == [] and result.reports == []  # same rows: nothing rewritten


def test_demo_profile_reads_feeds_from_storage_and_skips_unchanged(prefect_api, vtasks_env):
    from tasks.gcal.demo import demo_files
    from tasks.storage.local import LocalStorage

    storage = LocalStorage(vtasks_env / "data")
    for path, data in demo_files(5, date(2026, 11, 22), 1, 0.1).items():
        storage.write_bytes(path, data)
    state, result = run_gcal("2026-11-22")
    assert state.is_completed(), state.message
    assert len(result.details["processed"]) == 15 and result.rows > 300 and result.reports == ["gcal/gcal.html"]
    assert len(pd.read_parquet(vtasks_env / "data/gcal/events.parquet")) == result.rows
    state, result = run_gcal("2026-11-22")
    assert result.details["processed"] == [] and len(result.details["unchanged"]) == 15 and result.reports == []
