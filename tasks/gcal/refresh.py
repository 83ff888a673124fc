"""Incremental refresh: fetch every feed, re-expand only those that changed, replace their rows."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from config.gcal import CalendarConfig, GcalSettings
from tasks.gcal.feeds import FeedError, HttpFeeds, StorageFeeds
from tasks.gcal.feed_text import feed_digest
from tasks.gcal.ics import expanded_feed
from tasks.gcal.schema import COL_START
from tasks.gcal.transform import duplicate_title_warnings, merged_events, titles_in_several_calendars
from tasks.outputs import write_tables
from tasks.storage.base import Storage


@dataclass
class FeedState:
    """What was last processed from one feed; `until` is the window end its rows were expanded to."""

    digest: str
    until: str
    continues: bool
    rows: int
    newest: str | None = None  # the last local day with an event starting on or before the run date
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Refresh:
    """The outcome of one refresh, small enough to pass between Prefect tasks."""

    processed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rows: int = 0
    newest: str | None = None
    written: bool = False
    warnings: list[str] = field(default_factory=list)  # titles filed in several calendars


class FeedSources:
    """Per calendar, its HTTP feed (secret address from env, or a plain url) or, in demo, its storage file."""

    def __init__(self, cfg: GcalSettings, storage: Storage, demo: bool):
        self.http = HttpFeeds(cfg.timeout_s, cfg.retries, cfg.backoff_s)
        self.local = StorageFeeds(storage, cfg.paths.demo_dir)
        self.demo = demo

    def fetch(self, calendar: CalendarConfig, etag: str | None, last_modified: str | None):
        url = calendar.secret_url()
        if url is not None:
            return self.http.fetch(calendar.name, url, etag, last_modified)
        if self.demo:
            return self.local.fetch(calendar.name, None, etag, last_modified)
        raise FeedError(f"calendar '{calendar.name}': set {calendar.url_env or 'its url_env'} (environment or .env) "
                        "to the calendar's secret address in iCal format")  # fmt: skip


def refresh_events(storage: Storage, cfg: GcalSettings, sources: FeedSources, run_date: date) -> Refresh:
    """Fetch and check every feed first; write events and state only if all changed feeds parsed (else raise)."""
    until = run_date + timedelta(days=cfg.future_days)
    state, warnings = read_feed_states(storage, cfg)
    result, fresh, new_state = Refresh(warnings=warnings), [], {}
    for calendar in cfg.calendars:
        previous = state.get(calendar.name)
        # Rows are still valid for a later window if nothing could fall in the extra days.
        window_ok = previous is not None and (previous.until == until.isoformat() or not previous.continues)
        feed = sources.fetch(calendar, *((previous.etag, previous.last_modified) if window_ok else (None, None)))
        digest = None if feed.body is None else feed_digest(feed.body)
        if digest is None or (window_ok and digest == previous.digest):
            result.unchanged.append(calendar.name)
            new_state[calendar.name] = FeedState(**{**asdict(previous), "etag": feed.etag or previous.etag,
                                                    "last_modified": feed.last_modified or previous.last_modified})  # fmt: skip
            continue
        expansion = expanded_feed(feed.body, calendar.name, until)
        fresh.append(expansion.frame)
        result.processed.append(calendar.name)
        new_state[calendar.name] = FeedState(digest, until.isoformat(), expansion.continues,
                                             len(expansion.frame), newest_day(expansion.frame, cfg.timezone, run_date),
                                             feed.etag, feed.last_modified)  # fmt: skip
    result.rows = sum(s.rows for s in new_state.values())
    result.newest = max((s.newest for s in new_state.values() if s.newest), default=None)
    if result.processed or set(state) != set(new_state):
        previous_events = storage.read_parquet(cfg.paths.events) if state else None
        events = merged_events(previous_events, fresh, [c.name for c in cfg.calendars])
        previous_events, feed, expansion = None, None, None  # free the parts while the table is written
        fresh.clear()
        result.warnings = duplicate_title_warnings(titles_in_several_calendars(events))
        result.written = write_tables(storage, {cfg.paths.events: events})[0].uploaded
    write_feed_states(storage, cfg, new_state, result.warnings)
    return result


def newest_day(frame, zone: str, run_date: date) -> str | None:
    days = frame[COL_START].dt.tz_convert(zone).dt.date
    past = days[days <= run_date]
    return None if past.empty else past.max().isoformat()


def read_feed_states(storage: Storage, cfg: GcalSettings) -> tuple[dict[str, FeedState], list[str]]:
    """The remembered feeds and warnings, or none when the events file is missing or not the one they describe."""
    if not (storage.exists(cfg.paths.state) and storage.exists(cfg.paths.events)):
        return {}, []
    saved = json.loads(storage.read_text(cfg.paths.state))
    if saved.get("events_hash") != storage.metadata(cfg.paths.events).content_hash:
        return {}, []
    return {name: FeedState(**fields) for name, fields in saved.get("feeds", {}).items()}, saved.get("warnings", [])


def write_feed_states(storage: Storage, cfg: GcalSettings, states: dict[str, FeedState], warnings: list[str]) -> None:
    events_hash = storage.metadata(cfg.paths.events).content_hash if storage.exists(cfg.paths.events) else None
    record = {"events_hash": events_hash, "warnings": warnings,
              "feeds": {name: asdict(s) for name, s in sorted(states.items())}}  # fmt: skip
    storage.write_text(cfg.paths.state, json.dumps(record, indent=2))
