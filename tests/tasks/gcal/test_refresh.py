"""Refresh on local storage: a changed feed replaces only its rows, and the outputs equal a refresh from scratch."""

from datetime import date

import pandas as pd
import pyarrow as pa

from config.gcal import CalendarConfig, ConfusionCheck, GcalPaths, GcalSettings
from tasks.gcal.refresh import FeedSources, refresh_events
from tasks.gcal.transform import report_inputs
from tasks.retry import RetryPolicy
from tasks.storage.local import LocalStorage
from tests.tasks.gcal.samples import CALL, HOLIDAY, STANDUP, STANDUP_MOVED, event, feed

GYM = event(
    "gym",
    "DTSTART;TZID=Europe/Berlin:20240401T190000",
    "DTEND;TZID=Europe/Berlin:20240401T200000",
    "RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO",
    summary="Gym",
)
FEEDS = {
    "Team": feed(STANDUP, STANDUP_MOVED, CALL),
    "Sport": feed(GYM, CALL.replace("single1", "single2")),
    "Holidays": feed(HOLIDAY),
}
PATHS = GcalPaths(events="gcal/events.parquet", report="gcal/gcal.html", state="state.json", demo_dir="feeds")
RUN_DATE = date(2024, 5, 1)


def settings(zone: str = "Europe/Berlin") -> GcalSettings:
    return GcalSettings.model_construct(
        calendars=[CalendarConfig(name=n) for n in FEEDS],
        timezone=zone,
        future_days=0,
        http=RetryPolicy(timeout_s=1, retries=0),
        paths=PATHS,
        confusion=ConfusionCheck(max_share=0.6),
    )  # flags the 1-and-1 'call'


def refreshed(storage: LocalStorage, feeds: dict[str, bytes], cfg: GcalSettings | None = None):
    cfg = cfg or settings()
    for name, data in feeds.items():
        storage.write_bytes(f"feeds/{name}.ics", data)
    return refresh_events(storage, cfg, FeedSources(cfg, storage, demo=True), RUN_DATE)


def outputs(storage: LocalStorage) -> dict[str, bytes]:
    return {p: storage.read_bytes(p) for p in (PATHS.events, PATHS.day_hours, PATHS.title_counts)}


def test_outputs_and_report_inputs_of_every_calendar(tmp_path):
    storage = LocalStorage(tmp_path)
    result = refreshed(storage, FEEDS)
    assert result.processed == ["Team", "Sport", "Holidays"] and result.rows == 9  # in the settings' order
    assert result.files == [PATHS.events, PATHS.day_hours, PATHS.title_counts]
    assert result.warnings == ["'call' is in 2 calendars: Sport (1), Team (1)"]
    events = storage.read_parquet(PATHS.events)
    assert events["calendar"].tolist() == ["Holidays"] + ["Sport"] * 4 + ["Team"] * 4  # by name
    whole = report_inputs(pa.Table.from_pandas(events, preserve_index=False), "Europe/Berlin")
    pd.testing.assert_frame_equal(storage.read_parquet(PATHS.day_hours), whole.day_hours)
    pd.testing.assert_frame_equal(storage.read_parquet(PATHS.title_counts), whole.title_counts)


def test_unchanged_feeds_write_nothing_and_a_changed_one_gives_what_a_fresh_start_gives(tmp_path):
    storage = LocalStorage(tmp_path / "a")
    refreshed(storage, FEEDS)
    again = refreshed(storage, FEEDS)
    assert again.processed == [] and again.files == [] and again.unchanged == ["Team", "Sport", "Holidays"]
    changed = {**FEEDS, "Sport": feed(GYM.replace("COUNT=3", "COUNT=2"))}
    result = refreshed(storage, changed)
    assert result.processed == ["Sport"] and result.warnings == [] and result.rows == 7
    fresh = LocalStorage(tmp_path / "b")
    refreshed(fresh, changed)
    assert outputs(storage) == outputs(fresh)


def test_another_zone_recomputes_every_calendar(tmp_path):
    storage = LocalStorage(tmp_path)
    refreshed(storage, FEEDS)
    result = refreshed(storage, FEEDS, settings("America/New_York"))
    assert len(result.processed) == 3
    days = storage.read_parquet(PATHS.day_hours)
    # 08:00 Berlin on 18 March (07:00 UTC) is 03:00 in New York, the same day; Gym at 19:00 Berlin is 13:00 there.
    assert days[days["calendar"] == "Sport"]["day"].dt.strftime("%m-%d").tolist() == [
        "03-20",
        "04-01",
        "04-08",
        "04-15",
    ]


def test_a_garbled_feed_keeps_its_calendar_while_the_others_refresh(tmp_path):
    storage = LocalStorage(tmp_path / "a")
    refreshed(storage, FEEDS)
    garbled = feed(event("bad", "DTSTART:2024-04-02 10:00", summary="Retro"))
    result = refreshed(storage, {**FEEDS, "Team": garbled, "Holidays": feed(CALL)})
    assert result.processed == ["Holidays"] and result.unchanged == ["Sport"] and result.rows == 9
    assert result.failed == [
        "InputError: calendar 'Team': event 'Retro' (UID bad@google.com): bad DTSTART ('Wrong datetime format: 2024-04-02 10:00')"
    ]
    fresh = LocalStorage(tmp_path / "b")  # as if Team's feed had not changed: its last good rows, the others' new
    refreshed(fresh, {**FEEDS, "Holidays": feed(CALL)})
    assert outputs(storage) == outputs(fresh)
    again = refreshed(storage, {**FEEDS, "Team": garbled, "Holidays": feed(CALL)})
    assert again.failed == result.failed and again.files == []  # still failing: nothing rewritten
    assert refreshed(storage, {**FEEDS, "Holidays": feed(CALL)}).processed == []  # Team's old feed: its state kept


def test_a_calendar_failing_on_the_first_run_has_no_rows_until_it_reads(tmp_path):
    storage = LocalStorage(tmp_path)
    result = refreshed(storage, {"Sport": FEEDS["Sport"], "Holidays": FEEDS["Holidays"]})  # no feed for Team
    assert result.processed == ["Sport", "Holidays"] and result.rows == 5
    assert result.failed == [
        "FeedError: calendar 'Team': no demo feed at feeds/Team.ics (run `vtasks demo`, or set its url_env)"
    ]
    assert set(storage.read_parquet(PATHS.events)["calendar"]) == {"Sport", "Holidays"}
    result = refreshed(storage, FEEDS)
    assert result.processed == ["Team"] and result.failed == [] and result.rows == 9
