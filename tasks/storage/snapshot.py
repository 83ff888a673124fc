"""A run-long snapshot of every file's metadata under a storage root, from one listing.

With it, "does this exist / is it unchanged" costs no API call; the run's own writes keep it current.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from tasks.storage.base import FileMeta

# Exists (copied or moved there during the run) but its metadata has not been fetched yet.
UNKNOWN = object()
# Small files the run wrote or read are kept, so reading them again (the index reads the run records
# just written, a report reads the table its extract step wrote) costs no download.
MAX_KEPT_FILE_BYTES = 1024 * 1024
MAX_KEPT_BYTES = 8 * 1024 * 1024


class TreeSnapshot:
    """Metadata keyed by lower-cased path, as Dropbox paths are case-insensitive.

    A path missing from the snapshot does not exist. Changes made by others during the run are not
    seen; Dropbox still refuses a write whose expected revision is stale, so no change is lost.
    """

    def __init__(self, metas: Iterable[FileMeta]):
        self._files: dict[str, FileMeta | object] = {m.path.lower(): m for m in metas}
        self._display: dict[str, str] = {m.path.lower(): m.path for m in self._files.values()}
        self._kept: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, path: str) -> FileMeta | object | None:
        """The file's metadata, None when it does not exist, or UNKNOWN: ask the backend."""
        with self._lock:
            return self._files.get(path.lower())

    def put(self, path: str, meta: FileMeta | object, data: bytes | None = None) -> None:
        """Record a file's metadata and, when small and `data` is its content, the content too."""
        key = path.lower()
        with self._lock:
            self._files[key] = meta
            self._display[key] = path
            self._kept.pop(key, None)
            room = MAX_KEPT_BYTES - sum(map(len, self._kept.values()))
            if data is not None and meta is not UNKNOWN and len(data) <= min(MAX_KEPT_FILE_BYTES, room):
                self._kept[key] = data

    def content(self, path: str) -> tuple[bytes, FileMeta] | None:
        """A kept file's bytes and metadata, or None: read it from the backend."""
        key = path.lower()
        with self._lock:
            data, meta = self._kept.get(key), self._files.get(key)
        return (data, meta) if data is not None and isinstance(meta, FileMeta) else None

    def forget(self, path: str) -> None:
        """The file exists but changed behind the snapshot (a copy or move target)."""
        self.put(path, UNKNOWN)

    def remove(self, path: str) -> None:
        with self._lock:
            self._files.pop(path.lower(), None)
            self._display.pop(path.lower(), None)
            self._kept.pop(path.lower(), None)

    def paths(self, prefix: str) -> list[str]:
        """Every file under folder `prefix` ("" for the whole tree), at any depth."""
        start = f"{prefix.lower()}/" if prefix else ""
        with self._lock:
            return [self._display[k] for k in self._files if k.startswith(start)]
