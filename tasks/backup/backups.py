"""Backups in storage: dated server-side copies checked by content hash, pruning, mirrors and restores."""

from __future__ import annotations

from datetime import date

from config.backup import BackupSettings, CopyRule
from tasks.backup.naming import BackupEntry, backup_path, backups_glob, parsed_backup, split_path
from tasks.backup.retention import expired_backups
from tasks.storage.base import NotFoundError, Storage, StorageError


def target_files(storage: Storage, cfg: BackupSettings) -> list[str]:
    """Every file a target names, never a backup itself."""
    files = {p for t in cfg.targets for p in storage.list(f"{t.folder.rstrip('/')}/{t.pattern}")}
    return sorted(p for p in files if f"/{cfg.backups_folder}/" not in f"/{p}")


def backups_of(storage: Storage, cfg: BackupSettings, file: str) -> list[BackupEntry]:
    """A file's backups, oldest first."""
    name = split_path(file)[1]
    entries = [parsed_backup(p) for p in storage.list(backups_glob(file, cfg.backups_folder))]
    return sorted((e for e in entries if e is not None and e.name == name), key=lambda e: e.order)


def checked_copy(storage: Storage, src: str, dst: str, expected_hash: str) -> None:
    """Copy (server-side on Dropbox), then make sure the copy holds exactly the source's content."""
    storage.copy(src, dst)
    copied = storage.metadata(dst).content_hash
    if copied != expected_hash:
        raise StorageError(
            "backup", dst, f"the copy's content hash {copied[:12]} differs from {src}'s {expected_hash[:12]}"
        )


def back_up_file(storage: Storage, cfg: BackupSettings, file: str, day: date, time: str) -> str | None:
    """A dated copy of `file` if its content differs from its newest backup; the new backup's path."""
    source_hash = storage.metadata(file).content_hash
    existing = backups_of(storage, cfg, file)
    if existing and storage.metadata(existing[-1].path).content_hash == source_hash:
        return None
    candidates = [backup_path(file, day, cfg.backups_folder)]
    candidates += [backup_path(file, day, cfg.backups_folder, time, serial) for serial in range(0, 100)]
    taken = {e.path.lower() for e in existing}
    target = next(c for c in candidates if c.lower() not in taken and not storage.exists(c))
    checked_copy(storage, file, target, source_hash)
    return target


def prune_backups(storage: Storage, cfg: BackupSettings, file: str, today: date) -> list[str]:
    """Delete the backups retention no longer keeps; return their paths."""
    expired = expired_backups(backups_of(storage, cfg, file), today, cfg.retention.keep_all_days, cfg.retention.monthly)
    for entry in expired:
        storage.delete(entry.path)
    return [e.path for e in expired]


def mirror_file(storage: Storage, rule: CopyRule) -> list[str]:
    """Copy `rule.source` into each folder where the content differs; return the paths written."""
    if not storage.exists(rule.source):
        raise NotFoundError("mirror", rule.source, "the copy rule's source does not exist")
    source_hash = storage.metadata(rule.source).content_hash
    written = []
    for folder in rule.to:
        target = f"{folder.strip('/')}/{split_path(rule.source)[1]}"
        if storage.exists(target) and storage.metadata(target).content_hash == source_hash:
            continue
        checked_copy(storage, rule.source, target, source_hash)
        written.append(target)
    return written


def restore_file(
    storage: Storage, cfg: BackupSettings, file: str, day: date, today: date, time: str
) -> tuple[str, str | None]:
    """Put back the newest backup of `day`, after backing up the current file; (restored from, kept as)."""
    chosen = [e for e in backups_of(storage, cfg, file) if e.day == day]
    if not chosen:
        raise NotFoundError("restore", file, f"no backup from {day.isoformat()}")
    source = chosen[-1].path
    kept = back_up_file(storage, cfg, file, today, time) if storage.exists(file) else None
    checked_copy(storage, source, file, storage.metadata(source).content_hash)
    return source, kept
