"""Crash suite: a real `vtasks run` killed with SIGKILL at moments spread over the run (as each subflow
starts, and at the root's start), on local storage and on the Dropbox emulator. After each kill no
half-written file is visible, the next run (no manual step) completes within the lease plus its normal
time, the killed run's flow runs are marked Crashed, and the data equals a clean run's.

Each next run waits out its killed run's lease (up to a minute), so the cases run WORKERS at a time, each on a
data location of its own and so with a run lock of its own: the waits overlap.
`python -m pytest -m crash tests/flows/test_crash.py`."""

from __future__ import annotations

import json
import queue
import re
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterParentFlowRunId,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.registry import SUBFLOWS
from tasks.storage.dropbox_storage import DropboxStorage
from tasks.storage.local import LocalStorage
from tests.emulators.standalone import standalone_emulator
from tests.flows.crash import LEASE_S, cli_env, half_written, lease_server, run_killed_at, tables, visible_files, vtasks

pytestmark = pytest.mark.slow

RUN_DATE = "2026-11-22"
HOUSEHOLD = ["demo", "--end", RUN_DATE, "--years", "1", "--scale", "0.1"]  # the smallest that feeds every subflow
# (line in the run's log, seconds after it): the root starting (before the lock), then every subflow a
# moment into its work; the scheduler runs two at a time, so these are spread over the whole run.
MOMENTS = [("Beginning flow run 'vtasks", 0.0)] + [(f"Beginning subflow run 'vtasks.{name} ", 0.4) for name in SUBFLOWS]
RUN = ["run", "--date", RUN_DATE]
WORKERS = 6  # cases at a time: mostly waiting out a lease, so more cases than cores
SHARED_CPU = 3  # how much slower a run may be beside WORKERS - 1 others than a clean run with one beside it
TOKEN = "emulated-token"  # any bearer token satisfies the emulator; not a credential


@pytest.fixture(scope="module")
def api_url(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-server")
    with lease_server(home) as url:
        yield url


@pytest.fixture(scope="module")
def dropbox_urls():
    """One emulator per case running at once: a run's lock covers its whole Dropbox (tasks/ops/lock.py)."""
    with ExitStack() as stack:
        yield [
            stack.enter_context(standalone_emulator("tests.emulators.dropbox_api", "--latency-ms", "1"))
            for _ in range(WORKERS)
        ]


class Local:
    """Local storage: each case gets a copy of one seeded folder."""

    name = "local"

    def __init__(self, base, api_url):
        self.base, self.api_url = base, api_url
        self.template = base / "template"
        done, _ = vtasks(HOUSEHOLD, self.env("template"), base)
        assert done.returncode == 0, done.stdout + done.stderr

    def env(self, case: str) -> dict:
        return cli_env(self.api_url, self.base / "prefect-home", {"VTASKS_DATA_DIR": str(self.base / case)})

    def prepare(self, case: str) -> dict:
        shutil.copytree(self.template, self.base / case)
        return self.env(case)

    def storage(self, case: str):
        return LocalStorage(self.base / case)

    def hidden_leftovers(self, case: str) -> list[str]:
        """Temp files a kill left behind: allowed only hidden (never listed, never read)."""
        return [str(p) for p in (self.base / case).rglob("*tmp*") if p.is_file() and not p.name.startswith(".")]


class Dropbox:
    """The Dropbox emulators through the real SDK: each case has its own root folder, on an emulator no other
    case uses meanwhile (taken from `urls`, a queue). The clean case is seeded by `vtasks demo`, the others
    with a copy of the local template (the same files: else their data would not equal the clean run's)."""

    name = "dropbox"

    def __init__(self, base, api_url, urls: queue.Queue, template: LocalStorage):
        self.base, self.api_url, self.urls, self.template, self.url_of = base, api_url, urls, template, {}

    def env(self, case: str) -> dict:
        return cli_env(
            self.api_url,
            self.base / "prefect-home",
            {
                "VTASKS_DROPBOX_API_URL": self.url_of[case],
                "DROPBOX_ACCESS_TOKEN": TOKEN,
                "VTASKS_PROFILE": "demo",
                "VTASKS_DROPBOX_ROOT": f"/{case}",
            },
        )

    def prepare(self, case: str) -> dict:
        self.url_of[case] = self.urls.get()
        if case == "clean":
            done, _ = vtasks(HOUSEHOLD, self.env(case), self.base)
            assert done.returncode == 0, done.stdout + done.stderr
        else:  # a process less per case
            storage = self.storage(case)
            for path in self.template.list("**"):
                storage.write_bytes(path, self.template.read_bytes(path))
        return self.env(case)

    def release(self, case: str) -> None:
        self.urls.put(self.url_of[case])

    def storage(self, case: str):
        return DropboxStorage(f"/{case}", access_token=TOKEN, api_url=self.url_of[case])

    def hidden_leftovers(self, case: str) -> list[str]:
        return []  # an upload lands whole or not at all


def running_runs_of(api_url: str, root_id) -> list[str]:
    """Names of the root run and its subflow runs still Running."""
    running = FlowRunFilterState(type=FlowRunFilterStateType(any_=["RUNNING", "PENDING"]))
    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        root = client.read_flow_run(root_id)
        children = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[root_id]), state=running
            )
        )
    return [root.name] * (root.state_type.value in ("RUNNING", "PENDING")) + [c.name for c in children]


