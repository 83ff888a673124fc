"""The run-long folder listings behind Storage: each folder listed once, then checks in it cost no call."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from tasks.storage.files import FileMeta, StorageError
from tasks.storage.paths import Folder, merged_folders, parent
from tasks.storage.snapshot import UNKNOWN, TreeSnapshot

# Folders listed at once by `prefetch`: as many as a batch of writes keeps in flight.
LIST_WORKERS = 8


class ListedFolders:
    """Mixed into Storage: `_snapshot` (a TreeSnapshot while listings are cached), `_list_meta`, `_meta`."""

    _snapshot = None
    lists_metadata = False  # whether one listing gives every file's metadata (worth caching for a run)

    def cache_listings(self) -> None:
        """For one run: each folder is listed once, when first used or `prefetch`ed, and existence and
        unchanged checks in it cost no call. The run's own writes keep it current; others' changes show
        in the next run. Without listings that carry metadata (local storage) this does nothing."""
        self._snapshot = TreeSnapshot() if self.lists_metadata else None

    def prefetch(self, folders: Iterable[Folder]) -> None:
        """List the folders not listed yet, several at once. A folder that cannot be listed is left
        to be asked file by file, which fails where it should."""
        if self._snapshot is None:
            return
        todo = [f for f in merged_folders(folders) if not self._snapshot.lists(f.path, f.recursive)]
        with ThreadPoolExecutor(max(1, min(LIST_WORKERS, len(todo))), thread_name_prefix="storage-list") as pool:
            for folder in todo:
                pool.submit(contextvars.copy_context().run, self._listed_quietly, folder)

    def snapshot_tree(self) -> None:
        """`cache_listings`, then the whole root in one listing (small roots and tests)."""
        self.cache_listings()
        self.prefetch([Folder("", True)])

    def _known_meta(self, path: str) -> FileMeta | None:
        """From the listings when the file's folder was (or now is) listed; from the backend otherwise."""
        if self._snapshot:
            known = self._snapshot.get(path)
            if known is UNKNOWN and not self._snapshot.lists(parent(path)) and self._listed_quietly(Folder(parent(path))):
                known = self._snapshot.get(path)
            if known is not UNKNOWN:
                return known
        meta = self._meta(path)
        self._remember(path, meta)
        return meta

    def _ensure_listed(self, folder: Folder) -> bool:
        """List `folder` unless a listing already covers it; one thread lists, others wait for it."""
        key = (folder.path.lower(), folder.recursive)
        with self._lock:
            lock = self._listing_locks.setdefault(key, threading.Lock())
        with lock:
            if not self._snapshot.lists(folder.path, folder.recursive):
                metas = self._list_meta(folder.path, folder.recursive)
                if metas is None:
                    return False
                self._snapshot.add_listing(folder, metas)
        return True

    def _listed_quietly(self, folder: Folder) -> bool:
        try:
            return self._ensure_listed(folder)
        except StorageError:  # asked file by file later
            return False

    def _remember(self, path: str, meta: FileMeta | None, data: bytes | None = None) -> None:
        if self._snapshot:
            if meta is None:
                self._snapshot.remove(path)
            else:
                self._snapshot.put(path, meta, data)

