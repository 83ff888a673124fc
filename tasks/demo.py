"""`vtasks demo`: deterministic synthetic inputs for every subflow, marked so they never mix with real ones."""

from __future__ import annotations

import json
from dataclasses import asdict

from tasks.archive.demo import demo_files as archive_files
from tasks.backup.demo import demo_files as backup_files
from tasks.battery.demo import demo_files as battery_files
from tasks.cryptos.demo import demo_files as cryptos_files
from tasks.demo_options import PATH_DEMO_MARKER, DemoOptions, is_demo
from tasks.expensor.demo import demo_frames as expensor_frames
from tasks.gcal.demo import demo_files as gcal_files
from tasks.indexa.demo import demo_files as indexa_files
from tasks.money_lover.demo import demo_files as money_lover_files
from tasks.sheets.base import SheetsClient
from tasks.storage.base import Storage
from tasks.vbooks.demo import demo_frames as vbooks_frames

# What a run writes even when it fails: run records, report state, the index and shared assets.
BOOKKEEPING = ("_state/", "index.html", "assets/")

# Each subflow's generator: (seed, end, years, scale) -> {spreadsheet: {worksheet: frame}}; a bytes
# value instead of worksheets is a file written at that storage path (e.g. a Money Lover export).
GENERATORS = {
    "vbooks": lambda seed, end, years, scale: {"books_data": vbooks_frames(seed, end, years, scale)},
    "money_lover": money_lover_files,
    "expensor": lambda seed, end, years, scale: {"expensor_data": expensor_frames(seed, end, years, scale)},
    "battery": battery_files,
    "cryptos": cryptos_files,
    "indexa": indexa_files,
    "archive": archive_files,
    "backup": backup_files,
    "gcal": gcal_files,
}


class DemoError(Exception):
    """Demo inputs would mix with a user's real data."""


def has_real_data(storage: Storage) -> bool:
    """True when the storage holds files other than the pipeline's bookkeeping, and no demo marker."""
    return not is_demo(storage) and any(not p.startswith(BOOKKEEPING) for p in storage.list("**"))


def seed_demo(storage: Storage, sheets: SheetsClient, options: DemoOptions) -> list[str]:
    """Write every subflow's demo inputs; return the spreadsheets written. Refuses real data dirs."""
    if has_real_data(storage):
        raise DemoError(
            f"{storage.describe()} already holds data that is not demo data; "
            "use an empty folder (VTASKS_DATA_DIR or VTASKS_DROPBOX_ROOT) for the demo"
        )
    end = options.end
    written = []
    for subflow, generate in GENERATORS.items():
        for spreadsheet, frames in generate(options.seed, end, options.years, options.scale).items():
            storage.write_bytes(spreadsheet, frames) if isinstance(frames, bytes) else sheets.write_frames(spreadsheet, frames)
            written.append(f"{subflow}: {spreadsheet}")
    storage.write_text(PATH_DEMO_MARKER, json.dumps({**asdict(options), "end": end.isoformat()}, indent=2))
    return written
