"""The storage interface every subflow uses: bytes, text and parquet at `/`-separated paths.

Relative paths are under the storage root; absolute ones (leading `/`) anywhere in it (tasks/storage/paths.py).
"""

from __future__ import annotations

import contextlib
import contextvars
import posixpath
import threading
from abc import ABC, abstractmethod
from collections import Counter

import pandas as pd

from tasks.storage.batch import refuse_duplicates, run_each
from tasks.storage.content_hash import content_hash
from tasks.storage.files import ConflictError, FileMeta, NotFoundError, StorageError, WriteResult, normalize_path
from tasks.storage.listings import ListedFolders
from tasks.storage.parquet import parquet_frame
from tasks.storage.paths import PathError, glob_match, is_absolute, pattern_folder

# The subflow writing now: uploads to absolute paths (outside its own folder) are counted to it.
_COUNTED_FOR: contextvars.ContextVar[str | None] = contextvars.ContextVar("vtasks_counted_for", default=None)


@contextlib.contextmanager
def counted_for(name: str):
    """Count uploads to absolute paths made inside this block (and its batches) to subflow `name`."""
    token = _COUNTED_FOR.set(name)
    try:
        yield
    finally:
        _COUNTED_FOR.reset(token)


class Storage(ListedFolders, ABC):
    """A folder of files addressed by relative paths, with skip-unchanged writes and counters.

    Backends implement the `_`-prefixed primitives; the public methods add path checks,
    content-hash comparison and per-folder counts of uploads and skips.
    """

    name = "storage"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.uploads: Counter[str] = Counter()
        self.skips: Counter[str] = Counter()
        self._snapshot = None  # a TreeSnapshot once cache_listings() ran
        self._listing_locks: dict[tuple[str, bool], threading.Lock] = {}

    # -- primitives for backends -------------------------------------------------------------
    @abstractmethod
    def _read(self, path: str) -> tuple[bytes, FileMeta]: ...

    @abstractmethod
    def _write(self, path: str, data: bytes, expected_rev: str | None) -> FileMeta: ...

    @abstractmethod
    def _meta(self, path: str) -> FileMeta | None: ...

    @abstractmethod
    def _list(self, prefix: str, recursive: bool = True) -> list[str]: ...

    @abstractmethod
    def _copy(self, src: str, dst: str) -> None: ...

    @abstractmethod
    def _move(self, src: str, dst: str) -> None: ...

    @abstractmethod
    def _delete(self, path: str) -> None: ...

    def _list_meta(self, folder: str, recursive: bool) -> list[FileMeta] | None:
        """Every file's metadata in `folder` (and its subfolders) in one listing, or None where not cheaper."""
        return None

    @abstractmethod
    def describe(self, path: str = "") -> str:
        """A human-readable location (folder path or Dropbox URL-ish) for messages."""

    def _root_place(self) -> str:
        """Where relative paths live in the namespace absolute paths address ("" for its top)."""
        return ""

    # -- public API --------------------------------------------------------------------------
    def place(self, path: str) -> str:
        """The path's absolute place: `/vtasks/a/b` for `a/b` under a Dropbox root `/vtasks`."""
        path = normalize_path(path)
        return path if is_absolute(path) else f"{self._root_place()}/{path}"

    def link(self, from_path: str, to_path: str) -> str:
        """A relative link from the page at `from_path` to `to_path`, wherever each lives."""
        return posixpath.relpath(self.place(to_path), posixpath.dirname(self.place(from_path)))

    def read_bytes(self, path: str) -> bytes:
        return self.read_with_meta(path)[0]

    def read_with_rev(self, path: str) -> tuple[bytes, str]:
        """Read a file and the revision to pass back to `write_bytes(expected_rev=...)`."""
        data, meta = self.read_with_meta(path)
        return data, meta.rev

    def read_with_meta(self, path: str) -> tuple[bytes, FileMeta]:
        path = normalize_path(path)
        cached = self._snapshot.content(path) if self._snapshot else None
        if cached is not None:
            return cached
        data, meta = self._read(path)
        self._remember(path, meta, data)
        return data, meta

    def write_bytes(self, path: str, data: bytes, *, expected_rev: str | None = None) -> WriteResult:
        """Write atomically; skip when the stored content hash already equals the new one.

        With `expected_rev`, the write fails with ConflictError if the file changed since read.
        """
        path = normalize_path(path)
        current = self._known_meta(path)
        if current is not None and current.content_hash == content_hash(data):
            self._remember(path, current, data)
            self._count(self.skips, path)
            return WriteResult(path, False, current)
        if expected_rev is not None and (current is None or current.rev != expected_rev):
            raise ConflictError("write", path, "the file changed since it was read; not overwritten")
        try:
            meta = self._write(path, data, expected_rev)
        except ConflictError:
            if self._snapshot:  # another process wrote it: the next read must ask the backend
                self._snapshot.forget(path)
            raise
        self._remember(path, meta, data)
        self._count(self.uploads, path)
        return WriteResult(path, True, meta)

    def write_many(self, files: dict[str, bytes], workers: int | None = None) -> list[WriteResult]:
        """`write_bytes` for each file, `workers` at a time; results in the order of `files`.

        Each file keeps every guarantee of `write_bytes` (atomic, skipped when unchanged, counted). Once a
        file fails no further file is started, as a loop of `write_bytes` would stop: files in flight
        finish, then `batch.BatchError` names every failed path (a batch of one raises that file's own error).
        A caller's own "all done" marker (a state file) therefore goes after `write_many` returns.
        """
        refuse_duplicates(files)
        done = run_each("write", list(files), lambda path: self.write_bytes(path, files[path]), workers)
        return [done[path] for path in files]

    def read_text(self, path: str) -> str:
        return self.read_bytes(path).decode("utf-8")

    def write_text(self, path: str, text: str, **kwargs) -> WriteResult:
        return self.write_bytes(path, text.encode("utf-8"), **kwargs)

    def read_parquet(
        self, path: str, columns: list[str] | None = None, categorical: list[str] | None = None
    ) -> pd.DataFrame:
        return parquet_frame(self.read_bytes(path), columns, categorical)

    def exists(self, path: str) -> bool:
        return self._known_meta(normalize_path(path)) is not None

    def metadata(self, path: str) -> FileMeta:
        path = normalize_path(path)
        meta = self._known_meta(path)
        if meta is None:
            raise NotFoundError("metadata", path, "no such file")
        return meta

    def list(self, pattern: str = "*") -> list[str]:
        """Files whose path matches a glob (`vbooks/*.parquet`, `/Docs/Legal/**` for any depth), sorted."""
        try:
            folder = pattern_folder(pattern)
        except PathError as error:
            raise StorageError("list", pattern, str(error)) from None
        if self._snapshot is not None and self._ensure_listed(folder):
            found = self._snapshot.paths(folder.path)
        else:
            found = self._list(folder.path, folder.recursive)
        return sorted(p for p in found if glob_match(p, pattern))

    def copy(self, src: str, dst: str) -> None:
        src, dst = normalize_path(src), normalize_path(dst)
        self._copy(src, dst)
        if self._snapshot:
            self._snapshot.forget(dst)

    def move(self, src: str, dst: str) -> None:
        src, dst = normalize_path(src), normalize_path(dst)
        self._move(src, dst)
        if self._snapshot:
            self._snapshot.remove(src)
            self._snapshot.forget(dst)

    def delete(self, path: str) -> None:
        path = normalize_path(path)
        self._delete(path)
        if self._snapshot:
            self._snapshot.remove(path)

    def counts(self, folder: str) -> dict[str, int]:
        """Uploads and skips so far under a top-level folder (one subflow's outputs)."""
        return {"uploads": self.uploads[folder], "skips": self.skips[folder]}

    def _count(self, counter: Counter, path: str) -> None:
        owner = _COUNTED_FOR.get() if is_absolute(path) else None
        with self._lock:
            counter[owner or (path.split("/", 1)[0] if "/" in path else "")] += 1
