"""Dropbox's content hash, so local files and Dropbox files compare equal without a download."""

import hashlib

BLOCK_SIZE = 4 * 1024 * 1024


def content_hash(data: bytes) -> str:
    """SHA-256 over the concatenated SHA-256 digests of 4 MiB blocks, as hex (Dropbox's algorithm)."""
    outer = hashlib.sha256()
    view = memoryview(data)
    for start in range(0, len(view), BLOCK_SIZE):
        outer.update(hashlib.sha256(view[start : start + BLOCK_SIZE]).digest())
    return outer.hexdigest()
