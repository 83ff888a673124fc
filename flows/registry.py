"""The subflows, one line each: every module here declares its `SUBFLOW` contract (flows/contract.py).

`VTASKS_EXTRA_SUBFLOWS` names more modules (comma-separated, importable), e.g. a source kept in a package
of its own; they run after the built-in ones' upstreams like any other (CONTRIBUTING.md, "Add a source")."""

from __future__ import annotations

import os
from dataclasses import replace
from importlib import import_module

from flows.contract import Subflow

ENV_EXTRA_SUBFLOWS = "VTASKS_EXTRA_SUBFLOWS"

# Among subflows ready at once the scheduler starts those with the longest chain of dependents first,
# then in this order: the slow ones (expensor, gcal) before quick leaves.
MODULES = (
    "flows.vbooks",
    "flows.money_lover",
    "flows.battery",
    "flows.cryptos",
    "flows.indexa",
    "flows.expensor",
    "flows.gcal",
    "flows.archive",
    "flows.backup",
    "flows.vprefect",
)


def extra_modules() -> list[str]:
    return [m.strip() for m in os.environ.get(ENV_EXTRA_SUBFLOWS, "").split(",") if m.strip()]


def registered(modules: list[str]) -> dict[str, Subflow]:
    """Each module's `SUBFLOW` by name; one that reports on runs (`after_all`) waits for all the others."""
    declared = [import_module(m).SUBFLOW for m in modules]
    names = [s.name for s in declared]
    if len(set(names)) != len(names):
        raise ValueError(f"two subflows share a name in {', '.join(modules)}")
    found = {s.name: s for s in declared if not s.after_all}
    last = {
        s.name: replace(s, upstreams=(*s.upstreams, *[n for n in found if n not in s.upstreams]))
        for s in declared
        if s.after_all
    }
    return {**found, **last}


SUBFLOWS: dict[str, Subflow] = registered([*MODULES, *extra_modules()])
INPUTS = {name: s.inputs for name, s in SUBFLOWS.items()}
NEEDS = {name: s.upstreams for name, s in SUBFLOWS.items()}
FLOWS = {name: s.flow for name, s in SUBFLOWS.items()}
DEMO_GENERATORS = {name: s.demo for name, s in SUBFLOWS.items() if s.demo is not None}
