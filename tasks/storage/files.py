"""What storage operations return (file metadata, write results) and raise, shared by every backend and batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tasks.storage.paths import PathError
from tasks.storage.paths import normalize_path as _normalize_path


class StorageError(Exception):
    """A storage operation failed; the message names the operation and the path."""

    def __init__(self, operation: str, path: str, reason: str):
        self.operation, self.path, self.reason = operation, path, reason
        super().__init__(f"{operation} '{path}': {reason}")


class NotFoundError(StorageError):
    """The path does not exist."""


class ConflictError(StorageError):
    """The file changed since it was read (or the target exists); nothing was written."""


@dataclass(frozen=True)
class FileMeta:
    """What storage knows about a file. `rev` changes on every write; `content_hash` is Dropbox's."""

    path: str
    size: int
    modified: datetime
    content_hash: str
    rev: str


@dataclass(frozen=True)
class WriteResult:
    """Outcome of a write: `uploaded` is False when identical content was already there."""

    path: str
    uploaded: bool
    meta: FileMeta


def normalize_path(path: str) -> str:
    """The canonical `a/b/c.ext` (under the root) or `/a/b/c.ext` (absolute) form; `..` and empty refused."""
    try:
        return _normalize_path(path)
    except PathError:
        raise StorageError(
            "resolve", str(path), "expected a path like 'folder/file.ext' or '/folder/file.ext'"
        ) from None
