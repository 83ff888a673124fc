"""The spreadsheets as a real user has them (tests/fixtures/real/), through `vtasks` in the `real` profile:
months keyed YYYY-MM-01, YYYY/MM and MM/YYYY with Spanish numbers, and the 2023 reading log's `Date` column,
read by the real gspread from the Sheets emulator and from `.xlsx` workbooks in storage."""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from flows.vtasks import vtasks
from tasks.money_lover.demo import demo_files
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.local import LocalStorage
from tests.emulators.sheets_api import SheetsEmulator

RUN_DATE = "2026-11-22"
FIXTURES = Path(__file__).parents[1] / "fixtures/real"
SUBFLOWS = ["money_lover", "expensor", "vbooks"]


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def workbook_cell(value):
    """A typed cell of the fixture as a workbook holds it: a date cell is a date."""
    return date.fromisoformat(value["value"]) if isinstance(value, dict) else value


@pytest.fixture(params=["gspread", "workbook"])
def backend(request, vtasks_env, monkeypatch):
    """Both spreadsheets loaded into the Sheets emulator or written as workbooks; settings as a user sets them."""
    monkeypatch.setenv("VTASKS_PROFILE", "real")
    monkeypatch.setenv("VTASKS_SHEETS", request.param)
    monkeypatch.setenv("VTASKS_SHEETS_NUMBER_FORMATS", '{"expensor_data": "spanish"}')
    config = vtasks_env / "config"
    config.mkdir()
    packaged = (Path(__file__).parents[2] / "config/vbooks.yaml").read_text()
    (config / "vbooks.yaml").write_text(packaged.replace("columns: {}", "columns: {date_finished: Date}"))
    monkeypatch.setenv("VTASKS_CONFIG_DIR", str(config))
    storage = LocalStorage(vtasks_env / "data")
    for path, data in demo_files(7, date(2026, 11, 22), 1, 0.2).items():  # a Money Lover export for expensor
        storage.write_bytes(path, data)
    books = {name: fixture(name) for name in ("expensor_data", "books_data")}
    if request.param == "workbook":
        sheets = WorkbookSheets(storage)
        for title, book in books.items():
            sheets.write_rows(
                title,
                {ws: [[workbook_cell(v) for v in row] for row in rows] for ws, rows in book["worksheets"].items()},
            )
        yield sheets.write_rows
        return
    with SheetsEmulator() as emulator:
        monkeypatch.setenv("VTASKS_SHEETS_API_URL", emulator.url)
        keys = {title: emulator.load(title, book["worksheets"], locale=book["locale"]) for title, book in books.items()}
        yield lambda title, worksheets: emulator.load(title, worksheets, key=keys[title], locale="es_ES")


def test_real_sheets_land_in_the_monthly_tables_and_the_reading_log(prefect_api, vtasks_env, backend):
    state = vtasks(only=SUBFLOWS, run_date=RUN_DATE, return_state=True)
    assert state.is_completed(), state.message
    data = vtasks_env / "data"

    balances = pd.read_parquet(data / "expensor/balances.parquet")
    bank = balances[balances["account"] == "Bank"].set_index("month")["amount"]
    assert len(bank) == 22 and bank.index.min() == pd.Timestamp("2025-01-01")  # YYYY-MM-01 rows
    assert bank[pd.Timestamp("2025-07-01")] == 11500.5  # the first YYYY/MM row, from "11.500,50 €"
    assert bank[pd.Timestamp("2026-10-01")] == 15250.5
    cash = balances[balances["account"] == "Cash"].set_index("month")["amount"]
    assert cash[pd.Timestamp("2025-01-01")] == 0.0 and cash[pd.Timestamp("2025-02-01")] == 150.25  # blank is 0
    funds = balances[(balances["account"] == "Funds") & (balances["kind"] == "worth")].set_index("month")["amount"]
    assert funds[pd.Timestamp("2026-10-01")] == pytest.approx(7810.25)
    assert "Total" not in set(balances["account"])

    salary = pd.read_parquet(data / "expensor/salary.parquet")
    assert salary["month"].dt.strftime("%Y-%m").tolist() == [
        f"2026-{m:02d}" for m in range(5, 11)
    ]  # YYYY/MM and MM/YYYY
    assert salary["fixed"].tolist() == [2500.0] * 6 and salary["eagi"].tolist() == [-312.4] * 6
    assert salary["bonus"].tolist() == [0.0, 1200.5, 0.0, 0.0, 0.0, 0.0]
    worth = pd.read_parquet(data / "expensor/worth.parquet").set_index("month")
    assert worth.loc[pd.Timestamp("2026-09-01"), "liquid"] == pytest.approx(15000.5 + 150.25)

    books = pd.read_parquet(data / "vbooks/books.parquet")
    assert books["title"].tolist() == ["Dune", "Cien años de soledad", "1984", "La sombra del viento"]
    assert books["finished"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-01-05",
        "2023-02-20",
        "2024-07-01",
        "2025-11-30",
    ]
    assert books["type"].tolist() == ["", "", "Paper", "Ebook"]
    todo = pd.read_parquet(data / "vbooks/todo.parquet")
    assert todo["pages"].tolist() == [730, 0, 474, 880]
    assert todo["ownership"].tolist() == ["owned", "in library", "not owned", "not owned"]

    # A second row for a month stops expensor naming the sheet and both rows; nothing written is touched.
    before = {p: p.read_bytes() for p in sorted((data / "expensor").glob("*.parquet"))}
    liquid = fixture("expensor_data")["worksheets"]["liquid_m"]
    book = fixture("expensor_data")["worksheets"] | {"liquid_m": liquid + [["2025/03", "1,00 €", "", ""]]}
    backend("expensor_data", book)
    state = vtasks(only=["expensor"], run_date=RUN_DATE, return_state=True, force=True)
    assert state.is_failed()
    assert (
        "expensor_data / liquid_m: rows 4 and 24, column 'Date': month 2025-03 repeated (expected one row per month)"
    ) in state.message
    assert {p: p.read_bytes() for p in before} == before
