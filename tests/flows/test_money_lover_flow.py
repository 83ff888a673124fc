"""The money_lover subflow on the real Prefect engine: archive, process, skip unchanged, fail on bad input."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from config.settings import load_settings
from flows.money_lover import money_lover
from flows.naming import RunInfo
from tasks.clients import build_clients

RUN = RunInfo(date(2026, 11, 22), "dev", "2026-11-22T06:00:00+00:00")
EXPORTS = Path("data/money_lover/exports")
OLD = "Date;Category;Amount;Note\n01/01/2026;Food;-10,00;x\n02/01/2026;Salary;1500;\n"
NEW = "Date,Category,Amount,Wallet\n01/01/2026,Food,-10.00,Bank\n02/01/2026,Salary,1500,Bank\n03/01/2026,Debt,-50,Bank\n05/02/2026,Books,-20.5,Bank\n"


def run(clients):
    state = money_lover(clients=clients, run=RUN, return_state=True)
    return state, (state.result(_sync=True) if state.is_completed() else None)


@pytest.fixture
def clients(vtasks_env):
    return build_clients(load_settings())


def write(name: str, text: str) -> None:
    EXPORTS.mkdir(parents=True, exist_ok=True)
    (EXPORTS / name).write_text(text)


def test_no_export_completes_with_a_warning(prefect_api, clients):
    state, result = run(clients)
    assert state.is_completed() and result["rows"] == 0
    assert "no Money Lover export" in result["warnings"][0]


def test_archives_older_exports_processes_newest_and_skips_it_when_unchanged(prefect_api, clients):
    write("MoneyLover-2026-11-20.csv", OLD)
    write("MoneyLover-2026-11-20 (1).csv", OLD.replace("-10,00", "-11,00"))
    write("MoneyLover-2026-11-21.csv", NEW)
    state, result = run(clients)
    assert state.is_completed(), state.message
    table = pd.read_parquet("data/money_lover/transactions.parquet")
    assert table["category"].tolist() == ["Food", "Salary", "Books"] and result["rows"] == 3
    assert table["amount"].tolist() == [10.0, 1500.0, 20.5] and result["newest"] == "2026-02-05"
    archive = sorted(p.name for p in Path("data/money_lover/archive/2026").iterdir())
    assert archive == ["2026-11-20.parquet", "2026-11-20_2.parquet"]
    assert pd.read_parquet(f"data/money_lover/archive/2026/{archive[1]}")["amount"].tolist()[0] in (10.0, 11.0)
    assert sorted(p.name for p in EXPORTS.iterdir()) == ["MoneyLover-2026-11-21.csv"]

    state, result = run(clients)
    assert state.is_completed() and result["processed"] is False and result["rows"] == 3
    assert clients.storage.counts("money_lover")["uploads"] == 3  # two archives and one table, once


def test_bad_export_fails_naming_file_row_column_and_overwrites_nothing(prefect_api, clients):
    write("MoneyLover-2026-11-20.csv", OLD)
    assert run(clients)[0].is_completed()
    before = Path("data/money_lover/transactions.parquet").read_bytes()
    write("MoneyLover-2026-11-21.csv", NEW.replace("05/02/2026", "yesterday"))
    state, _ = run(clients)
    assert state.is_failed()
    assert "MoneyLover-2026-11-21.csv: row 5, column 'DATE': expected a day-first date" in state.message
    assert Path("data/money_lover/transactions.parquet").read_bytes() == before
    assert (EXPORTS / "MoneyLover-2026-11-20.csv").exists() and not Path("data/money_lover/archive").exists()
