"""Prefect task of the archive subflow: extract matching zips and move matching documents."""

from __future__ import annotations

from config.archive import ArchiveSettings
from tasks.archive.apply import apply_archive
from tasks.run.step import step
from tasks.storage.base import Storage


@step("archive.move")
def archive_documents(storage: Storage, cfg: ArchiveSettings) -> dict:
    """Apply every rule once; collisions are warnings and leave the file where it is."""
    return apply_archive(storage, cfg)
