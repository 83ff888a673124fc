"""The gcal subflow on the real Prefect engine, its calendars served over HTTP by a local ICS server."""

import asyncio
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from config.settings import load_settings
from flows.clients import build_clients
from flows.gcal import gcal
from flows.naming import RunInfo
from tests.emulators.ics_server import SECRET, IcsServer
from tests.tasks.gcal.samples import CALL, HOLIDAY, STANDUP, STANDUP_MOVED, event, feed

GYM = event("gym", "DTSTART;TZID=Europe/Berlin:20240401T190000", "DTEND;TZID=Europe/Berlin:20240401T200000",
            "RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO", summary="Gym")  # fmt: skip
CONFIG = """timezone: Europe/Berlin
future_days: 0
retries: 1
backoff_s: 0
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
        logs = await client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), limit=200, offset=0)
    assert logs, "no logs reached the API"
    return [log.message for log in logs]


def run_gcal(date="2024-05-01"):
    clients = build_clients(load_settings())
    state = gcal(clients=clients, run=RunInfo(date, "dev", f"{date}T06:00:00+00:00"), return_state=True)
    return state, state.result(raise_on_failure=False)


def test_outputs_then_unchanged_feeds_do_nothing_then_one_changed_feed(prefect_api, feeds, vtasks_env):
    server, folder = feeds
    data = Path(vtasks_env / "data")
    state, result = run_gcal()
    assert state.is_completed(), state.message
    events = pd.read_parquet(data / "gcal/events.parquet")
    assert events.groupby("calendar").size().to_dict() == {"Holidays": 1, "Sport": 4, "Team": 4}
    assert sorted(result["processed"]) == ["Holidays", "Sport", "Team"] and result["rows"] == 9
    assert result["files"] == ["gcal/events.parquet", "gcal/day_hours.parquet", "gcal/title_counts.parquet"]
    assert result["reports"] == ["gcal/gcal.html"]
    assert result["newest"] == "2024-04-15"  # Gym's third Monday; Standup ends on 8 April
    assert result["warnings"] == ["'call' is in 2 calendars: Sport (1), Team (1)"]
    assert SECRET not in (data / "_state/gcal/feeds.json").read_text()
    html = (data / "gcal/gcal.html").read_text()
    assert "Titles in several calendars" in html and SECRET not in html
    report_stamp = (data / "gcal/gcal.html").stat().st_mtime_ns
    events_bytes = (data / "gcal/events.parquet").read_bytes()

    state, result = run_gcal()
    assert state.is_completed(), state.message
    assert result["processed"] == [] and sorted(result["unchanged"]) == ["Holidays", "Sport", "Team"]
    assert result["files"] == [] and result["reports"] == [] and result["rows"] == 9
    assert result["warnings"] == ["'call' is in 2 calendars: Sport (1), Team (1)"]  # still in the run summary
    assert server.totals() == {"requests": 6, "served": 3, "not_modified": 3}  # conditional GETs
    assert (data / "gcal/gcal.html").stat().st_mtime_ns == report_stamp
    assert (data / "gcal/events.parquet").read_bytes() == events_bytes

    (folder / "Sport.ics").write_bytes(feed(GYM.replace("COUNT=3", "COUNT=2")))
    state, result = run_gcal()
    assert state.is_completed(), state.message
    assert result["processed"] == ["Sport"] and result["reports"] == ["gcal/gcal.html"] and result["warnings"] == []
    events = pd.read_parquet(data / "gcal/events.parquet")
    assert events.groupby("calendar").size().to_dict() == {"Holidays": 1, "Sport": 2, "Team": 4}


def test_garbled_feed_fails_naming_the_calendar_and_overwrites_nothing(prefect_api, feeds, vtasks_env):
    server, folder = feeds
    data = Path(vtasks_env / "data")
    assert run_gcal()[0].is_completed()
    before = {p: (data / p).read_bytes() for p in ("gcal/events.parquet", "gcal/gcal.html", "_state/gcal/feeds.json")}
    (folder / "Team.ics").write_bytes(feed(STANDUP, event("bad", "DTSTART:2024-04-02 10:00", summary="Retro")))
    (folder / "Sport.ics").write_bytes(feed(GYM))  # a good change in another calendar is not written either

    state, _ = run_gcal("2024-05-02")
    assert state.is_failed()
    assert "InputError: calendar 'Team': event 'Retro' (UID bad@google.com): bad DTSTART" in state.message
    assert SECRET not in state.message
    assert {p: (data / p).read_bytes() for p in before} == before
    assert SECRET not in "".join(asyncio.run(run_logs(state.state_details.flow_run_id)))

    server.add_fault("Team", count=2, status=503)
    state, _ = run_gcal("2024-05-02")
    assert state.is_failed() and "calendar 'Team': the feed answered HTTP 503" in state.message
    assert {p: (data / p).read_bytes() for p in before} == before
    assert SECRET not in "".join(asyncio.run(run_logs(state.state_details.flow_run_id)))


def test_next_day_re_expands_only_feeds_that_may_reach_the_new_window(prefect_api, feeds, vtasks_env):
    assert run_gcal("2024-05-01")[0].is_completed()
    state, result = run_gcal("2024-05-02")
    assert state.is_completed(), state.message
    # Team's series ended (UNTIL) and Holidays has one past event; Sport's COUNT rule is re-checked.
    assert result["processed"] == ["Sport"] and sorted(result["unchanged"]) == ["Holidays", "Team"]
    assert result["files"] == [] and result["reports"] == []  # same rows: nothing rewritten


def test_demo_profile_reads_feeds_from_storage_and_skips_unchanged(prefect_api, vtasks_env):
    from tasks.gcal.demo import demo_files
    from tasks.storage.local import LocalStorage

    storage = LocalStorage(vtasks_env / "data")
    for path, data in demo_files(5, date(2026, 11, 22), 1, 0.1).items():
        storage.write_bytes(path, data)
    state, result = run_gcal("2026-11-22")
    assert state.is_completed(), state.message
    assert len(result["processed"]) == 15 and result["rows"] > 300 and result["reports"] == ["gcal/gcal.html"]
    assert len(pd.read_parquet(vtasks_env / "data/gcal/events.parquet")) == result["rows"]
    state, result = run_gcal("2026-11-22")
    assert result["processed"] == [] and len(result["unchanged"]) == 15 and result["reports"] == []
