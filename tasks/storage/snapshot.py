"""A run-long snapshot of every file's metadata under a storage root, from one listing.

With it, "does this exist / is it unchanged" costs no API call; the run's own writes keep it current.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from tasks.storage.base import FileMeta

# Exists (copied or moved there during the run) but its metadata has not been fetched yet.
UNKNOWN = object()


class TreeSnapshot:
    """Metadata keyed by lower-cased path, as Dropbox paths are case-insensitive.

    A path missing from the snapshot does not exist. Changes made by others during the run are not
    seen; Dropbox still refuses a write whose expected revision is stale, so no change is lost.
    """

    def __init__(self, metas: Iterable[FileMeta]):
        self._files: dict[str, FileMeta | object] = {m.path.lower(): m for m in metas}
        self._display: dict[str, str] = {m.path.lower(): m.path for m in self._files.values()}
        self._lock = threading.Lock()

    def get(self, path: str) -> FileMeta | object | None:
        """The file's metadata, None when it does not exist, or UNKNOWN: ask the backend."""
        with self._lock:
            return self._files.get(path.lower())

    def put(self, path: str, meta: FileMeta | object) -> None:
        with self._lock:
            self._files[path.lower()] = meta
            self._display[path.lower()] = path

    def forget(self, path: str) -> None:
        """The file exists but changed behind the snapshot (a copy or move target)."""
        self.put(path, UNKNOWN)

    def remove(self, path: str) -> None:
        with self._lock:
            self._files.pop(path.lower(), None)
            self._display.pop(path.lower(), None)

    def paths(self, prefix: str) -> list[str]:
        """Every file under folder `prefix` ("" for the whole tree), at any depth."""
        start = f"{prefix.lower()}/" if prefix else ""
        with self._lock:
            return [self._display[k] for k in self._files if k.startswith(start)]
