"""Which backups retention removes: all are kept for `keep_all_days`, then the newest of each month."""

from __future__ import annotations

from datetime import date, timedelta

from tasks.backup.naming import BackupEntry


def expired_backups(entries: list[BackupEntry], today: date, keep_all_days: int, monthly: bool) -> list[BackupEntry]:
    """Backups to delete, oldest first. The newest backup of a file is never among them."""
    if not entries:
        return []
    ordered = sorted(entries, key=lambda e: e.order)
    cutoff = today - timedelta(days=keep_all_days)
    newest_per_month = {}
    for entry in ordered:
        newest_per_month[(entry.day.year, entry.day.month)] = entry
    keep = {ordered[-1].path}
    keep |= {e.path for e in ordered if e.day > cutoff}
    if monthly:
        keep |= {e.path for e in newest_per_month.values()}
    return [e for e in ordered if e.path not in keep]
