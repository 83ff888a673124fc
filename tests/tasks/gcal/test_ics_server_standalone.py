"""The ICS server as its own process (`python -m tests.emulators.ics_server`), reached by the real client."""

import time

from pydantic import SecretStr

from tasks.gcal.feeds import HttpFeeds
from tasks.retry import RetryPolicy
from tests.emulators.ics_server import SECRET
from tests.emulators.standalone import standalone_emulator
from tests.tasks.gcal.samples import CALL, feed


def test_standalone_server_serves_feeds_with_latency(tmp_path):
    (tmp_path / "Side projects.ics").write_bytes(feed(CALL))
    with standalone_emulator("tests.emulators.ics_server", "--dir", str(tmp_path), "--latency-ms", "300") as base:
        url = f"{base}/calendar/ical/Side%20projects/{SECRET}/basic.ics"  # the only token it knows
        clock = time.monotonic()
        got = HttpFeeds(RetryPolicy(timeout_s=5, retries=0)).fetch("Side projects", SecretStr(url))
        assert got.body == feed(CALL) and time.monotonic() - clock >= 0.3
        assert (
            HttpFeeds(RetryPolicy(timeout_s=5, retries=0)).fetch("Side projects", SecretStr(url), etag=got.etag).body
            is None
        )
