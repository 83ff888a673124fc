"""The run-long folder listings behind Storage: each folder listed once, then checks in it cost no call."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from tasks.storage.files import FileMeta, StorageError, normalize_path
from tasks.storage.paths import Folder, covers, glob_match, merged_folders, parent, pattern_folder
from tasks.storage.snapshot import MAX_KEPT_FILE_BYTES, UNKNOWN, TreeSnapshot

# Folders listed at once by `prefetch`: a run's folders (about two dozen) in one round trip. Listings
# are reads: Dropbox's per-namespace write lock, which keeps batches of writes to 8, does not apply.
LIST_WORKERS = 24
# Small files read ahead at once by `read_ahead` (run and report records: a few hundred bytes each).
READ_AHEAD_WORKERS = 16
READ_AHEAD_MAX_BYTES = 64 * 1024


def holds(listing: Folder, need: Folder) -> bool:
    """Whether `listing` holds every file the listing `need` would."""
    return covers(listing, need.path) and (listing.recursive or not need.recursive)


class ListedFolders:
    """Mixed into Storage: `_snapshot` (a TreeSnapshot while listings are cached), `_list_meta`, `_meta`."""

    _snapshot = None
    lists_metadata = False  # whether one listing gives every file's metadata (worth caching for a run)

    def cache_listings(self) -> None:
        """For one run: each folder is listed once, when first used or `prefetch`ed, and existence and
        unchanged checks in it cost no call. The run's own writes keep it current; others' changes show
        in the next run. Without listings that carry metadata (local storage) this does nothing."""
        self._snapshot = TreeSnapshot() if self.lists_metadata else None

    def prefetch(self, folders: Iterable[Folder], read_ahead: Iterable[str] = ()) -> None:
        """List the folders not listed yet, several at once, then `read_ahead` each folder named there
        (as soon as its listing is in). A folder that cannot be listed is left to be asked file by file,
        which fails where it should."""
        if self._snapshot is None:
            return
        todo = [f for f in merged_folders(folders) if not self._snapshot.lists(f.path, f.recursive)]
        ahead = {pattern: pattern_folder(pattern) for pattern in read_ahead}
        # Each pattern is read as soon as the listing that holds its files is in, beside the other listings.
        chained = {p: f for p, need in ahead.items() for f in todo if holds(f, need)}

        def list_folder(folder: Folder) -> None:
            if self._listed_quietly(folder):
                for pattern in [p for p, f in chained.items() if f == folder]:
                    self.read_ahead(pattern)

        with ThreadPoolExecutor(max(1, min(LIST_WORKERS, len(todo))), thread_name_prefix="storage-list") as pool:
            for folder in todo:
                pool.submit(contextvars.copy_context().run, list_folder, folder)
        for pattern in ahead:
            if pattern not in chained:
                self.read_ahead(pattern)

    def read_ahead(self, pattern: str) -> None:
        """`read_ahead_files` for the small files the listings show matching a glob (`_state/runs/*`)."""
        if self._snapshot is not None:
            found = self._snapshot.paths(pattern_folder(pattern).path)
            self.read_ahead_files([p for p in found if glob_match(p, pattern)], READ_AHEAD_MAX_BYTES)

    def read_ahead_files(self, paths: Iterable[str], max_bytes: int | None = None) -> None:
        """Download, several at once, the files among `paths` known to exist and small enough to keep,
        so reading them one after another later costs no call. A file that cannot be read now is left
        to be read, and fail, where it is used."""
        if self._snapshot is None:
            return
        limit = min(max_bytes or MAX_KEPT_FILE_BYTES, MAX_KEPT_FILE_BYTES)
        todo = [
            p
            for p in map(normalize_path, paths)
            if self._snapshot.content(p) is None and getattr(self._snapshot.get(p), "size", limit + 1) <= limit
        ]

        def read_quietly(path: str) -> None:
            try:
                self.read_with_meta(path)
            except StorageError:
                pass

        if len(todo) == 1:
            return read_quietly(todo[0])
        with ThreadPoolExecutor(max(1, min(READ_AHEAD_WORKERS, len(todo))), thread_name_prefix="storage-read") as pool:
            for path in todo:
                pool.submit(contextvars.copy_context().run, read_quietly, path)

    def snapshot_tree(self) -> None:
        """`cache_listings`, then the whole root in one listing (small roots and tests)."""
        self.cache_listings()
        self.prefetch([Folder("", True)])

    def _known_meta(self, path: str) -> FileMeta | None:
        """From the listings when the file's folder was (or now is) listed; from the backend otherwise."""
        if self._snapshot:
            known = self._snapshot.get(path)
            if (
                known is UNKNOWN
                and not self._snapshot.lists(parent(path))
                and self._listed_quietly(Folder(parent(path)))
            ):
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
