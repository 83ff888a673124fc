"""LocalStorage reuses a settled file's content hash only while the file is unchanged."""

import os
import time

from tasks.storage.content_hash import content_hash
from tasks.storage.local import LocalStorage


def test_metadata_hash_follows_changes_of_settled_and_fresh_files(tmp_path):
    storage = LocalStorage(tmp_path)
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * 10_000_000)
    old = time.time_ns() - 60_000_000_000
    os.utime(path, ns=(old, old))
    assert storage.metadata("a.bin").content_hash == content_hash(path.read_bytes())
    assert storage.metadata("a.bin").content_hash == content_hash(b"x" * 10_000_000)  # from the kept hash

    path.write_bytes(b"y" * 10_000_000)  # same size, new mtime: hashed again
    assert storage.metadata("a.bin").content_hash == content_hash(b"y" * 10_000_000)
    path.write_bytes(b"z" * 10_000_000)  # fresh files are never served from a kept hash
    assert storage.metadata("a.bin").content_hash == content_hash(b"z" * 10_000_000)

    os.utime(path, ns=(old, old))
    assert storage.read_with_meta("a.bin")[1].content_hash == content_hash(b"z" * 10_000_000)
    with open(path, "r+b") as handle:  # rewritten in place, mtime moved back: ctime still differs
        handle.write(b"w")
    time.sleep(0.01)
    os.utime(path, ns=(old, old))
    assert storage.metadata("a.bin").content_hash == content_hash(b"w" + b"z" * 9_999_999)
    assert storage.exists("a.bin") and not storage.exists("b.bin")