def killed_root_id(log: str) -> str | None:
    """The killed root run's id, from the `View at .../flow-run/<id>` line Prefect logs when it begins."""
    for line in log.splitlines():
        if "/runs/flow-run/" in line:
            return line.rsplit("/runs/flow-run/", 1)[1].strip()
    return None


def lock_wait(out: str) -> float | None:
    """Seconds the run waited for its lock, from the line it logs when it takes it."""
    found = re.search(r"Took the run lock \S+ after ([0-9.]+) s", out)
    return float(found.group(1)) if found else None


@dataclass
class Clean:
    """A run nobody killed: its exit code, how long it took, and what it left."""

    returncode: int
    seconds: float
    tables: dict
    files: set


def clean_run(store, case: str = "clean") -> Clean:
    done, took = vtasks(RUN, store.prepare(case), store.base)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    result = Clean(done.returncode, took, tables(store.storage(case)), visible_files(store.storage(case)))
    getattr(store, "release", lambda case: None)(case)
    assert {p.split("/", 1)[0] for p in result.tables} >= {"vbooks", "money_lover", "battery", "gcal", "expensor"}, (
        done.stdout[-3000:] + done.stderr[-3000:]
    )
    return result


def kill_and_rerun(store, i: int, clean: Clean) -> dict:
    """Kill a run at moment `i`, check what it left, run again and check that; returns the timings."""
    line, delay = MOMENTS[i]
    case, where = f"crash{i}", f"{store.name}: killed {delay} s after {line!r}"
    env = store.prepare(case)
    try:
        log = run_killed_at(RUN, env, store.base, line, delay, store.base / f"{case}.log")
        assert half_written(store.storage(case)) == [], where
        assert store.hidden_leftovers(case) == [], where

        again, took = vtasks(RUN, env, store.base)
        waited = lock_wait(again.stderr)  # Prefect logs to stderr
        assert again.returncode == clean.returncode, (where, again.stdout[-3000:], again.stderr[-3000:])
        assert "Another run is still going" not in again.stdout and waited is not None, (where, again.stdout[-3000:])
        # Held up by the killed run for at most its lease (+ the repossessor's 1 s loop and a 2 s poll), and
        # otherwise as quick as a run nobody killed (allowing for the cases running beside it).
        assert waited <= LEASE_S + 10, (where, waited)
        assert took - waited <= clean.seconds * SHARED_CPU + 30, (where, took, waited, clean.seconds)
        root_id = killed_root_id(log)
        if root_id and i > 0:  # a run killed after it took the lock: its successor marked it Crashed
            assert running_runs_of(store.api_url, root_id) == [], where
        assert half_written(store.storage(case)) == [], where
        got = tables(store.storage(case))
        assert sorted(got) == sorted(clean.tables), where
        assert [p for p in clean.tables if not got[p].equals(clean.tables[p])] == [], where
        assert visible_files(store.storage(case)) == clean.files, where
    finally:
        getattr(store, "release", lambda case: None)(case)
    return {"case": where, "took": round(took), "waited": round(waited)}


