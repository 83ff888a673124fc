"""glibc allocator settings for a 512 MB dyno: few arenas, and freed pages handed back between subflows."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

# glibc mallopt parameters: the MALLOC_*_ environment variables are read only at process start.
M_ARENA_MAX, M_MMAP_THRESHOLD, M_TRIM_THRESHOLD = -8, -3, -1


def _libc():
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None  # not glibc (macOS, musl): nothing to tune


def limit_malloc_arenas(arenas: int = 2, mmap_threshold: int = 256 * 1024) -> None:
    """Cap glibc malloc arenas (one per thread by default, each holding on to freed pages), and give
    blocks from `mmap_threshold` up their own mappings: freed, they go straight back to the OS instead
    of leaving holes in the heap (glibc otherwise raises the threshold after each large free)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_ARENA_MAX, arenas)
        libc.mallopt(M_MMAP_THRESHOLD, mmap_threshold)
        libc.mallopt(M_TRIM_THRESHOLD, 2 * mmap_threshold)


def release_freed_memory() -> None:
    """Return free heap pages to the OS, so the next subflow starts from a lower floor.

    A finished subflow's frames are freed, but glibc keeps their pages in whichever arena served them:
    a subflow on another thread then grows the process instead of reusing them. (No `gc.collect()`:
    a full collection over a quarter of a million objects holds the GIL for about 0.2 s.)
    """
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def released_between(items: Iterable[T]) -> Iterator[T]:
    """Each item, with freed pages handed back before it and after the last: a step that parses one large input
    after another (gcal's feeds) then adds each to a low floor instead of to the last one's leftovers."""
    for item in items:
        release_freed_memory()
        yield item
    release_freed_memory()


def freeze_imported_objects() -> None:
    """Move every object alive now (modules, classes: what imports made) out of the collector's sight.

    They live as long as the process anyway; without this every full collection during the run
    walks them all again.
    """
    gc.collect()
    gc.freeze()
