"""Root-level Prefect tasks: seed demo inputs when the data dir is empty, record runs (the index: reports/home.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from prefect import get_run_logger

from reports.home import PATH_INDEX
from reports.pages import PATH_ASSETS
from tasks.clients import Clients
from tasks.demo import DemoOptions, Generator, has_real_data, is_demo, seed_demo
from tasks.run.report_state import report_state_path
from tasks.run.state import PATH_RUN_STATE, SubflowResult, write_run_states
from tasks.run.step import step
from tasks.storage.paths import Folder

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
def seed_demo_inputs(clients: Clients, run_date: date, generators: Mapping[str, Generator]) -> bool:
    """Seed demo inputs (each subflow's `generators`) into the data dir and say so."""
    storage = clients.storage
    written = seed_demo(storage, clients.sheets, DemoOptions(end=run_date), generators)
    get_run_logger().info("Empty data dir %s: wrote demo inputs (%s)", storage.describe(), ", ".join(written))
    return True


@step("record_runs")
def record_runs(clients: Clients, results: list[SubflowResult]) -> list[str]:
    return write_run_states(clients.storage, results)
