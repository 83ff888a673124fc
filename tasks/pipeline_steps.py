"""Root-level Prefect tasks: seed demo inputs when the data dir is empty, record runs, rebuild the index."""

from __future__ import annotations

import json

from prefect import get_run_logger

from flows.clients import Clients
from tasks.demo import DemoOptions, has_real_data, is_demo, seed_demo
from tasks.run_state import SubflowResult, read_run_state, write_run_states
from tasks.outputs import PATH_ASSETS
from tasks.steps import step
from tasks.storage.paths import Folder

PATH_INDEX = "index.html"
# What the run itself reads and writes: the index beside the root, run and report state, shared assets.
BOOKKEEPING_FOLDERS = [Folder(""), Folder("_state", recursive=True), Folder(PATH_ASSETS)]


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
    """Rebuild `index.html` from every subflow's last recorded run, including ones not run now.

    Not rewritten when no entry changed: it then still shows when it was last built."""
    from dataclasses import asdict

    from reports.model import IndexEntry
    from reports.render import render_index
    from tasks.report_state import inputs_digest, mark_report_current, report_is_current

    entries = []
    for name in names:
        last = read_run_state(clients.storage, name)
        reports = (last.reports if last else []) or [""]
        entries += [
            IndexEntry(
                name=report.rsplit("/", 1)[-1] if report else f"{name} (no report)",
                path=clients.storage.link(PATH_INDEX, report) if report else "", flow=f"vtasks.{name}",
                state=last.state if last else "Never run", last_run=last.started if last else None,
                data_date=last.newest if last else None,
            )
            for report in reports
        ]
    locale = clients.settings.locale
    digest = inputs_digest(clients.storage, [], entries=json.dumps([asdict(e) for e in entries]), locale=locale)
    if report_is_current(clients.storage, PATH_INDEX, digest):
        return PATH_INDEX
    clients.storage.write_text(PATH_INDEX, render_index(entries, generated_at=generated_at, locale=locale))
    mark_report_current(clients.storage, PATH_INDEX, digest)
    return PATH_INDEX
