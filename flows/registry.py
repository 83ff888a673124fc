"""The subflows and their dependency graph, declared in this one place."""

from __future__ import annotations

from dataclasses import dataclass

from prefect import Flow

from flows.archive import archive
from flows.backup import backup
from flows.battery import battery
from flows.cryptos import cryptos
from flows.expensor import expensor
from flows.indexa import indexa
from flows.gcal import gcal
from flows.money_lover import money_lover
from flows.vbooks import vbooks
from flows.vprefect import vprefect


@dataclass(frozen=True)
class Subflow:
    name: str
    flow: Flow
    needs: tuple[str, ...]
    description: str


# Order here is the default run order among independent subflows. `needs` lists upstreams:
# expensor after money_lover, cryptos and indexa; backup after what it backs up; vprefect last.
SUBFLOWS: dict[str, Subflow] = {
    s.name: s
    for s in [
        Subflow("vbooks", vbooks, (), "Reading log: books read and the reading list, from the books spreadsheet"),
        Subflow("money_lover", money_lover, (), "Money Lover exports: the newest as transactions.parquet, older ones archived"),
        Subflow("battery", battery, (), "Phone battery log: 3C Battery Manager exports to parquet, a stale-log reminder"),
        Subflow("archive", archive, (), "Documents: files named with dates moved into dated folders by the rules in archive.yaml"),
        Subflow("backup", backup, ("vbooks", "battery"), "Backups: dated, hash-checked copies of the files in backup.yaml, retention, mirrors"),
        Subflow("cryptos", cryptos, (), "Crypto prices (CoinGecko), holdings (Kraken, config) and their monthly value"),
        Subflow("indexa", indexa, (), "Indexa Capital: invested amount and value of each account, monthly"),
        Subflow("expensor", expensor, ("money_lover", "cryptos", "indexa"), "Money: incomes, expenses, worth and FIRE figures, a report and a monthly archive"),
        Subflow("gcal", gcal, (), "Time: Google calendars (secret iCal addresses) expanded to events, hours per calendar"),
    ]
}

# vprefect reports on every other subflow's runs: it needs all of them (so new ones are included by
# themselves), and the scheduler runs it even when some failed, since it reports those failures.
SUBFLOWS["vprefect"] = Subflow("vprefect", vprefect, tuple(SUBFLOWS), "Pipeline runs: flow and task runs from the Prefect API, run health report")

NEEDS = {name: s.needs for name, s in SUBFLOWS.items()}
FLOWS = {name: s.flow for name, s in SUBFLOWS.items()}
