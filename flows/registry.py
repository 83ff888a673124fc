"""The subflows and their dependency graph, declared in this one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from prefect import Flow

from flows.archive import archive, archive_inputs
from flows.backup import backup, backup_inputs
from flows.battery import battery, battery_inputs
from flows.cryptos import cryptos, cryptos_inputs
from flows.expensor import expensor, expensor_inputs
from flows.indexa import indexa, indexa_inputs
from flows.gcal import gcal, gcal_inputs
from flows.money_lover import money_lover, money_lover_inputs
from flows.vbooks import vbooks, vbooks_inputs
from flows.vprefect import vprefect, vprefect_inputs


@dataclass(frozen=True)
class Subflow:
    name: str
    flow: Flow
    needs: tuple[str, ...]
    description: str
    inputs: Callable | None = None  # (clients, run) -> Inputs: what it reads, to skip it when unchanged


# `needs` lists upstreams: expensor after money_lover, cryptos and indexa; backup after what it backs up;
# vprefect last. Among subflows ready at once the scheduler starts those with the longest chain of
# dependents first, then in this order: the slow ones (expensor, gcal) before quick leaves.
SUBFLOWS: dict[str, Subflow] = {
    s.name: s
    for s in [  # fmt: skip
        Subflow("vbooks", vbooks, (), "Reading log: books read and the reading list, from the books spreadsheet", vbooks_inputs),
        Subflow("money_lover", money_lover, (), "Money Lover exports: the newest as transactions.parquet, older ones archived", money_lover_inputs),
        Subflow("battery", battery, (), "Phone battery log: 3C Battery Manager exports to parquet, a stale-log reminder", battery_inputs),
        Subflow("cryptos", cryptos, (), "Crypto prices (CoinGecko), holdings (Kraken, config) and their monthly value", cryptos_inputs),
        Subflow("indexa", indexa, (), "Indexa Capital: invested amount and value of each account, monthly", indexa_inputs),
        Subflow("expensor", expensor, ("money_lover", "cryptos", "indexa"), "Money: incomes, expenses, worth and FIRE figures, a report and a monthly archive", expensor_inputs),
        Subflow("gcal", gcal, (), "Time: Google calendars (secret iCal addresses) expanded to events, hours per calendar", gcal_inputs),
        Subflow("archive", archive, (), "Documents: files named with dates moved into dated folders by the rules in archive.yaml", archive_inputs),
        Subflow("backup", backup, ("vbooks", "battery"), "Backups: dated, hash-checked copies of the files in backup.yaml, retention, mirrors", backup_inputs),
    ]
}

# vprefect reports on every other subflow's runs: it needs all of them (so new ones are included by
# themselves), and the scheduler runs it even when some failed, since it reports those failures.
SUBFLOWS["vprefect"] = Subflow("vprefect", vprefect, tuple(SUBFLOWS), "Pipeline runs: flow and task runs from the Prefect API, run health report", vprefect_inputs)

INPUTS = {name: s.inputs for name, s in SUBFLOWS.items()}
NEEDS = {name: s.needs for name, s in SUBFLOWS.items()}
FLOWS = {name: s.flow for name, s in SUBFLOWS.items()}
