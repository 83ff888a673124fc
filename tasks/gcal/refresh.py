"""Incremental refresh: fetch every feed, re-expand only those that changed, replace their rows and report inputs."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import pandas as pd

from config.gcal import CalendarConfig, GcalSettings
from tasks.gcal.events_file import EventsFile
from tasks.gcal.feed_text import feed_digest
from tasks.gcal.feeds import FeedError, HttpFeeds, StorageFeeds
from tasks.gcal.ics import expanded_feed
from tasks.gcal.schema import EVENTS_HISTORY
from tasks.gcal.transform import (
    duplicate_title_warnings,
    joined_inputs,
    newest_day,
    report_inputs,
    titles_in_several_calendars,
)
from tasks.run.history_guard import Guard, check_tables
from tasks.storage.base import Storage
from tasks.storage.parquet import parquet_bytes
from tasks.validation import InputError


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
    files: list[str] = field(default_factory=list)  # outputs uploaded (unchanged ones are not)
    warnings: list[str] = field(default_factory=list)  # titles filed in several calendars
    failed: list[str] = field(default_factory=list)  # per calendar not refreshed: why (its last events are kept)


class CalendarsFailed(Exception):
    """Some calendars could not be refreshed; the others were, and the failed ones kept their last events."""

    def __init__(self, failed: list[str], total: int):
        super().__init__(
            f"{len(failed)} of {total} calendars not refreshed (their last events are kept): " + "; ".join(failed)
        )


class FeedSources:
    """Per calendar, its HTTP feed (secret address from env, or a plain url) or, in demo, its storage file."""

    def __init__(self, cfg: GcalSettings, storage: Storage, demo: bool):
        self.http = HttpFeeds(cfg.http)
        self.local = StorageFeeds(storage, cfg.paths.demo_dir)
        self.demo = demo

    def fetch(self, calendar: CalendarConfig, etag: str | None, last_modified: str | None):
        url = calendar.secret_url()
        if url is not None:
            return self.http.fetch(calendar.name, url, etag, last_modified)
        if self.demo:
            return self.local.fetch(calendar.name, None, etag, last_modified)
        raise FeedError(
            f"calendar '{calendar.name}': set {calendar.url_env or 'its url_env'} (environment or .env) "
            "to the calendar's secret address in iCal format"
        )


def refresh_events(
    storage: Storage,
    cfg: GcalSettings,
    sources: FeedSources,
    run_date: date,
    guard: Guard | None = None,
    paced: Callable[[list[CalendarConfig]], Iterable[CalendarConfig]] = iter,
) -> Refresh:
    """Fetch and parse every feed; a calendar whose feed fails (HTTP, network, unreadable) keeps its last events and
    state and is listed in `failed`, the others are refreshed. Calendars go in name order, each written as it is
    parsed (one feed's rows at a time), walked by `paced`: the run machinery's walk tidies memory between feeds.
    An events table much smaller than the stored one is refused (history_guard)."""
    until = run_date + timedelta(days=cfg.future_days)
    state, warnings = read_feed_states(storage, cfg)
    result, new_state, inputs = Refresh(warnings=warnings), {}, []
    with EventsFile(lambda: _read_if_present(storage, cfg.paths.events)) as events:
        for calendar in paced(sorted(cfg.calendars, key=lambda c: c.name)):
            previous = state.get(calendar.name)
            try:
                feed_state, added, changed = _refresh_calendar(
                    calendar, previous, sources, until, run_date, cfg, events
                )
            except (FeedError, InputError) as exc:  # messages name the calendar, never its address
                result.failed.append(f"{type(exc).__name__}: {exc}")
                feed_state, added = previous, [report_inputs(t, cfg.timezone) for t in events.keep(calendar.name)]
            else:
                (result.processed if changed else result.unchanged).append(calendar.name)
            if feed_state is not None:
                new_state[calendar.name] = feed_state
            inputs += added
        result.rows = sum(s.rows for s in new_state.values())
        result.newest = max((s.newest for s in new_state.values() if s.newest), default=None)
        if result.processed or set(state) != set(new_state):
            result.warnings, result.files = _write_outputs(storage, cfg, events, inputs, guard or Guard())
    order = {c.name: i for i, c in enumerate(cfg.calendars)}
    result.processed.sort(key=order.get)
    result.unchanged.sort(key=order.get)
    write_feed_states(storage, cfg, new_state, result.warnings)
    return result


def _refresh_calendar(
    calendar: CalendarConfig,
    previous: FeedState | None,
    sources: FeedSources,
    until: date,
    run_date: date,
    cfg: GcalSettings,
    events: EventsFile,
) -> tuple[FeedState, list, bool]:
    """One calendar's new state, what it adds to the report inputs (small summaries) and whether its feed was
    re-expanded (it changed) or its rows kept. Its bytes and tables are gone when this returns."""
    # Rows are still valid for a later window if nothing could fall in the extra days.
    window_ok = previous is not None and (previous.until == until.isoformat() or not previous.continues)
    feed = sources.fetch(calendar, *((previous.etag, previous.last_modified) if window_ok else (None, None)))
    digest = None if feed.body is None else feed_digest(feed.body)
    if digest is None or (window_ok and digest == previous.digest):
        etag = feed.etag or previous.etag
        last_modified = feed.last_modified or previous.last_modified
        kept = FeedState(**{**asdict(previous), "etag": etag, "last_modified": last_modified})
        return kept, [report_inputs(t, cfg.timezone) for t in events.keep(calendar.name)], False
    expansion = expanded_feed(feed.body, calendar.name, until)
    etag, last_modified, feed = feed.etag, feed.last_modified, None  # its bytes go before the table is built
    table = expansion.columns.table()
    newest = newest_day(table, cfg.timezone, run_date)
    state = FeedState(digest, until.isoformat(), expansion.continues, table.num_rows, newest, etag, last_modified)
    return state, [report_inputs(t, cfg.timezone) for t in [*events.add(table), table]], True


def _write_outputs(
    storage: Storage, cfg: GcalSettings, events: EventsFile, inputs: list, guard: Guard
) -> tuple[list[str], list[str]]:
    """Finish the events file, join the report inputs, check and upload the three outputs: the warnings about
    titles in several calendars and the paths uploaded."""
    data, kept = events.finish()
    joined = joined_inputs(inputs + [report_inputs(t, cfg.timezone) for t in kept])
    warnings = duplicate_title_warnings(
        titles_in_several_calendars(joined.title_counts, cfg.confusion.max_share, cfg.confusion.exclude)
    )
    payloads = {
        cfg.paths.events: data,
        cfg.paths.day_hours: parquet_bytes(joined.day_hours),
        cfg.paths.title_counts: parquet_bytes(joined.title_counts),
    }
    _check_events(storage, cfg.paths.events, data, guard)
    return warnings, [w.path for w in storage.write_many(payloads) if w.uploaded]


def _check_events(storage: Storage, path: str, data: bytes, guard: Guard) -> None:
    """The shrink guard on the events table, reading one column of the new file (tasks/run/history_guard.py)."""
    first = list(EVENTS_HISTORY.key[:1])
    check_tables(
        storage, {path: pd.read_parquet(io.BytesIO(data), columns=first)}, {path: data}, {path: EVENTS_HISTORY}, guard
    )


def output_paths(cfg: GcalSettings) -> list[str]:
    return [cfg.paths.events, cfg.paths.day_hours, cfg.paths.title_counts]


def read_feed_states(storage: Storage, cfg: GcalSettings) -> tuple[dict[str, FeedState], list[str]]:
    """The remembered feeds and warnings, or none when the outputs are missing or not the ones they describe, or
    were computed in another zone (local days and newest days depend on it)."""
    if not (storage.exists(cfg.paths.state) and all(storage.exists(p) for p in output_paths(cfg))):
        return {}, []
    saved = json.loads(storage.read_text(cfg.paths.state))
    if saved.get("zone") != cfg.timezone or saved.get("hashes") != _output_hashes(storage, cfg):
        return {}, []
    return {name: FeedState(**fields) for name, fields in saved.get("feeds", {}).items()}, saved.get("warnings", [])


def write_feed_states(storage: Storage, cfg: GcalSettings, states: dict[str, FeedState], warnings: list[str]) -> None:
    record = {
        "zone": cfg.timezone,
        "hashes": _output_hashes(storage, cfg),
        "warnings": warnings,
        "feeds": {name: asdict(s) for name, s in sorted(states.items())},
    }
    storage.write_text(cfg.paths.state, json.dumps(record, indent=2))


def _read_if_present(storage: Storage, path: str) -> bytes | None:
    """The last events file; a calendar failing on the first run has none to keep."""
    return storage.read_bytes(path) if storage.exists(path) else None


def _output_hashes(storage: Storage, cfg: GcalSettings) -> dict[str, str]:
    return {p: storage.metadata(p).content_hash for p in output_paths(cfg) if storage.exists(p)}
