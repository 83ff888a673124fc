"""The benchmark's local servers: the Dropbox (and Sheets) emulators and a `prefect server start`.

Each is its own process on 127.0.0.1, started and stopped by the benchmark; nothing leaves the machine.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.emulators.standalone import REPO, standalone_emulator

# Every emulator the household's subflows talk to, when it exists in the repo: module, and the
# environment that points the pipeline at it ({url} is filled in). Kraken's key and secret are the
# emulator's own published test values, not credentials.
EMULATORS = {
    "dropbox": ("tests.emulators.dropbox_api", {"VTASKS_STORAGE": "dropbox", "VTASKS_DROPBOX_API_URL": "{url}"}),
    "sheets": ("tests.emulators.sheets_api", {"VTASKS_SHEETS": "gspread", "VTASKS_SHEETS_API_URL": "{url}"}),
    "coingecko": (
        "tests.emulators.coingecko_api",
        {"VTASKS_CRYPTOS__COINGECKO_URL": "{url}", "VTASKS_CRYPTOS__SOURCE": "live"},
    ),
    "kraken": ("tests.emulators.kraken_api", {"VTASKS_CRYPTOS__KRAKEN_URL": "{url}"}),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url: str, body: dict | None = None, timeout: float = 10.0):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method="GET" if data is None else "POST", headers={"Content-Type": "application/json"}
    )
    # The servers are local; the machine's proxy settings are meant for the outside world.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=timeout) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@contextmanager
def emulators(latency_ms: float):
    """Start every emulator that exists; yield ({name: url}, environment pointing the pipeline at them)."""
    with ExitStack() as stack:
        urls, env = {}, {}
        for name, (module, settings) in EMULATORS.items():
            if available(module):
                urls[name] = stack.enter_context(standalone_emulator(module, "--latency-ms", f"{latency_ms:g}"))
                env.update({k: v.format(url=urls[name]) for k, v in settings.items()})
        if "kraken" in urls:
            from tests.emulators.kraken_api import KRAKEN_KEY, KRAKEN_SECRET

            env.update(KRAKEN_API_KEY=KRAKEN_KEY, KRAKEN_API_SECRET=KRAKEN_SECRET)
        yield urls, env


@contextmanager
def prefect_server(home: Path, log_path: Path, database_url: str | None = None, timeout_s: float = 180.0):
    """`prefect server start` with its own PREFECT_HOME on a free port, on `database_url` (else SQLite in
    PREFECT_HOME); yield its API URL."""
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_UI_ENABLED": "false",
    }
    for name in ("PREFECT_API_URL", "PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL"):
        env.pop(name, None)
    if database_url:
        env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = database_url
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"prefect server exited with {process.returncode}; see {log_path}")
            try:
                http_json(f"{api_url}/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"prefect server not healthy after {timeout_s:g}s; see {log_path}") from None
                time.sleep(0.3)
        yield api_url
    finally:
        # The server runs uvicorn and its services in child processes: stop the whole group we started.
        stop_group(process)


def stop_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
