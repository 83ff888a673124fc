"""Write-back on the real Prefect engine: cryptos (CoinGecko emulator) and indexa (Indexa emulator) write the month's
values into `expensor_data` through the real gspread against the Sheets emulator, or into the `.xlsx` in storage;
expensor reads them from there. Only those cells change; a second run writes nothing; bad targets touch nothing."""

import copy
import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from flows.vtasks import vtasks
from tasks.money_lover.demo import demo_files
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.local import LocalStorage
from tests.emulators.coingecko_api import CoinGeckoEmulator
from tests.emulators.indexa_api import INDEXA_TOKEN, IndexaEmulator
from tests.emulators.sheets_api import SheetsEmulator

RUN_DATE = "2026-11-22"
MONTH = pd.Timestamp("2026-11-01")
SUBFLOWS = ["money_lover", "cryptos", "indexa", "expensor"]
WRITE_ROUTES = (
    "values.batchUpdate",
    "values.update",
    "values.append",
    "values.clear",
    "values.batchClear",
    "spreadsheets.batchUpdate",
)
PP = 27  # indexa_pp in worth_m is column AB: past Z
CRYPTOS_WB = {"spreadsheet": "expensor_data", "total": {"worksheet": "worth_m", "column": "crypto"}}
INDEXA_WB = {
    "spreadsheet": "expensor_data",
    "accounts": {
        "DEMO1FND": {
            "invested": {"worksheet": "invest_m", "column": "indexa"},
            "value": {"worksheet": "worth_m", "column": "indexa"},
        },
        "DEMO2PEN": {
            "invested": {"worksheet": "invest_m", "column": "indexa_pp"},
            "value": {"worksheet": "worth_m", "column": "indexa_pp"},
        },
    },
}


def expensor_book() -> dict:
    """The user's expensor_data with the 2023 jobs' columns: `crypto` (one month filled by hand), `indexa`,
    `indexa_pp` past Z in worth_m; invest_m already has the run's month, worth_m not yet."""
    fixture = json.loads((Path(__file__).parents[1] / "fixtures/real/expensor_data.json").read_text())
    book = fixture["worksheets"]
    worth = [row[:4] + [None] * (PP + 1 - len(row[:4])) for row in book["worth_m"]]
    worth[0][4], worth[0][5], worth[0][PP] = "crypto", "indexa", "indexa_pp"
    worth[1][4] = "1.000,00 €"
    invest = [row[:4] + [None, None] for row in book["invest_m"]]
    invest[0][4:6] = ["indexa", "indexa_pp"]
    invest.append(["2026/11", "7.200,00 €", "3.100,00 €", "10.300,00 €", None, None])
    return book | {"worth_m": worth, "invest_m": invest}


def trimmed(rows) -> list[list]:
    rows = [list(r) for r in rows]
    rows = [r[: max((i + 1 for i, v in enumerate(r) if v is not None), default=0)] for r in rows]
    while rows and not rows[-1]:
        rows.pop()
    return rows


class GspreadTarget:
    def __init__(self, emu: SheetsEmulator):
        self.emu = emu

    def load(self, book: dict) -> None:
        self.emu.reset()
        self.emu.load("expensor_data", book, locale="es_ES")

    def state(self) -> dict:
        """Every worksheet's stored cells (typed values, formats included)."""
        return {ws: trimmed(rows) for ws, rows in self.emu.store.dump()[0]["worksheets"].items()}

    def writes(self) -> int:
        return sum(self.emu.counts()["routes"].get(r, 0) for r in WRITE_ROUTES)


class WorkbookTarget:
    def __init__(self, storage: LocalStorage):
        self.storage, self.path = storage, storage.root / "sheets/expensor_data.xlsx"

    def load(self, book: dict) -> None:
        WorkbookSheets(self.storage).write_rows("expensor_data", book)

    def state(self) -> dict:
        book = openpyxl.load_workbook(self.path)
        return {ws.title: trimmed(ws.iter_rows(values_only=True)) for ws in book.worksheets}

    def writes(self) -> tuple:
        return self.path.stat().st_mtime_ns, self.path.read_bytes()


