"""The `vtasks.<subflow>` task the root run submits to its task runner, and where its clients come from.

What crosses to a worker is small and picklable: the subflow's name, the run's date and environment, and
a key. In the root's own process the key finds the clients built once for the run; anywhere else (a Dask
worker) the clients are built from that process's own settings, secrets from its own environment.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from prefect import Flow, task
from prefect.cache_policies import NO_CACHE

from config.settings import load_settings
from flows.naming import RunInfo
from flows.registry import FLOWS, INPUTS
from flows.subflow_call import call_subflow_if_changed
from tasks.clients import Clients, build_clients
from tasks.run.state import SubflowResult


@dataclass(frozen=True)
class LocalRun:
    """What a subflow task in the root's own process uses instead of building its own."""

    clients: Clients
    flows: dict[str, Flow]
    inputs: dict


_LOCAL_RUNS: dict[str, LocalRun] = {}


@contextmanager
def local_run(clients: Clients, flows: dict[str, Flow], inputs: dict):
    """Register the root run's clients and flows for its in-process tasks; yield their key."""
    key = uuid.uuid4().hex
    _LOCAL_RUNS[key] = LocalRun(clients, flows, inputs)
    try:
        yield key
    finally:
        _LOCAL_RUNS.pop(key, None)


def worker_run(env: str) -> LocalRun:
    """A process of its own: clients from its settings, listings cached, the registry's subflows."""
    clients = build_clients(load_settings(env=env))
    clients.storage.cache_listings()  # each folder listed once, when the subflow first uses it
    return LocalRun(clients, FLOWS, INPUTS)


def run_subflow_task(name: str, run: RunInfo, force: bool, local_key: str) -> SubflowResult:
    """Run one subflow (or find it up to date) wherever the task runner put this task."""
    local = _LOCAL_RUNS.get(local_key) or worker_run(run.env)
    return call_subflow_if_changed(name, local.flows[name], local.inputs.get(name), local.clients, run, force)


# Input hashing off (clients are not hashable) and no retries: a subflow's own tasks retry network calls.
subflow_task = task(run_subflow_task, name="vtasks.subflow", cache_policy=NO_CACHE)
