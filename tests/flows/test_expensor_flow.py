"""money_lover then expensor on the real Prefect engine: tables, reports, incremental archive, failures."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from prefect import flow

from config.settings import load_settings
from flows.expensor import SUBFLOW as EXPENSOR
from flows.expensor import expensor
from flows.money_lover import SUBFLOW as MONEY_LOVER
from flows.money_lover import money_lover
from flows.naming import RunInfo
from flows.scheduler import run_subflows
from tasks.clients import build_clients
from tasks.expensor.demo import demo_frames
from tasks.money_lover.demo import demo_files
from tasks.storage.parquet import parquet_bytes

RUN = RunInfo(date(2026, 11, 22), "dev", "2026-11-22T06:00:00+00:00")
END = pd.Timestamp("2026-11-22").date()
DATA = Path("data")


@pytest.fixture
def clients(vtasks_env):
    clients = build_clients(load_settings())
    for path, data in demo_files(7, END, 2, 0.3).items():
        clients.storage.write_bytes(path, data)
    clients.sheets.write_frames("expensor_data", demo_frames(7, END, 2, 0.3))
    return clients


def run_both(clients):
    # expensor's other upstreams (cryptos, indexa) are not planned, so not waited for.
    subflows = {"money_lover": MONEY_LOVER, "expensor": EXPENSOR}

    @flow(name="vtasks")
    def parent():
        return run_subflows(list(subflows), subflows, clients, RUN)

    return {r.name: r for r in parent()}


def snapshot() -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted((DATA / "expensor").rglob("*")) if p.is_file()}


def test_tables_reports_and_an_incremental_archive(prefect_api, clients):
    state = money_lover(clients=clients, run=RUN, return_state=True)
    assert state.is_completed(), state.message
    first = expensor(clients=clients, run=RUN, return_state=True)
    assert first.is_completed(), first.message
    result = first.result(_sync=True)
    monthly = pd.read_parquet(DATA / "expensor/monthly.parquet")
    assert len(monthly) == 24 and monthly["month"].iloc[-1] == pd.Timestamp("2026-11-01")
    worth = pd.read_parquet(DATA / "expensor/worth.parquet")
    assert (worth["liquid"] > 0).all() and (worth["survival_months"] > 0).all()
    assert result.reports == ["expensor/expensor.html"] and len(result.rebuilt) == 25
    assert "Money" in (DATA / "expensor/expensor.html").read_text()
    november = (DATA / "expensor/reports/2026/2026_11.html").read_text()
    assert '<script src="../../../assets/plotly-' in november and len(november) < 200_000
    assert len(list((DATA / "assets").glob("plotly-*.min.js"))) == 1

    again = expensor(clients=clients, run=RUN, return_state=True).result(_sync=True)
    assert again.rebuilt == []  # nothing changed: neither the main report nor any month is rendered

    sheet = clients.sheets.read_worksheet("expensor_data", "liquid_m")
    frames = {
        name: clients.sheets.read_worksheet("expensor_data", name)
        for name in ("liquid_m", "invest_m", "worth_m", "salary", "accounts", "trans_categ")
    }
    row = sheet.index[sheet["Date"] == pd.Timestamp("2026-03-01")][0]
    frames["liquid_m"].loc[row, "Bank 1"] = float(sheet.loc[row, "Bank 1"] or 0) + 1000
    # An account colour that is no Material name: a warning and a stable colour; no archived month uses it.
    frames["accounts"].loc[frames["accounts"]["Name"] == "Bank 1", "Color Name"] = "reddish"
    clients.sheets.write_frames("expensor_data", frames)
    changed = expensor(clients=clients, run=RUN, return_state=True).result(_sync=True)
    assert sorted(changed.rebuilt) == ["expensor/expensor.html", "expensor/reports/2026/2026_03.html"]
    assert any(w.startswith("expensor_data / accounts: row 2 (Bank 1): 'reddish'") for w in changed.warnings)


def test_bad_export_fails_money_lover_and_skips_expensor(prefect_api, clients):
    results = run_both(clients)
    assert results["expensor"].state == "Completed", results["expensor"].message
    before = Path(DATA / "money_lover/transactions.parquet").read_bytes(), snapshot()
    (DATA / "money_lover/exports/MoneyLover-2026-11-23.csv").write_text("Date;Category;Amount\n01/11/2026;Food;ten\n")
    results = run_both(clients)
    assert results["money_lover"].state == "Failed"
    assert (
        "MoneyLover-2026-11-23.csv: row 2, column 'AMOUNT': expected a number, got 'ten'"
        in results["money_lover"].message
    )
    assert results["expensor"].state == "Skipped" and "upstream money_lover" in results["expensor"].message
    assert (Path(DATA / "money_lover/transactions.parquet").read_bytes(), snapshot()) == before


def test_bad_worksheet_fails_expensor_naming_sheet_row_and_column(prefect_api, clients):
    assert money_lover(clients=clients, run=RUN, return_state=True).is_completed()
    frames = demo_frames(7, END, 2, 0.3)
    frames["salary"] = frames["salary"].astype({"Fixed": object})
    frames["salary"].loc[4, "Fixed"] = "a lot"
    clients.sheets.write_frames("expensor_data", frames)
    state = expensor(clients=clients, run=RUN, return_state=True)
    assert state.is_failed()
    assert "expensor_data / salary: row 6, column 'Fixed': expected a number, got 'a lot'" in state.message
    assert not (DATA / "expensor").exists()


def test_upstream_cryptos_and_indexa_add_to_worth_and_a_bad_one_is_named(prefect_api, clients):
    assert money_lover(clients=clients, run=RUN, return_state=True).is_completed()
    assert expensor(clients=clients, run=RUN, return_state=True).is_completed()
    before = pd.read_parquet(DATA / "expensor/worth.parquet").set_index("month")["worth"]
    months = pd.date_range("2026-10-01", periods=2, freq="MS")
    clients.storage.write_bytes(
        "cryptos/value.parquet",
        parquet_bytes(pd.DataFrame({"month": months, "BTC": [90.0, 95.0], "total": [90.0, 95.0]})),
    )
    clients.storage.write_bytes(
        "indexa/performance.parquet",
        parquet_bytes(
            pd.DataFrame({"month": months, "account": "IDX1", "invested": [1000.0, 1100.0], "value": [1050.0, 1200.0]})
        ),
    )
    assert expensor(clients=clients, run=RUN, return_state=True).is_completed()
    after = pd.read_parquet(DATA / "expensor/worth.parquet").set_index("month")["worth"]
    assert after[months[1]] - before[months[1]] == pytest.approx(95.0 + 1200.0)
    assert after[months[0] - pd.DateOffset(months=1)] == before[months[0] - pd.DateOffset(months=1)]
    assert {"Crypto", "Indexa"} <= set(pd.read_parquet(DATA / "expensor/balances.parquet")["subtype"])

    clients.storage.write_bytes(
        "cryptos/value.parquet", parquet_bytes(pd.DataFrame({"month": months, "BTC": [90.0, 95.0]}))
    )
    state = expensor(clients=clients, run=RUN, return_state=True)
    assert state.is_failed() and "cryptos/value.parquet: missing column total" in state.message
