"""Local-folder storage: atomic writes (temp file, fsync, rename) under a root directory."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG

from tasks.storage.base import ConflictError, FileMeta, NotFoundError, Storage, StorageError
from tasks.storage.content_hash import content_hash, file_content_hash
from tasks.storage.paths import TOP, is_absolute

# A file's hash is reused while its inode, size, mtime and ctime stay the same, but only when it was taken
# after the mtime was this old: a same-size rewrite within one timestamp tick would otherwise go unseen
# (git's "racily clean" rule). Newer files are hashed again on each metadata call, as before.
SETTLED_NS = 2_000_000_000


class LocalStorage(Storage):
    """Files under `root` on disk. Revisions are the file's nanosecond mtime and size.

    The folder stands for the top of a Dropbox: `/Docs/Legal/x.pdf` is `<root>/Docs/Legal/x.pdf`, and
    relative paths are under it too (as on Dropbox with `VTASKS_DROPBOX_ROOT=/`)."""

    name = "local"

    def __init__(self, root: str | Path):
        super().__init__()
        self.root = Path(root).expanduser().resolve()
        self._hashes: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        self._hashes_lock = threading.Lock()

    def describe(self, path: str = "") -> str:
        return str(self._full(path)) if path else str(self.root)

    def _full(self, path: str) -> Path:
        return self.root / path.lstrip("/")  # never the machine's own `/`

    def _read(self, path: str) -> tuple[bytes, FileMeta]:
        full = self._full(path)
        try:
            before = full.stat()
            data = full.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFoundError("read", path, f"no such file in {self.root}") from None
        stat = full.stat()
        digest = content_hash(data)
        if _stat_key(stat) == _stat_key(before):
            self._keep_hash(path, stat, digest)
        return data, self._meta_of(path, stat, digest)

    def _write(self, path: str, data: bytes, expected_rev: str | None) -> FileMeta:
        full = self._full(path)
        full.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target so the rename stays on one filesystem and is atomic.
        fd, tmp = tempfile.mkstemp(prefix=f".{full.name}.", suffix=".tmp", dir=full.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if expected_rev is not None:
                current = self._meta(path)
                if current is None or current.rev != expected_rev:
                    raise ConflictError("write", path, "the file changed since it was read; not overwritten")
            os.replace(tmp, full)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(full.parent)
        return self._stat_meta(path, full, content_hash(data))

    def _meta(self, path: str) -> FileMeta | None:
        full = self._full(path)
        try:
            stat = full.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not S_ISREG(stat.st_mode):
            return None
        key = _stat_key(stat)
        with self._hashes_lock:
            known = self._hashes.get(path)
        if known is not None and known[0] == key:
            return self._meta_of(path, stat, known[1])
        try:
            digest = file_content_hash(full)  # a block at a time: never the whole file in memory to hash it
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        after = full.stat()
        if _stat_key(after) == key:
            self._keep_hash(path, after, digest)
        return self._meta_of(path, after, digest)

    def _keep_hash(self, path: str, stat: os.stat_result, digest: str) -> None:
        with self._hashes_lock:
            if time.time_ns() - stat.st_mtime_ns > SETTLED_NS:
                self._hashes[path] = (_stat_key(stat), digest)
            else:
                self._hashes.pop(path, None)

    def _list(self, prefix: str, recursive: bool = True) -> list[str]:
        base = self.root if prefix in ("", TOP) else self._full(prefix)
        if not base.is_dir():
            return []
        lead = "/" if is_absolute(prefix) else ""
        return [
            lead + p.relative_to(self.root).as_posix()
            for p in (base.rglob("*") if recursive else base.iterdir())
            if p.is_file() and not p.name.startswith(".")
        ]

    def _copy(self, src: str, dst: str) -> None:
        self._write(dst, self._read(src)[0], None)

    def _move(self, src: str, dst: str) -> None:
        source, target = self._full(src), self._full(dst)
        if not source.is_file():
            raise NotFoundError("move", src, "no such file")
        if target.exists():
            raise ConflictError("move", dst, "the target already exists")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)

    def _delete(self, path: str) -> None:
        full = self._full(path)
        try:
            full.unlink()
        except FileNotFoundError:
            raise NotFoundError("delete", path, "no such file") from None
        except IsADirectoryError:
            raise StorageError("delete", path, "is a folder, expected a file") from None

    @staticmethod
    def _stat_meta(path: str, full: Path, digest: str) -> FileMeta:
        return LocalStorage._meta_of(path, full.stat(), digest)

    @staticmethod
    def _meta_of(path: str, stat: os.stat_result, digest: str) -> FileMeta:
        modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC).replace(microsecond=0)
        return FileMeta(path, stat.st_size, modified, digest, f"{stat.st_mtime_ns:x}{stat.st_size:08x}")


def _stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def _fsync_dir(folder: Path) -> None:
    """Persist the rename itself; without it a crash can forget the new directory entry."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
