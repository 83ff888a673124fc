"""A run-long record of the folders listed so far and their files' metadata.

With it, "does this exist / is it unchanged" costs no API call once the file's folder was listed; the
run's own writes keep it current. Only the folders a run uses are listed, each once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from tasks.storage.files import FileMeta
from tasks.storage.paths import TOP, Folder, covers, is_absolute, parent

# Exists (copied or moved there during the run), or sits in a folder not listed yet: ask the backend.
UNKNOWN = object()
# Small files the run wrote or read are kept, so reading them again (the index reads the run records
# just written, a report reads the table its extract step wrote) costs no download. Past the budget the
# least recently used go first: a full run's hundreds of archived pages, never read back, must not keep
# out the records written after them.
MAX_KEPT_FILE_BYTES = 1024 * 1024
MAX_KEPT_BYTES = 8 * 1024 * 1024


class TreeSnapshot:
    """Metadata keyed by lower-cased path, as Dropbox paths are case-insensitive.

    A path missing from a listed folder does not exist. Changes made by others during the run are not
    seen; Dropbox still refuses a write whose expected revision is stale, so no change is lost.
    """

    def __init__(self, metas: Iterable[FileMeta] = (), listed: Iterable[Folder] = ()):
        self._files: dict[str, FileMeta | object] = {m.path.lower(): m for m in metas}
        self._display: dict[str, str] = {m.path.lower(): m.path for m in self._files.values()}
        self._listed: dict[str, bool] = {f.path.lower(): f.recursive for f in listed}
        self._kept: OrderedDict[str, bytes] = OrderedDict()  # least recently used first
        self._kept_bytes = 0
        self._lock = threading.Lock()

    def lists(self, folder: str, recursive: bool = False) -> bool:
        """Whether a listing so far holds every file of `folder` (and of its subfolders when `recursive`)."""
        with self._lock:
            listed = list(self._listed.items())
        return any(covers(Folder(path, rec), folder) and (rec or not recursive) for path, rec in listed)

    def add_listing(self, folder: Folder, metas: Iterable[FileMeta]) -> None:
        """Record one folder's listing; what the run itself wrote since stays as the run left it."""
        with self._lock:
            for meta in metas:
                key = meta.path.lower()
                known = self._files.get(key)
                if isinstance(known, FileMeta) and known.rev == meta.rev:
                    continue
                self._files[key], self._display[key] = meta, meta.path
                self._drop_kept(key)
            self._listed[folder.path.lower()] = self._listed.get(folder.path.lower(), False) or folder.recursive

    def get(self, path: str) -> FileMeta | object | None:
        """The file's metadata, None when it does not exist, or UNKNOWN: ask the backend."""
        with self._lock:
            if path.lower() in self._files:
                return self._files[path.lower()]
        return None if self.lists(parent(path)) else UNKNOWN

    def put(self, path: str, meta: FileMeta | object, data: bytes | None = None) -> None:
        """Record a file's metadata and, when small and `data` is its content, the content too."""
        key = path.lower()
        with self._lock:
            self._files[key] = meta
            self._display[key] = path
            self._drop_kept(key)
            if data is not None and meta is not UNKNOWN and len(data) <= MAX_KEPT_FILE_BYTES:
                while self._kept and self._kept_bytes + len(data) > MAX_KEPT_BYTES:
                    self._drop_kept(next(iter(self._kept)))
                self._kept[key] = data
                self._kept_bytes += len(data)

    def content(self, path: str) -> tuple[bytes, FileMeta] | None:
        """A kept file's bytes and metadata, or None: read it from the backend."""
        key = path.lower()
        with self._lock:
            data, meta = self._kept.get(key), self._files.get(key)
            if data is not None:
                self._kept.move_to_end(key)
        return (data, meta) if data is not None and isinstance(meta, FileMeta) else None

    def forget(self, path: str) -> None:
        """The file exists but changed behind the snapshot (a copy or move target)."""
        self.put(path, UNKNOWN)

    def remove(self, path: str) -> None:
        with self._lock:
            self._files[path.lower()] = None  # known gone, even in a folder not listed
            self._display.pop(path.lower(), None)
            self._drop_kept(path.lower())

    def _drop_kept(self, key: str) -> None:
        """Forget a kept file's bytes (the lock held)."""
        self._kept_bytes -= len(self._kept.pop(key, b""))

    def paths(self, folder: str) -> list[str]:
        """Every existing file under `folder` ("" the root, TOP the top), at any depth."""
        with self._lock:
            keys = [k for k, v in self._files.items() if v is not None]
            if folder == "":
                return [self._display[k] for k in keys if not is_absolute(k)]
            start = "/" if folder == TOP else f"{folder.lower()}/"
            return [self._display[k] for k in keys if k.startswith(start)]