@pytest.mark.timeout(1800)
def test_killed_runs_leave_nothing_half_written_and_the_next_ones_recover(api_url, dropbox_urls, tmp_path):
    """Every moment on both backends (and one under a temporary server), WORKERS cases at a time, each on a
    data location of its own (so with a lock of its own): the next runs' waits for the killed runs' leases
    overlap."""
    (tmp_path / "local").mkdir(), (tmp_path / "dropbox").mkdir()
    urls = queue.Queue()
    for url in dropbox_urls:
        urls.put(url)
    local = Local(tmp_path / "local", api_url)
    stores = [local, Dropbox(tmp_path / "dropbox", api_url, urls, local.storage("template"))]
    with ThreadPoolExecutor(len(stores)) as pool:
        cleans = list(pool.map(clean_run, stores))
    with ThreadPoolExecutor(WORKERS) as pool:
        cases = {pool.submit(kill_and_rerun_under_a_temporary_server, tmp_path / "temporary"): ("temporary", 0)}
        cases |= {
            pool.submit(kill_and_rerun, store, i, clean): (store.name, i)
            for i in range(len(MOMENTS))
            for store, clean in zip(stores, cleans)
        }
        done = {cases[f]: (f.exception() or f.result()) for f in as_completed(cases)}
    failed = {case: repr(got) for case, got in done.items() if isinstance(got, BaseException)}
    assert failed == {}, "\n\n".join(f"{case}: {text[:4000]}" for case, text in failed.items())
    assert len(done) == 2 * len(MOMENTS) + 1 > 20
    print(*sorted(done.values(), key=str), sep="\n")  # each case's timings, for `-s`


def kill_and_rerun_under_a_temporary_server(tmp_path) -> dict:
    """No PREFECT_API_URL: each run starts its own server, which dies with it and runs no repossessor;
    the leases kept in PREFECT_HOME let the next run free the killed run's slot once its lease ran out."""
    tmp_path.mkdir()
    store = Local(tmp_path, "")
    env = {k: v for k, v in store.prepare("data").items() if k != "PREFECT_API_URL"}
    run = ["run", "--date", RUN_DATE, "--only", "vbooks"]
    log = run_killed_at(run, env, tmp_path, "Beginning subflow run 'vtasks.vbooks ", 0.2, tmp_path / "killed.log")
    assert "starting a temporary local Prefect server" in log
    # The run lock's lease names its limit; a task run killed midway may leave one naming none (no tag limits).
    leases = [
        p
        for p in (tmp_path / "prefect-home/concurrency_leases").glob("*-*.json")
        if json.loads(p.read_text())["resource_ids"]
    ]
    assert len(leases) == 1, "the killed run's lease was kept on disk"
    again, took = vtasks(run, env, tmp_path)
    assert again.returncode == 0 and "Another run is still going" not in again.stdout, again.stdout + again.stderr
    waited = lock_wait(again.stderr)
    assert waited is not None and waited <= LEASE_S + 10, (waited, again.stderr[-3000:])
    assert took - waited <= 60 * SHARED_CPU, (took, waited)  # a temporary server's start and vbooks
    assert not leases[0].exists(), "the expired lease was taken back"
    return {"case": "temporary server: killed 0.2 s after vbooks began", "took": round(took), "waited": round(waited)}
