"""Local-folder storage: atomic writes (temp file, fsync, rename) under a root directory."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from tasks.storage.base import ConflictError, FileMeta, NotFoundError, Storage, StorageError
from tasks.storage.content_hash import content_hash


class LocalStorage(Storage):
    """Files under `root` on disk. Revisions are the file's nanosecond mtime and size."""

    name = "local"

    def __init__(self, root: str | Path):
        super().__init__()
        self.root = Path(root).expanduser().resolve()

    def describe(self, path: str = "") -> str:
        return str(self.root / path) if path else str(self.root)

    def _full(self, path: str) -> Path:
        return self.root / path

    def _read(self, path: str) -> tuple[bytes, FileMeta]:
        full = self._full(path)
        try:
            data = full.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise NotFoundError("read", path, f"no such file in {self.root}") from None
        return data, self._stat_meta(path, full, content_hash(data))

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
        if not full.is_file():
            return None
        return self._stat_meta(path, full, content_hash(full.read_bytes()))

    def _list(self, prefix: str) -> list[str]:
        base = self._full(prefix) if prefix else self.root
        if not base.is_dir():
            return []
        return [
            p.relative_to(self.root).as_posix()
            for p in base.rglob("*")
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
        stat = full.stat()
        modified = datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc).replace(microsecond=0)
        return FileMeta(path, stat.st_size, modified, digest, f"{stat.st_mtime_ns:x}{stat.st_size:08x}")


def _fsync_dir(folder: Path) -> None:
    """Persist the rename itself; without it a crash can forget the new directory entry."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
