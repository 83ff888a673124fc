"""The cron-script baseline stays honest: every write uploads, and a batch goes one file after another."""

from __future__ import annotations

import time

from tasks.retry import RetryPolicy
from tasks.storage.dropbox_storage import DropboxStorage
from tests.benchmark.naive import always_write
from tests.emulators.dropbox_api import DropboxEmulator

SLOW_S = 0.15


def test_always_write_uploads_a_batch_one_by_one_every_time():
    files = {f"pages/{i}.html": b"same bytes %d" % i for i in range(4)}
    with DropboxEmulator() as emu:
        storage = always_write(
            DropboxStorage("/vtasks", access_token="t", api_url=emu.url, policy=RetryPolicy(retries=0))
        )
        first = storage.write_many(files)
        emu.add_fault("files/upload", latency_s=SLOW_S, count=len(files))
        started = time.monotonic()
        second = storage.write_many(files)
        elapsed = time.monotonic() - started
        calls = emu.counts()["routes"]
    assert all(r.uploaded for r in first + second) and calls["files/upload"] == 2 * len(files)
    assert "files/get_metadata" not in calls  # nothing is compared before writing
    assert storage.counts("pages") == {"uploads": 8, "skips": 0}
    assert elapsed >= len(files) * SLOW_S  # no pool: the waits add up
