"""`vtasks demo`: deterministic synthetic inputs for every subflow, marked so they never mix with real ones."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict
from datetime import date

from tasks.demo_options import PATH_DEMO_MARKER, DemoOptions, is_demo
from tasks.sheets.base import SheetsClient
from tasks.storage.base import Storage

# What a run writes even when it fails: run records, report state, the index and shared assets.
BOOKKEEPING = ("_state/", "index.html", "assets/")

# A subflow's generator, declared in its contract (`Subflow.demo`, collected as `flows.registry.DEMO_GENERATORS`):
# (seed, end, years, scale) -> {spreadsheet: {worksheet: frame}}; a bytes value instead of worksheets is a
# file written at that storage path (e.g. a Money Lover export).
Generator = Callable[[int, date, int, float], dict]


class DemoError(Exception):
    """Demo inputs would mix with a user's real data."""


def has_real_data(storage: Storage) -> bool:
    """True when the storage holds files other than the pipeline's bookkeeping, and no demo marker."""
    return not is_demo(storage) and any(not p.startswith(BOOKKEEPING) for p in storage.list("**"))


def seed_demo(
    storage: Storage, sheets: SheetsClient, options: DemoOptions, generators: Mapping[str, Generator]
) -> list[str]:
    """Write each subflow's demo inputs (`generators` by subflow); return the spreadsheets written. Refuses real data dirs."""
    if has_real_data(storage):
        raise DemoError(
            f"{storage.describe()} already holds data that is not demo data; "
            "use an empty folder (VTASKS_DATA_DIR or VTASKS_DROPBOX_ROOT) for the demo"
        )
    end = options.end
    written = []
    for subflow, generate in generators.items():
        for spreadsheet, frames in generate(options.seed, end, options.years, options.scale).items():
            storage.write_bytes(spreadsheet, frames) if isinstance(frames, bytes) else sheets.write_frames(
                spreadsheet, frames
            )
            written.append(f"{subflow}: {spreadsheet}")
    storage.write_text(PATH_DEMO_MARKER, json.dumps({**asdict(options), "end": end.isoformat()}, indent=2))
    return written