@pytest.fixture(params=["gspread", "workbook"])
def target(request, vtasks_env, monkeypatch):
    env = {
        "VTASKS_PROFILE": "real",
        "VTASKS_SHEETS": request.param,
        "VTASKS_SHEETS_NUMBER_FORMATS": '{"expensor_data": "spanish"}',
        "COINGECKO_API_KEY": "",
        "KRAKEN_API_KEY": "",
        "KRAKEN_API_SECRET": "",
        "VTASKS_INDEXA__SOURCE": "live",
        "INDEXA_TOKEN": INDEXA_TOKEN,
        "VTASKS_INDEXA__HTTP__BACKOFF_S": "0.01",
        "VTASKS_CRYPTOS__WRITE_BACK": json.dumps(CRYPTOS_WB),
        "VTASKS_INDEXA__WRITE_BACK": json.dumps(INDEXA_WB),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    storage = LocalStorage(vtasks_env / "data")
    for path, data in demo_files(7, date(2026, 11, 22), 1, 0.2).items():  # a Money Lover export for expensor
        storage.write_bytes(path, data)
    with CoinGeckoEmulator(today=date(2026, 11, 22)) as gecko, IndexaEmulator() as indexa:
        monkeypatch.setenv("VTASKS_CRYPTOS__COINGECKO_URL", gecko.url)
        monkeypatch.setenv("VTASKS_INDEXA__API_URL", indexa.url)
        if request.param == "workbook":
            found = WorkbookTarget(storage)
            found.load(expensor_book())
            yield found
            return
        with SheetsEmulator() as emu:
            monkeypatch.setenv("VTASKS_SHEETS_API_URL", emu.url)
            found = GspreadTarget(emu)
            found.load(expensor_book())
            yield found


def test_this_months_values_land_in_their_columns_and_nothing_else_changes(prefect_api, vtasks_env, target):
    before = target.state()
    state = vtasks(only=SUBFLOWS, run_date=RUN_DATE, return_state=True)
    assert state.is_completed(), state.message
    data = vtasks_env / "data"
    value = pd.read_parquet(data / "cryptos/value.parquet").set_index("month")
    crypto = round(float(value.at[MONTH, "total"]), 2)
    perf = pd.read_parquet(data / "indexa/performance.parquet")
    perf = perf[perf["month"] == MONTH].set_index("account")
    expected = copy.deepcopy(before)
    new_row = (
        ["2026/11", None, None, None, crypto, perf.at["DEMO1FND", "value"]]
        + [None] * (PP - 6)
        + [perf.at["DEMO2PEN", "value"]]
    )
    expected["worth_m"].append(new_row)  # appended after 2026/10, its key in the sheet's YYYY/MM form
    expected["invest_m"][-1] += [
        perf.at["DEMO1FND", "invested"],
        perf.at["DEMO2PEN", "invested"],
    ]  # the row that was there
    assert target.state() == expected  # every other cell, in every worksheet, as it was

    balances = pd.read_parquet(data / "expensor/balances.parquet")
    cryptos = balances[balances["account"] == "Cryptos"].set_index("month")["amount"]
    # From the sheet only: its hand-filled month and this one, not cryptos' 13 months of table history.
    assert cryptos.to_dict() == {pd.Timestamp("2025-01-01"): 1000.0, MONTH: crypto}
    fund = balances[(balances["account"] == "DEMO1FND") & (balances["month"] == MONTH)].set_index("kind")["amount"]
    assert fund.to_dict() == {"invested": perf.at["DEMO1FND", "invested"], "worth": perf.at["DEMO1FND", "value"]}
    assert not set(balances["account"]) & {"crypto", "indexa", "indexa_pp"}

    writes = target.writes()
    again = vtasks(only=SUBFLOWS, run_date=RUN_DATE, return_state=True, force=True)
    assert again.is_completed(), again.message
    assert target.writes() == writes  # unchanged values: no Sheets write at all
    assert target.state() == expected


def test_a_missing_column_or_a_month_twice_fails_naming_it_and_touches_nothing(
    prefect_api, vtasks_env, target, monkeypatch
):
    book = expensor_book()
    book["invest_m"].insert(5, ["2026-11-01", "1,00 €", "1,00 €", "2,00 €"])  # row 6 and row 25 are both 2026-11
    target.load(book)
    monkeypatch.setenv(
        "VTASKS_CRYPTOS__WRITE_BACK", json.dumps(CRYPTOS_WB | {"total": {"worksheet": "worth_m", "column": "cripto"}})
    )
    before, writes = target.state(), target.writes()
    state = vtasks(only=["cryptos", "indexa"], run_date=RUN_DATE, return_state=True)
    assert state.is_failed()
    assert "worksheet 'worth_m': no column 'cripto' in the header row" in state.message
    assert "worksheet 'invest_m': month 2026-11 is in rows 6 and 25" in state.message
    assert target.state() == before and target.writes() == writes
    data = vtasks_env / "data"  # each subflow's own data written before its write-back failed
    assert (data / "cryptos/value.parquet").exists() and (data / "indexa/performance.parquet").exists()
