"""The emulator as a standalone process: starts, serves the SDK, and is driven over its HTTP control API."""

from __future__ import annotations

import pytest
import requests

from tasks.retry import RetryPolicy
from tasks.storage.dropbox_storage import DropboxStorage
from tests.emulators.standalone import standalone_emulator


@pytest.fixture
def standalone_url():
    with standalone_emulator("tests.emulators.dropbox_api", "--latency-ms", "1") as url:
        yield url


def test_standalone_server_answers_and_exposes_counters(standalone_url):
    storage = DropboxStorage(access_token="t", api_url=standalone_url, policy=RetryPolicy(timeout_s=5, backoff_s=0.01))
    added = requests.post(
        f"{standalone_url}/__emulator__/faults", json={"route": "files/upload", "status": 503, "count": 1}, timeout=5
    )
    assert added.json() == {
        "files/upload": [
            {
                "status": 503,
                "retry_after": None,
                "latency_s": 0.0,
                "drop_connection": False,
                "drop_after": False,
                "count": 1,
            }
        ]
    }
    assert storage.write_text("a/b.txt", "hi").uploaded and storage.read_text("A/B.txt") == "hi"

    counters = requests.get(f"{standalone_url}/__emulator__/counters", timeout=5).json()
    assert counters["routes"]["files/upload"] == 2 and counters["faults_served"] == {"files/upload": 1}
    assert counters["uploads"] == 1 and counters["files"] == 1

    requests.post(f"{standalone_url}/__emulator__/reset", timeout=5).raise_for_status()
    after = requests.get(f"{standalone_url}/__emulator__/counters", timeout=5).json()
    assert after["routes"] == {} and after["files"] == 0 and not storage.exists("a/b.txt")
