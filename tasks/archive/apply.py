"""Carry out an archive plan: extract zips (deleted only once every member is safely stored), then move."""

from __future__ import annotations

from config.archive import ArchiveSettings
from tasks.archive.plan import Plan, planned_extractions, planned_moves
from tasks.storage.base import ConflictError, Storage, StorageError
from tasks.storage.content_hash import content_hash


def archive_plan(storage: Storage, cfg: ArchiveSettings) -> Plan:
    """Everything a run would do, checked up front: bad rules or zips raise before anything changes."""
    return planned_moves(storage, cfg, planned_extractions(storage, cfg, Plan()))


def apply_archive(storage: Storage, cfg: ArchiveSettings) -> dict:
    """Extract and move; return what was done and the warnings (collisions are left in place)."""
    plan = archive_plan(storage, cfg)
    done, warnings = [], list(plan.warnings)
    for extraction in plan.extractions:
        for target, data in extraction.members.items():
            if storage.exists(target):  # appeared since planning: never overwrite
                warnings.append(f"archive: '{target}' appeared meanwhile; '{extraction.zip_path}' kept")
                extraction.blocked = True
                continue
            written = storage.write_bytes(target, data)
            if written.meta.content_hash != content_hash(data):
                raise StorageError(
                    "extract", target, f"stored content differs from the member of {extraction.zip_path}"
                )
            done.append(target)
        if not extraction.blocked:
            storage.delete(extraction.zip_path)
    # Members just extracted may match move rules too; plan the moves again on the new listing.
    moves = planned_moves(storage, cfg, Plan()) if plan.extractions else plan
    warnings += [w for w in moves.warnings if w not in warnings]
    for move in moves.moves:
        try:
            storage.move(move.source, move.target)
        except ConflictError:
            warnings.append(f"archive: '{move.source}' -> '{move.target}': the target already exists; left in place")
            continue
        done = [d for d in done if d != move.source] + [move.target]
    return {"rows": len(done), "files": done, "warnings": warnings}


def describe_plan(plan: Plan) -> list[str]:
    """One line per action, as `vtasks archive --dry-run` prints them."""
    lines = [f"extract {target}  (from {e.zip_path})" for e in plan.extractions for target in e.members]
    lines += [f"delete {e.zip_path}  (once extracted)" for e in plan.extractions if not e.blocked]
    lines += [f"move {m.source} -> {m.target}  ({m.rule})" for m in plan.moves]
    return lines
