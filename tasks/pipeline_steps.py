"""Root-level Prefect tasks: seed demo inputs when the data dir is empty, record runs, rebuild the index."""

from __future__ import annotations

import json

from prefect import get_run_logger

from flows.clients import Clients
from tasks.demo import DemoOptions, has_real_data, is_demo, seed_demo
from tasks.report_state import report_state_path
from tasks.run_state import PATH_RUN_STATE, SubflowResult, write_run_states
from tasks.outputs import PATH_ASSETS
from tasks.steps import step
from tasks.storage.paths import Folder

PATH_INDEX = "index.html"
# What the run itself reads and writes: the index beside the root, run and report state, shared assets.
BOOKKEEPING_FOLDERS = [Folder(""), Folder("_state", recursive=True), Folder(PATH_ASSETS)]
# Records every run reads one after another (each subflow's check its run record, the index its own
# report record): read ahead at once, beside the listings.
READ_AHEAD = (PATH_RUN_STATE.format(name="*"), report_state_path(PATH_INDEX))


def needs_demo_inputs(clients: Clients) -> bool:
    """The demo profile on an empty local data dir. Never Dropbox: it is seeded only by `vtasks demo`."""
    settings, storage = clients.settings, clients.storage
    if settings.active_profile != "demo" or settings.storage_backend != "local":
        return False
    return not (is_demo(storage) or has_real_data(storage))


@step("seed_demo")
def seed_demo_inputs(clients: Clients, run_date: str) -> bool:
    """Seed demo inputs into the data dir and say so."""
    storage = clients.storage
    written = seed_demo(storage, clients.sheets, DemoOptions(end=run_date))
    get_run_logger().info("Empty data dir %s: wrote demo inputs (%s)", storage.describe(), ", ".join(written))
    return True


@step("record_runs")
def record_runs(clients: Clients, results: list[SubflowResult]) -> list[str]:
    return write_run_states(clients.storage, results)


@step("write_index")
def write_index(clients: Clients, names: list[str], generated_at: str) -> str:
    """Rebuild `index.html`: headline figures, and every subflow's last recorded run (ones not run now too)
    with its data's age in the user's zone.

    Not rewritten when no entry, figure table or day changed: it then still shows when it was last built."""
    from dataclasses import asdict

    from reports.render import render_index
    from tasks.home.figures import load_sources, read_figures
    from tasks.home.index import headlines, index_entries
    from tasks.home.transform import local_time
    from tasks.report_state import inputs_digest, mark_report_current, report_is_current

    settings, storage = clients.settings, clients.storage
    locale, zone = settings.locale, settings.timezone
    today = local_time(generated_at, zone).date()  # ages change daily: the day is one of the page's inputs

    def link(path: str) -> str:
        return storage.link(PATH_INDEX, path)

    entries = index_entries(storage, names, link, locale=locale, zone=zone, today=today, limits=settings.stale_after_days)
    try:
        sources = load_sources()
    except Exception as exc:  # noqa: BLE001 - a subflow's bad settings fail that subflow, never the home page
        get_run_logger().warning("Home page without headline figures: %s", exc)
        sources = None
    paths = [p for p in sources.paths() if storage.exists(p)] if sources else []
    digest = inputs_digest(storage, paths, today=today.isoformat(),
                           entries=json.dumps([asdict(e) for e in entries]), locale=locale, zone=zone)  # fmt: skip
    if report_is_current(storage, PATH_INDEX, digest):
        return PATH_INDEX
    storage.read_ahead_files(paths)  # the figures' tables in one round trip
    figures = headlines(read_figures(storage, sources, today), sources, link, locale=locale, today=today) if sources else []
    shown = local_time(generated_at, zone).isoformat(timespec="minutes")  # in the user's zone
    storage.write_text(PATH_INDEX, render_index(entries, generated_at=shown, locale=locale, headlines=figures))
    mark_report_current(storage, PATH_INDEX, digest)
    return PATH_INDEX
