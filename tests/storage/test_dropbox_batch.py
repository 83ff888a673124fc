"""DropboxStorage.write_many over the emulator: uploads overlap, reuse pooled connections, survive a retry."""

from __future__ import annotations

import logging
import time

from tasks.storage.batch import DEFAULT_WORKERS

SLOW_S = 0.3  # every upload waits this long in the emulator, so overlap shows in the wall time


def batch(count: int) -> dict[str, bytes]:
    return {f"pages/{i:02d}.html": f"<p>page {i}</p>".encode() for i in range(count)}


def test_uploads_overlap_on_pooled_connections(emu, make_dropbox, caplog):
    storage = make_dropbox()
    emu.add_fault("files/upload", latency_s=SLOW_S, count=2 * DEFAULT_WORKERS)
    files = batch(2 * DEFAULT_WORKERS)
    with caplog.at_level(logging.WARNING, logger="urllib3.connectionpool"):
        started = time.monotonic()
        results = storage.write_many(files)
        elapsed = time.monotonic() - started
    assert all(r.uploaded for r in results) and emu.counts()["uploads"] == len(files)
    # One after another this is 16 x 0.3 s; eight at a time about two rounds.
    assert elapsed < len(files) * SLOW_S / 3, elapsed
    assert not [r for r in caplog.records if "pool is full" in r.getMessage()]


def test_a_transient_failure_inside_a_batch_is_retried(emu, make_dropbox):
    storage = make_dropbox()
    emu.add_fault("files/upload", status=503, count=1)
    files = batch(6)
    assert all(r.uploaded for r in storage.write_many(files, workers=3))
    assert {p: storage.read_bytes(p) for p in files} == files
    assert emu.counts()["routes"]["files/upload"] == 7 and storage.counts("pages") == {"uploads": 6, "skips": 0}


def test_a_batch_after_a_snapshot_asks_nothing_for_unchanged_files(emu, make_dropbox):
    make_dropbox().write_many(batch(5))
    storage = make_dropbox()
    storage.snapshot_tree()
    before = emu.counts()["routes"]
    results = storage.write_many({**batch(5), "pages/new.html": b"new"})
    assert [r.uploaded for r in results] == [False] * 5 + [True]
    after = emu.counts()["routes"]
    assert {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)} == {"files/upload": 1}
