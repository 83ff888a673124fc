"""What the scale-out tests share: the demo household in an emulated Dropbox, `vtasks` as a subprocess,
the parquet outputs read back, and process groups that are always stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.benchmark.servers import free_port, http_json
from tests.emulators.standalone import REPO

RUN_DATE = "2026-11-22"
BIN = Path(sys.executable).parent
EMULATOR_TOKEN = "scale-out-test-token"  # any bearer token satisfies the emulator; not a credential
# Its input is the run history itself, which differs between any two runs.
NOT_COMPARED = ("vprefect/",)


def pipeline_env(api_url: str, dropbox_url: str, home: Path, **extra: str) -> dict[str, str]:
    """A process of the pipeline (the root, a Dask worker, a pool worker): settings from its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_", "PREFECT_"))}
    env.update(
        PYTHONPATH=str(REPO),
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(home),
        COLUMNS="200",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        VTASKS_STORAGE="dropbox",
        VTASKS_DROPBOX_API_URL=dropbox_url,
        DROPBOX_ACCESS_TOKEN=EMULATOR_TOKEN,
        VTASKS_PROFILE="demo",
        **extra,
    )
    return env


def vtasks(*args: str, env: dict, cwd: Path, timeout: int = 400) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def seed_household(dropbox_url: str, env: dict, cwd: Path) -> None:
    """An empty emulated Dropbox, then the same demo inputs every time."""
    http_json(f"{dropbox_url}/__emulator__/reset", {})
    done = vtasks("demo", "--end", RUN_DATE, env=env, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr


def parquet_outputs(env: dict) -> dict:
    """Every parquet file the run left in the emulated Dropbox, read as a DataFrame (run history aside)."""
    from tasks.storage.dropbox_storage import DropboxStorage

    storage = DropboxStorage("/vtasks", access_token=EMULATOR_TOKEN, api_url=env["VTASKS_DROPBOX_API_URL"])
    paths = [p for p in storage.list("**/*.parquet") if not p.startswith(NOT_COMPARED)]
    return {p: storage.read_parquet(p) for p in paths}


@contextmanager
def process_group(cmd: list[str], env: dict, cwd: Path, log: Path):
    """A process (and whatever it starts) in its own group, stopped however the test ends."""
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield process
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen, grace_s: float = 20.0) -> None:
    """SIGTERM to the whole group, SIGKILL to whatever of it is left after `grace_s`."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        process.poll()
        try:
            os.killpg(process.pid, 0)  # children (Dask nannies, flow-run subprocesses) may outlive the leader
        except ProcessLookupError:
            return
        time.sleep(0.2)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


__all__ = [
    "BIN",
    "RUN_DATE",
    "free_port",
    "parquet_outputs",
    "pipeline_env",
    "process_group",
    "seed_household",
    "vtasks",
]
