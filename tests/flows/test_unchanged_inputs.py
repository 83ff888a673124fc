"""On the real Prefect engine: a subflow whose inputs and outputs are as its last good run left them is not run."""

from datetime import date

from prefect import flow

from config.settings import load_settings
from flows.naming import RunInfo
from flows.scheduler import run_subflows
from tasks.clients import build_clients
from tasks.run.fingerprint import Inputs
from tasks.run.state import read_run_state, write_run_states

calls = []


@flow(name="vtasks.copier")
def copier(clients, run):
    calls.append(run.date)
    clients.storage.write_text("copier/out.txt", clients.storage.read_text("copier/in.txt").upper())
    return {"rows": 1, "files": ["copier/out.txt"], "reports": []}


def copier_inputs(clients, run):
    return Inputs(files=("copier/in.txt",), settings="{}")


def run_once(clients, run_date="2026-11-22", force=False):
    @flow(name="vtasks")
    def parent():
        return run_subflows(["copier"], {"copier": copier}, {"copier": ()}, clients, RunInfo(date.fromisoformat(run_date), "dev", "now"),
                            {"copier": copier_inputs}, force)  # fmt: skip

    [result] = parent()
    write_run_states(clients.storage, [result])
    return result


def test_unchanged_inputs_skip_the_subflow_until_something_changes(prefect_api, vtasks_env):
    clients = build_clients(load_settings())
    clients.storage.write_text("copier/in.txt", "a")
    calls.clear()

    first = run_once(clients)
    assert calls == [date(2026, 11, 22)] and first.fingerprint and not first.unchanged
    record = clients.storage.metadata("_state/runs/copier.json").rev

    second = run_once(clients)
    assert calls == [date(2026, 11, 22)] and second.unchanged and second.state == "Completed"
    assert second.message.startswith("inputs unchanged since ") and second.rows == 1 and second.uploads == 0
    assert clients.storage.metadata("_state/runs/copier.json").rev == record  # nothing rewritten

    clients.storage.write_text("copier/in.txt", "b")  # a changed input
    assert not run_once(clients).unchanged and clients.storage.read_text("copier/out.txt") == "B"
    clients.storage.delete("copier/out.txt")  # a deleted output
    assert not run_once(clients).unchanged and clients.storage.exists("copier/out.txt")
    assert not run_once(clients, run_date="2026-11-23").unchanged  # a new day
    assert run_once(clients, run_date="2026-11-23").unchanged
    assert not run_once(clients, run_date="2026-11-23", force=True).unchanged
    assert len(calls) == 5


def test_a_failed_run_is_never_skipped(prefect_api, vtasks_env):
    clients = build_clients(load_settings())
    calls.clear()
    assert run_once(clients).state == "Failed"  # no input file yet
    assert run_once(clients).state == "Failed" and len(calls) == 2
    assert read_run_state(clients.storage, "copier").fingerprint is None
