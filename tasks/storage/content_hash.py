"""Dropbox's content hash, so local files and Dropbox files compare equal without a download."""

import hashlib
from collections.abc import Iterable
from pathlib import Path

BLOCK_SIZE = 4 * 1024 * 1024


def blocks_hash(blocks: Iterable[bytes | memoryview]) -> str:
    """SHA-256 over the concatenated SHA-256 digests of 4 MiB blocks, as hex (Dropbox's algorithm)."""
    outer = hashlib.sha256()
    for block in blocks:
        outer.update(hashlib.sha256(block).digest())
    return outer.hexdigest()


def content_hash(data: bytes) -> str:
    view = memoryview(data)
    return blocks_hash(view[start : start + BLOCK_SIZE] for start in range(0, len(view), BLOCK_SIZE))


def file_content_hash(path: Path) -> str:
    """`content_hash` of a file, read a block at a time so it is never whole in memory."""
    with open(path, "rb") as handle:
        return blocks_hash(iter(lambda: handle.read(BLOCK_SIZE), b""))
