"""Names of dated backups: `<folder>/Backups/<YYYY>/<YYYY_MM_DD>[_HHMMSS][-n] <name>`, built and parsed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

BACKUP_NAME = re.compile(r"^(\d{4})_(\d{2})_(\d{2})(?:_(\d{6}))?(?:-(\d+))? (.+)$")


@dataclass(frozen=True)
class BackupEntry:
    path: str
    day: date
    time: str  # "" for the day's first backup, else HHMMSS of the run that made it
    serial: int  # 0 unless two backups had the same day and time
    name: str

    @property
    def order(self) -> tuple:
        return (self.day, self.time, self.serial)


def split_path(path: str) -> tuple[str, str]:
    """(`folder`, `name`) of a storage path; the folder is "" at the root."""
    folder, _, name = path.rpartition("/")
    return folder, name


def backup_path(file: str, day: date, backups_folder: str, time: str = "", serial: int = 0) -> str:
    folder, name = split_path(file)
    stamp = day.strftime("%Y_%m_%d") + (f"_{time}" if time else "") + (f"-{serial}" if serial else "")
    prefix = f"{folder}/" if folder else ""
    return f"{prefix}{backups_folder}/{day.year:04d}/{stamp} {name}"


def parsed_backup(path: str) -> BackupEntry | None:
    """The entry a backup path describes, None for any other file."""
    match = BACKUP_NAME.match(split_path(path)[1])
    if not match:
        return None
    year, month, day, time, serial, name = match.groups()
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return BackupEntry(path, when, time or "", int(serial or 0), name)


def backups_glob(file: str, backups_folder: str) -> str:
    folder, _ = split_path(file)
    return f"{folder}/{backups_folder}/*/*" if folder else f"{backups_folder}/*/*"


def time_of(generated_at: str) -> str:
    """HHMMSS of an ISO timestamp (the run's start), used to tell apart two backups of one day."""
    return re.sub(r"\D", "", generated_at.split("T", 1)[1])[:6] if "T" in generated_at else "000000"
