"""The ICS server as its own process (`python -m tests.emulators.ics_server`), reached by the real client."""

import re
import subprocess
import sys
import time
from pathlib import Path

from pydantic import SecretStr

from tasks.gcal.feeds import HttpFeeds
from tests.tasks.gcal.samples import CALL, feed

ROOT = Path(__file__).resolve().parents[3]


def test_standalone_server_serves_feeds_with_latency(tmp_path):
    (tmp_path / "Side projects.ics").write_bytes(feed(CALL))
    args = [sys.executable, "-m", "tests.emulators.ics_server", "--dir", str(tmp_path), "--port", "0", "--latency-ms", "300"]
    server = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        base = re.search(r"(http://127\.0\.0\.1:\d+/calendar/ical/)", banner).group(1)
        url = f"{base}Side%20projects/private-x/basic.ics"
        clock = time.monotonic()
        got = HttpFeeds(timeout_s=5, retries=0).fetch("Side projects", SecretStr(url))
        assert got.body == feed(CALL) and time.monotonic() - clock >= 0.3
        assert HttpFeeds(timeout_s=5, retries=0).fetch("Side projects", SecretStr(url), etag=got.etag).body is None
    finally:
        server.terminate()
        server.wait(timeout=10)
