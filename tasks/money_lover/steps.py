"""Prefect task of the money_lover subflow: archive older exports, turn the newest into transactions."""

from __future__ import annotations

import hashlib
import json

from config.money_lover import MoneyLoverSettings
from tasks.money_lover.archive import archive_path, exports_oldest_first
from tasks.money_lover.parse import export_frame, typed_export
from tasks.money_lover.schema import COL_DATE, TRANSACTIONS_HISTORY
from tasks.money_lover.transform import transactions_table
from tasks.run.history_guard import Guard
from tasks.run.outputs import write_tables, written_warnings
from tasks.run.step import step
from tasks.storage.base import Storage
from tasks.storage.content_hash import content_hash
from tasks.storage.parquet import parquet_bytes


def _transactions(storage: Storage, path: str, cfg: MoneyLoverSettings):
    return transactions_table(typed_export(export_frame(storage.read_bytes(path), path), path), cfg.excluded_categories)


@step("money_lover.extract")
def extract_transactions(storage: Storage, cfg: MoneyLoverSettings, guard: Guard | None = None) -> dict:
    """Archive older exports, then write the newest one's transactions; skip when it was already processed.

    Every export is parsed before anything is written, so a bad file overwrites and archives nothing; an
    export that would lose stored transactions (cut short, header only) is refused before anything is archived.
    """
    exports = exports_oldest_first(storage, cfg.exports_folder)
    if not exports:
        return {
            "rows": 0,
            "files": [],
            "newest": None,
            "reports": [],
            "warnings": [f"no Money Lover export in {storage.describe(cfg.exports_folder)}; nothing processed"],
        }
    newest, older = exports[-1][0], exports[:-1]
    digest = hashlib.sha256(
        json.dumps([storage.metadata(newest).content_hash, sorted(cfg.excluded_categories)]).encode()
    ).hexdigest()
    state = json.loads(storage.read_text(cfg.paths.state)) if storage.exists(cfg.paths.state) else {}
    current = state.get("digest") == digest and storage.exists(cfg.paths.transactions)
    table = None if current else _transactions(storage, newest, cfg)
    archives = _archive_payloads(storage, cfg, older)
    files, warnings = [], []
    if table is not None:  # checked before archiving: a refused export leaves the exports folder as it was
        path = cfg.paths.transactions
        written = write_tables(storage, {path: table}, {path: TRANSACTIONS_HISTORY}, guard)
        warnings = written_warnings(written)
    for target, data, source in archives:
        storage.write_bytes(target, data)  # skipped when identical: a retry after a crash re-archives nothing
        storage.delete(source)
        files.append(target)
    if table is not None:
        files += [w.path for w in written]
        newest_day = None if table.empty else table[COL_DATE].max().date().isoformat()
        state = {"digest": digest, "export": newest, "rows": len(table), "newest": newest_day}
        storage.write_text(cfg.paths.state, json.dumps(state, indent=2))
    return {
        "rows": state["rows"],
        "files": files or [cfg.paths.transactions],
        "newest": state["newest"],
        "reports": [],
        "warnings": warnings,
        "processed": table is not None,
        "archived": [a[0] for a in archives],
    }


def _archive_payloads(storage: Storage, cfg: MoneyLoverSettings, older) -> list[tuple[str, bytes, str]]:
    """(archive path, parquet bytes, export path) for each older export, all parsed before any write."""
    stored = storage.list(f"{cfg.archive_folder}/**")
    taken = set(stored)
    payloads = []
    for path, day in older:
        data = parquet_bytes(_transactions(storage, path, cfg))
        same = [
            p
            for p in stored
            if p.startswith(f"{cfg.archive_folder}/{day.year}/{day.isoformat()}")
            and storage.metadata(p).content_hash == content_hash(data)
        ]
        target = same[0] if same else archive_path(cfg.archive_folder, day, taken)
        taken.add(target)
        payloads.append((target, data, path))
    return payloads
