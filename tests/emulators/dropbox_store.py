"""In-memory Dropbox namespace for the emulator: case-insensitive paths, revisions, folders and a change log."""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from dataclasses import dataclass, field

BLOCK = 4 * 1024 * 1024


def hash_content(data: bytes) -> str:
    """Dropbox content_hash, written independently of the code under test so the two can disagree."""
    blocks = b"".join(hashlib.sha256(data[i : i + BLOCK]).digest() for i in range(0, len(data), BLOCK))
    return hashlib.sha256(blocks).hexdigest()


def stamp(seconds: float) -> str:
    # The SDK rejects fractional seconds and offsets; only this exact form decodes.
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class PathFailure(Exception):
    """A LookupError/WriteError union value, given as its tag chain, e.g. ("conflict", "file")."""

    def __init__(self, *tags: str):
        super().__init__("/".join(tags))
        self.tags = tags

    def union(self) -> dict:
        value: dict = {".tag": self.tags[-1]}
        for tag in reversed(self.tags[:-1]):
            value = {".tag": tag, tag: value}
        return value


class BadRequest(Exception):
    """A 400 answer with a plain-text body, as Dropbox sends for malformed arguments."""


@dataclass
class File:
    path_display: str
    id: str
    rev: str
    data: bytes
    hash: str
    client_modified: str
    server_modified: str


@dataclass
class Folder:
    path_display: str
    id: str


