"""The demo's options, recorded in storage by `vtasks demo` so later runs (and recorded APIs) replay the same household."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from tasks.storage.base import Storage

PATH_DEMO_MARKER = "_state/demo.json"


@dataclass(frozen=True)
class DemoOptions:
    seed: int = 42
    years: int = 5
    scale: float = 1.0
    end: date | None = None  # the day the history ends on; the caller passes today's date by default


def is_demo(storage: Storage) -> bool:
    return storage.exists(PATH_DEMO_MARKER)


def demo_options(storage: Storage, run_date: date) -> dict:
    """seed, years, scale and end (a date) of the demo in this storage (`vtasks demo` records them), else
    defaults and the run date."""
    recorded = json.loads(storage.read_text(PATH_DEMO_MARKER)) if storage.exists(PATH_DEMO_MARKER) else {}
    options = {**vars(DemoOptions()), **recorded}
    return {
        "seed": int(options["seed"]),
        "years": int(options["years"]),
        "scale": float(options["scale"]),
        "end": date.fromisoformat(options["end"]) if options.get("end") else run_date,
    }
