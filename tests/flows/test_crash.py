"""Crash suite: a real `vtasks run` killed with SIGKILL at moments spread over the run (as each subflow
starts, and at the root's start), on local storage and on the Dropbox emulator. After each kill no
half-written file is visible, the next run (no manual step) completes within the lease plus its normal
time, the killed run's flow runs are marked Crashed, and the data equals a clean run's.

Slow (about a minute per moment: the next run waits out the killed run's lease): `python -m pytest -m slow
tests/flows/test_crash.py`."""

from __future__ import annotations

import shutil

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowFilter, FlowFilterName, FlowRunFilter, FlowRunFilterParentFlowRunId
from prefect.client.schemas.filters import FlowRunFilterState, FlowRunFilterStateType
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.registry import SUBFLOWS
from tasks.storage.dropbox_storage import DropboxStorage
from tasks.storage.local import LocalStorage
from tests.emulators.standalone import standalone_emulator
from tests.flows.crash import LEASE_S, cli_env, half_written, lease_server, run_killed_at, tables, vtasks
from tests.flows.crash import visible_files

pytestmark = pytest.mark.slow

RUN_DATE = "2026-11-22"
HOUSEHOLD = ["demo", "--end", RUN_DATE, "--years", "1", "--scale", "0.1"]  # the smallest that feeds every subflow
# (line in the run's log, seconds after it): the root starting (before the lock), then every subflow a
# moment into its work; the scheduler runs two at a time, so these are spread over the whole run.
MOMENTS = [("Beginning flow run 'vtasks", 0.0)] + [(f"Beginning subflow run 'vtasks.{name} ", 0.4) for name in SUBFLOWS]
TOKEN = "emulated-token"  # any bearer token satisfies the emulator; not a credential


@pytest.fixture(scope="module")
def api_url(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-server")
    with lease_server(home) as url:
        yield url


@pytest.fixture(scope="module")
def dropbox_url():
    with standalone_emulator("tests.emulators.dropbox_api", "--latency-ms", "1") as url:
        yield url


class Local:
    """Local storage: each case gets a copy of one seeded folder."""

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
    """The Dropbox emulator through the real SDK: each case seeds its own root folder."""

    def __init__(self, base, api_url, url):
        self.base, self.api_url, self.url = base, api_url, url

    def env(self, case: str) -> dict:
        return cli_env(self.api_url, self.base / "prefect-home", {
            "VTASKS_DROPBOX_API_URL": self.url, "DROPBOX_ACCESS_TOKEN": TOKEN, "VTASKS_PROFILE": "demo",
            "VTASKS_DROPBOX_ROOT": f"/{case}"})  # fmt: skip

    def prepare(self, case: str) -> dict:
        done, _ = vtasks(HOUSEHOLD, self.env(case), self.base)
        assert done.returncode == 0, done.stdout + done.stderr
        return self.env(case)

    def storage(self, case: str):
        return DropboxStorage(f"/{case}", access_token=TOKEN, api_url=self.url)

    def hidden_leftovers(self, case: str) -> list[str]:
        return []  # an upload lands whole or not at all


def running_runs_of(api_url: str, root_id) -> list[str]:
    """Names of the root run and its subflow runs still Running."""
    running = FlowRunFilterState(type=FlowRunFilterStateType(any_=["RUNNING", "PENDING"]))
    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        root = client.read_flow_run(root_id)
        children = client.read_flow_runs(flow_run_filter=FlowRunFilter(
            parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[root_id]), state=running))  # fmt: skip
    return [root.name] * (root.state_type.value in ("RUNNING", "PENDING")) + [c.name for c in children]


def killed_root_id(log: str) -> str | None:
    """The killed root run's id, from the `View at .../flow-run/<id>` line Prefect logs when it begins."""
    for line in log.splitlines():
        if "/runs/flow-run/" in line:
            return line.rsplit("/runs/flow-run/", 1)[1].strip()
    return None


@pytest.mark.timeout(3600)
@pytest.mark.parametrize("backend", ["local", "dropbox"])
def test_a_killed_run_leaves_nothing_half_written_and_the_next_one_recovers(backend, api_url, tmp_path, request):
    store = Local(tmp_path, api_url) if backend == "local" else Dropbox(tmp_path, api_url, request.getfixturevalue("dropbox_url"))
    run = ["run", "--date", RUN_DATE]

    clean_env = store.prepare("clean")
    clean, normal_s = vtasks(run, clean_env, tmp_path)
    assert clean.returncode in (0, 1), clean.stdout + clean.stderr
    want_tables, want_files = tables(store.storage("clean")), visible_files(store.storage("clean"))
    assert {p.split("/", 1)[0] for p in want_tables} >= {"vbooks", "money_lover", "battery", "gcal", "expensor"}

    for i, (line, delay) in enumerate(MOMENTS):
        case = f"crash{i}"
        env = store.prepare(case)
        log = run_killed_at(run, env, tmp_path, line, delay, tmp_path / f"{case}.log")
        where = f"killed {delay} s after {line!r}"
        assert half_written(store.storage(case)) == [], where
        assert store.hidden_leftovers(case) == [], where

        again, took = vtasks(run, env, tmp_path)
        assert again.returncode == clean.returncode, (where, again.stdout[-3000:], again.stderr[-3000:])
        assert "Another run is still going" not in again.stdout, where
        assert took <= LEASE_S + normal_s + 30, (where, took, normal_s)
        root_id = killed_root_id(log)
        if root_id and i > 0:  # a run killed after it took the lock: its successor marked it Crashed
            assert running_runs_of(api_url, root_id) == [], where
        assert half_written(store.storage(case)) == [], where
        got = tables(store.storage(case))
        assert sorted(got) == sorted(want_tables), where
        assert [p for p in want_tables if not got[p].equals(want_tables[p])] == [], where
        assert visible_files(store.storage(case)) == want_files, where


@pytest.mark.timeout(900)
def test_under_a_temporary_server_a_killed_runs_slot_is_taken_back_by_the_next_run(tmp_path):
    """No PREFECT_API_URL: each run starts its own server, which dies with it and runs no repossessor;
    the leases kept in PREFECT_HOME let the next run free the killed run's slot once its lease ran out."""
    store = Local(tmp_path, "")
    env = {k: v for k, v in store.prepare("data").items() if k != "PREFECT_API_URL"}
    run = ["run", "--date", RUN_DATE, "--only", "vbooks"]
    log = run_killed_at(run, env, tmp_path, "Beginning subflow run 'vtasks.vbooks ", 0.2, tmp_path / "killed.log")
    assert "starting a temporary local Prefect server" in log
    leases = list((tmp_path / "prefect-home/concurrency_leases").glob("*-*.json"))
    assert len(leases) == 1, "the killed run's lease was kept on disk"
    again, took = vtasks(run, env, tmp_path)
    assert again.returncode == 0 and "Another run is still going" not in again.stdout, again.stdout + again.stderr
    assert took <= LEASE_S + 90, took
    assert not leases[0].exists(), "the expired lease was taken back"
