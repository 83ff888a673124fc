"""The API emulators run standalone (`python -m tests.emulators.<api>`) with HTTP knobs for faults and counters."""

import subprocess
import sys

import pytest
import requests

from tasks.http.client import ApiError, JsonApi, RetryPolicy

MODULES = {
    "coingecko_api": "/api/v3/coins/markets?vs_currency=eur&ids=bitcoin",
    "kraken_api": None,  # POST-only; covered through its faults below
    "indexa_api": None,
}


@pytest.mark.parametrize("module", list(MODULES))
def test_standalone_emulator_serves_faults_and_counters(module):
    proc = subprocess.Popen(
        [sys.executable, "-m", f"tests.emulators.{module}", "--port", "0", "--latency-ms", "5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "emulator listening on http://127.0.0.1:" in line, line
        url = line.rsplit(" ", 1)[1].strip()
        fault = requests.post(f"{url}/__emulator__/faults", json={"path": "/users/me", "status": 503, "count": 2})
        assert fault.json() == {
            "users/me": [
                {
                    "status": 503,
                    "retry_after": None,
                    "latency_s": 0.0,
                    "drop_connection": False,
                    "drop_after": False,
                    "count": 2,
                }
            ]
        }
        api = JsonApi("Emu", url, RetryPolicy(timeout_s=2, retries=1, backoff_s=0))
        with pytest.raises(ApiError, match=r"Emu GET /users/me: failed after 2 attempts; last: HTTP 503"):
            api.get("/users/me")
        if MODULES[module]:
            assert requests.get(url + MODULES[module], timeout=2).json()[0]["id"] == "bitcoin"
        counters = requests.get(f"{url}/__emulator__/counters", timeout=2).json()
        assert counters["calls"]["/users/me"] == 2 and counters["faults_pending"] == {}
        assert requests.post(f"{url}/__emulator__/faults", data="{}", timeout=2).status_code == 400
    finally:
        proc.terminate()
        proc.wait(timeout=10)