@dataclass
class Store:
    files: dict[str, File] = field(default_factory=dict)
    folders: dict[str, Folder] = field(default_factory=dict)
    revisions: dict[str, File] = field(default_factory=dict)
    changes: list[tuple[int, str, str]] = field(default_factory=list)
    sessions: dict[str, dict] = field(default_factory=dict)
    cursors: dict[str, dict] = field(default_factory=dict)
    uploads: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    # -- lookups ------------------------------------------------------------------------------
    def next_number(self) -> int:
        return next(self._ids)

    def new_id(self) -> str:
        return "id:" + f"{self.next_number():x}".rjust(22, "A")

    @property
    def seq(self) -> int:
        return self.changes[-1][0] if self.changes else 0

    def resolve(self, path: str) -> str:
        """Return the path_lower of a `/path`, `id:...` or `rev:...` reference (or raise)."""
        if path.startswith("rev:"):
            found = self.revisions.get(path[4:])
            if found is None:
                raise PathFailure("not_found")
            return found.path_display.lower()
        if path.startswith("id:"):
            head, _, rest = path.partition("/")
            for lower, item in itertools.chain(self.files.items(), self.folders.items()):
                if item.id == head:
                    return lower + ("/" + rest.lower() if rest else "")
            raise PathFailure("not_found")
        return check_path(path).lower()

    def lookup(self, path: str) -> File | Folder:
        lower = self.resolve(path)
        if path.startswith("rev:"):
            return self.revisions[path[4:]]
        found = self.files.get(lower) or self.folders.get(lower)
        if found is None:
            raise PathFailure("not_found")
        return found

    # -- writes -------------------------------------------------------------------------------
    def commit(
        self, path: str, data: bytes, mode: dict, *, autorename=False, strict=False, client_modified: str | None = None
    ) -> File:
        """Apply one upload under WriteMode add/overwrite/update semantics; identical content is a no-op."""
        lower = check_path(path).lower()
        self.check_ancestors(lower)
        if lower in self.folders:
            raise PathFailure("conflict", "folder")
        digest, current = hash_content(data), self.files.get(lower)
        if current is not None:
            if current.hash == digest and not strict:
                return current
            tag = mode.get(".tag", "add")
            if tag == "add" or (tag == "update" and mode.get("update") != current.rev):
                if autorename and tag == "add":
                    return self.commit(renamed(path, self), data, mode, client_modified=client_modified)
                raise PathFailure("conflict", "file")
        now = stamp(time.time())
        display = current.path_display if current else self.display_path(path)
        file = File(
            display,
            current.id if current else self.new_id(),
            f"{self.next_number() + 0x1_0000_0000:x}",
            data,
            digest,
            client_modified or now,
            now,
        )
        self.ensure_parents(display)
        self.files[lower] = self.revisions[file.rev] = file
        self.uploads += 1
        self.log_change(lower, display)
        return file

    def check_ancestors(self, lower: str) -> None:
        parts = lower.split("/")
        for i in range(2, len(parts)):
            if "/".join(parts[:i]) in self.files:
                raise PathFailure("conflict", "file_ancestor")

    def display_path(self, path: str) -> str:
        """Keep the case of folders that already exist; Dropbox is case-preserving, not case-changing."""
        parts, out = path.split("/"), []
        for i in range(1, len(parts)):
            existing = self.folders.get("/".join(parts[: i + 1]).lower())
            out.append(existing.path_display.rsplit("/", 1)[1] if existing else parts[i])
        return "/" + "/".join(out)

    def ensure_parents(self, display: str) -> None:
        parts = display.split("/")
        for i in range(2, len(parts)):
            folder = "/".join(parts[:i])
            if folder.lower() not in self.folders:
                self.folders[folder.lower()] = Folder(folder, self.new_id())
                self.log_change(folder.lower(), folder)

    def create_folder(self, path: str) -> Folder:
        lower = check_path(path).lower()
        self.check_ancestors(lower)
        if lower in self.folders:
            raise PathFailure("conflict", "folder")
        if lower in self.files:
            raise PathFailure("conflict", "file")
        display = self.display_path(path)
        self.ensure_parents(display)
        self.folders[lower] = Folder(display, self.new_id())
        self.log_change(lower, display)
        return self.folders[lower]

    def subtree(self, lower: str) -> list[str]:
        return sorted(k for k in (*self.files, *self.folders) if k == lower or k.startswith(lower + "/"))

    def remove(self, lower: str) -> None:
        for key in reversed(self.subtree(lower)):
            item = self.files.pop(key, None) or self.folders.pop(key)
            self.log_change(key, item.path_display)

    def relocate(self, src: str, dst: str, *, keep_source: bool) -> File | Folder:
        """Copy or move a file or folder tree; the target must not exist."""
        try:
            src_lower = self.resolve(src)
            if src_lower not in self.files and src_lower not in self.folders:
                raise PathFailure("not_found")
        except PathFailure as failure:
            raise PathFailure("from_lookup", *failure.tags) from None
        try:
            dst_lower = check_path(dst).lower()
            self.check_ancestors(dst_lower)
        except PathFailure as failure:
            raise PathFailure("to", *failure.tags) from None
        if dst_lower == src_lower or dst_lower.startswith(src_lower + "/"):
            raise PathFailure(
                "cant_move_folder_into_itself" if src_lower in self.folders else "duplicated_or_nested_paths"
            )
        if dst_lower in self.files or dst_lower in self.folders:
            raise PathFailure("to", "conflict", "file" if dst_lower in self.files else "folder")
        display = self.display_path(dst)
        self.ensure_parents(display)
        for key in self.subtree(src_lower):
            new_display = display + (self.files.get(key) or self.folders[key]).path_display[len(src_lower) :]
            if key in self.folders:
                self.folders[new_display.lower()] = Folder(
                    new_display, self.new_id() if keep_source else self.folders[key].id
                )
            else:
                old = self.files[key]
                rev = f"{self.next_number() + 0x1_0000_0000:x}"
                self.files[new_display.lower()] = self.revisions[rev] = File(
                    new_display,
                    self.new_id() if keep_source else old.id,
                    rev,
                    old.data,
                    old.hash,
                    old.client_modified,
                    stamp(time.time()),
                )
            self.log_change(new_display.lower(), new_display)
        if not keep_source:
            self.remove(src_lower)
        return self.files.get(dst_lower) or self.folders[dst_lower]

    def log_change(self, lower: str, display: str) -> None:
        self.changes.append((self.seq + 1, lower, display))


def check_path(path: str) -> str:
    if path == "/":
        raise BadRequest("path: The root folder is unsupported.")
    if not path.startswith("/") or path.endswith(("/", " ")) or "//" in path or "/./" in path or "/../" in path:
        raise PathFailure("malformed_path")
    return path


def renamed(path: str, store: Store) -> str:
    stem, dot, ext = path.rpartition(".")
    stem, ext = (stem, dot + ext) if stem and "/" not in ext else (path, "")
    for n in itertools.count(1):
        candidate = f"{stem} ({n}){ext}"
        if candidate.lower() not in store.files and candidate.lower() not in store.folders:
            return candidate
    raise AssertionError("unreachable")
