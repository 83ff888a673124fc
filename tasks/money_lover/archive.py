"""Which export is newest, and where an older one is archived without colliding with another of its day."""

from __future__ import annotations

import re
from datetime import date

from tasks.money_lover.schema import EXPORT_SUFFIXES
from tasks.storage.base import Storage

_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COUNTER = re.compile(r" \((\d+)\)\.[^.]+$")  # `2023-05-14 (2).csv`: the phone's second download that day


def export_day(name: str, modified: date) -> date:
    """The day an export was made: from its name (`MoneyLover-2026-11-20.csv`), else when it was stored."""
    match = _DATE_IN_NAME.search(name.rsplit("/", 1)[-1])
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    return modified


def export_counter(name: str) -> int:
    """The ` (N)` a phone adds to a download whose name is taken, 0 without one."""
    match = _COUNTER.search(name)
    return int(match.group(1)) if match else 0


def exports_oldest_first(storage: Storage, folder: str) -> list[tuple[str, date]]:
    """Export files in `folder` with their day, oldest first (same day: by ` (N)` counter, modification time, name)."""
    found = []
    for path in storage.list(f"{folder}/*"):
        if path.lower().endswith(EXPORT_SUFFIXES):
            meta = storage.metadata(path)
            found.append((export_day(path, meta.modified.date()), export_counter(path), meta.modified, path))
    return [(path, day) for day, _, _, path in sorted(found)]


def archive_path(folder: str, day: date, taken: set[str]) -> str:
    """`{folder}/{YYYY}/{YYYY-MM-DD}.parquet`, or `..._2.parquet`, `_3`... when that name is taken."""
    base = f"{folder}/{day.year}/{day.isoformat()}"
    candidate, n = f"{base}.parquet", 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}.parquet"
    return candidate
