"""The bad-input suite: every source, malformed or well-formed but wrong, through the real root flow; each case
ends in a named error (nothing stored changes) or a named warning (every stored row kept).

A demo household runs once; each round copies it, breaks one input per subflow (subflows of a round never
depend on one another) and runs `vtasks(only=[...])` for the next day. Cases are in tests/flows/bad_input_cases.py."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from flows.registry import NEEDS
from tests.flows.bad_input_cases import CASES, Case

DAY, NEXT = "2026-11-22", "2026-11-23"
PACKAGED_CONFIG = Path(__file__).parents[2] / "config"
# Where each subflow keeps what it stores (inputs it consumes included): none of it may change on an error.
FOLDERS = {
    "battery": ("battery",),
    "money_lover": ("money_lover",),
    "vbooks": ("vbooks",),
    "expensor": ("expensor",),
    "cryptos": ("cryptos",),
    "indexa": ("indexa",),
    "gcal": ("gcal",),
    "archive": ("documents",),
    "backup": ("vault", "vault_mirror", "vbooks", "battery"),
}
CLEARED_PREFIXES = ("VTASKS_", "DROPBOX_", "GOOGLE_SERVICE_ACCOUNT_JSON")

pytestmark = pytest.mark.slow


def rounds(cases: list[Case]) -> list[list[Case]]:
    """Cases run together: one per subflow, and none an upstream or dependent of another in its round."""
    grouped: list[list[Case]] = []
    for case in cases:
        related = {case.subflow, *NEEDS[case.subflow], *(n for n, ups in NEEDS.items() if case.subflow in ups)}
        group = next((g for g in grouped if not related & {c.subflow for c in g}), None)
        if group is None:
            grouped.append(group := [])
        group.append(case)
    return grouped


def snapshot(data: Path, folders: tuple[str, ...]) -> dict[str, tuple[str, int | None]]:
    """Per stored file: its content hash, and its rows when a table."""
    files = [
        p
        for f in folders
        for p in ([data / f] if (data / f).is_file() else sorted((data / f).rglob("*")))
        if p.is_file()
    ]
    return {str(p.relative_to(data)): (hashlib.sha256(p.read_bytes()).hexdigest(), rows(p)) for p in files}


def rows(path: Path) -> int | None:
    try:
        return len(pd.read_parquet(path)) if path.suffix == ".parquet" else None
    except Exception:  # a damaged file a case put there: its bytes are compared all the same
        return None


class Household:
    """The demo household after one good run, and the outcome of each round over a copy of it."""

    def __init__(self, base: Path, monkeypatch: pytest.MonkeyPatch):
        self.base, self.monkeypatch, self.done = base, monkeypatch, {}
        self.rounds = rounds(CASES)

    def use(self, work: Path) -> None:
        self.monkeypatch.chdir(work)
        self.monkeypatch.setenv("VTASKS_DATA_DIR", str(work / "data"))
        self.monkeypatch.setenv("VTASKS_CONFIG_DIR", str(work / "config"))

    def outcome(self, case: Case) -> dict:
        number = next(i for i, group in enumerate(self.rounds) if case in group)
        if number not in self.done:
            self.done.update(self._run(number))
        return self.done[number][case.id]

    def _run(self, number: int) -> dict:
        from flows.vtasks import vtasks

        work = self.base.parent / f"round{number}"
        shutil.rmtree(work, ignore_errors=True)  # a round that broke half-way is run again whole
        shutil.copytree(self.base, work)
        self.use(work)
        data, group, before = work / "data", self.rounds[number], {}
        for case in group:
            case.change(data, work / "config")
            before[case.id] = snapshot(data, case.kept or FOLDERS[case.subflow])
        state = vtasks(only=[c.subflow for c in group], run_date=NEXT, return_state=True)
        results = {r["name"]: r for r in state.result(raise_on_failure=False)["results"]}
        return {
            number: {
                c.id: {
                    "result": results[c.subflow],
                    "before": before[c.id],
                    "after": snapshot(data, c.kept or FOLDERS[c.subflow]),
                    "data": data,
                }
                for c in group
            }
        }


@pytest.fixture(scope="module")
def household(prefect_api, tmp_path_factory):
    from config.settings import load_settings
    from flows.registry import DEMO_GENERATORS
    from flows.vtasks import vtasks
    from tasks.clients import build_clients
    from tasks.demo import DemoOptions, seed_demo

    with pytest.MonkeyPatch.context() as monkeypatch:
        for key in list(os.environ):
            if key.startswith(CLEARED_PREFIXES):
                monkeypatch.delenv(key)
        base = tmp_path_factory.mktemp("bad_input") / "base"
        (base / "config").mkdir(parents=True)
        for yaml in PACKAGED_CONFIG.glob("*.yaml"):
            shutil.copy(yaml, base / "config" / yaml.name)
        house = Household(base, monkeypatch)
        house.use(base)
        clients = build_clients(load_settings())
        seed_demo(clients.storage, clients.sheets, DemoOptions(end=date.fromisoformat(DAY), years=1), DEMO_GENERATORS)
        state = vtasks(run_date=DAY, return_state=True)
        assert state.is_completed(), state.message
        yield house


def test_the_table_has_forty_cases_over_every_source():
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)
    assert {c.subflow for c in CASES} >= {
        "battery",
        "money_lover",
        "vbooks",
        "expensor",
        "cryptos",
        "indexa",
        "gcal",
        "archive",
        "backup",
    }
    assert all(not ({c.subflow for c in g} & {u for c in g for u in NEEDS[c.subflow]}) for g in rounds(CASES))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_named_and_overwrites_nothing(household, case):
    outcome = household.outcome(case)
    result = outcome["result"]
    if case.warning:
        assert result["state"] == "Completed", result["message"]
        said = " ".join(result["warnings"])
        assert all(part in said for part in case.expect), said
        for path, (_, rows) in outcome["before"].items():  # still there, and a stored table kept every row
            if "/export" in path:  # an imported export is deleted (battery) or archived (money_lover)
                continue
            assert path in outcome["after"], path
            assert rows is None or outcome["after"][path][1] >= rows, path
    else:
        assert result["state"] == "Failed", (result["state"], result["warnings"])
        assert all(part in result["message"] for part in case.expect), result["message"]
        if case.partial:  # every stored file still there, no table shorter
            assert all(
                p in outcome["after"] and (rows is None or outcome["after"][p][1] >= rows)
                for p, (_, rows) in outcome["before"].items()
            ), (outcome["before"], outcome["after"])
        else:
            assert outcome["after"] == outcome["before"]
