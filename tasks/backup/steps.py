"""Prefect tasks of the backup subflow: dated copies of changed targets, retention, mirror copies."""

from __future__ import annotations

from datetime import date

from config.backup import BackupSettings
from tasks.backup.backups import back_up_file, backups_of, mirror_file, prune_backups, target_files
from tasks.backup.naming import time_of
from tasks.run.step import step
from tasks.storage.base import Storage


@step("backup.copy")
def back_up_targets(storage: Storage, cfg: BackupSettings, run_date: date, generated_at: str) -> list[str]:
    """Back up every target whose content changed since its newest backup; return the new backups."""
    time = time_of(generated_at)
    made = [back_up_file(storage, cfg, file, run_date, time) for file in target_files(storage, cfg)]
    return [m for m in made if m]


@step("backup.prune")
def prune_target_backups(storage: Storage, cfg: BackupSettings, run_date: date) -> dict:
    """Apply retention to every target's backups; the backups deleted and the newest backup's day."""
    files = target_files(storage, cfg)
    deleted = [p for file in files for p in prune_backups(storage, cfg, file, run_date)]
    days = [entries[-1].day for file in files if (entries := backups_of(storage, cfg, file))]
    return {"deleted": deleted, "newest": max(days).isoformat() if days else None}


@step("backup.mirror")
def mirror_copies(storage: Storage, cfg: BackupSettings) -> list[str]:
    """Mirror each copy rule's file into its folders where the content differs."""
    return [p for rule in cfg.copies for p in mirror_file(storage, rule)]
