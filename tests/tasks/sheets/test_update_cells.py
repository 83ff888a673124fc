"""update_cells on both backends: the real gspread against the Sheets emulator, and an `.xlsx` in storage.
Only the given cells change (past column Z too), text stays text, a date becomes a date cell."""

import threading
from datetime import date, datetime

import pytest

from config.retry import RetryPolicy
from tasks.sheets.base import SheetsError
from tasks.sheets.gspread_sheets import GspreadSheets
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.local import LocalStorage
from tests.emulators.sheets_format import Typed

WORTH = [["Date", "Funds"] + [None] * 25 + ["indexa_pp"], ["2025/01", 10.5] + [None] * 25 + [1.0]]
WRITE = {"worth_m": {"A3": "2025/02", "B3": 12.25, "AB3": 2.5}, "dates": {"A2": date(2026, 12, 1)}}


def test_gspread_one_batch_update_only_the_cells_given(emu):
    sheets = GspreadSheets(api_url=emu.url, policy=RetryPolicy(backoff_s=0.01, max_wait_s=0.05))
    money = Typed(3.0, "CURRENCY")
    emu.load("expensor_data", {"worth_m": WORTH, "dates": [["Date", "x"], [None, money]]}, locale="es_ES")
    before = emu.store.dump()[0]["worksheets"]
    sheets.update_cells("expensor_data", WRITE | {"dates": {"A2": date(2026, 12, 1), "B2": 4.0}})
    after = emu.store.dump()[0]["worksheets"]
    assert after["worth_m"][:2] == before["worth_m"]
    assert after["worth_m"][2] == ["2025/02", 12.25] + [None] * 25 + [2.5]  # text kept as text, not a date
    assert after["dates"][1] == [Typed.day(date(2026, 12, 1), "yyyy-mm-dd"), Typed(4.0, "CURRENCY")]  # format kept
    routes = emu.counts()["routes"]
    assert routes["values.batchUpdate"] == 1 and "values.batchClear" not in routes and "values.update" not in routes
    sheets.update_cells("expensor_data", {"worth_m": {}})
    assert emu.counts()["routes"]["values.batchUpdate"] == 1  # nothing to write: no call


def test_gspread_grows_the_grid_for_a_row_past_it(emu):
    sheets = GspreadSheets(api_url=emu.url, policy=RetryPolicy(backoff_s=0.01, max_wait_s=0.05))
    emu.load("expensor_data", {"worth_m": WORTH})
    emu.store.books[next(iter(emu.store.books))].sheets[0].rows = 2
    sheets.update_cells("expensor_data", {"worth_m": {"A3": "2025/02"}})
    assert emu.rows("expensor_data", "worth_m")[2] == ["2025/02"]


def test_gspread_missing_worksheet_is_named_and_nothing_written(emu):
    sheets = GspreadSheets(api_url=emu.url, policy=RetryPolicy(backoff_s=0.01, max_wait_s=0.05))
    emu.load("expensor_data", {"worth_m": WORTH})
    with pytest.raises(SheetsError, match="spreadsheet 'expensor_data': no worksheet 'invest_m'"):
        sheets.update_cells("expensor_data", {"worth_m": {"B2": 1.0}, "invest_m": {"B2": 1.0}})
    assert "values.batchUpdate" not in emu.counts()["routes"]


def test_workbook_updates_the_file_in_place(tmp_path):
    storage = LocalStorage(tmp_path)
    sheets = WorkbookSheets(storage)
    sheets.write_rows("expensor_data", {"worth_m": WORTH, "dates": [["Date", "x"]]})
    sheets.update_cells("expensor_data", WRITE)
    assert sheets.read_rows("expensor_data", "worth_m") == WORTH + [["2025/02", 12.25] + [None] * 25 + [2.5]]
    assert sheets.read_rows("expensor_data", "dates")[1][0] == datetime(2026, 12, 1)
    stamp = (tmp_path / "sheets/expensor_data.xlsx").stat().st_mtime_ns
    sheets.update_cells("expensor_data", {"worth_m": {}})
    assert (tmp_path / "sheets/expensor_data.xlsx").stat().st_mtime_ns == stamp
    with pytest.raises(SheetsError, match="no worksheet 'invest_m' \\(found: worth_m, dates\\)"):
        sheets.update_cells("expensor_data", {"invest_m": {"B2": 1.0}})
    with pytest.raises(SheetsError, match="spreadsheet 'other': no workbook"):
        sheets.update_cells("other", {"worth_m": {"B2": 1.0}})


def test_workbook_changes_from_two_writers_both_land(tmp_path):
    """cryptos and indexa write back into one workbook at once: in one run (threads sharing the client) or in
    two processes (each with its own storage; a storage's stale kept copy: tests/storage/test_contract.py). Neither
    loses the other's cells: each change is written only onto the revision it was made on."""
    WorkbookSheets(LocalStorage(tmp_path)).write_rows("expensor_data", {"worth_m": WORTH})
    mine = LocalStorage(tmp_path)
    mine.cache_listings()
    sheets = WorkbookSheets(mine)
    assert sheets.read_rows("expensor_data", "worth_m")[1][1] == 10.5
    WorkbookSheets(LocalStorage(tmp_path)).update_cells("expensor_data", {"worth_m": {"B2": 11.0}})  # another process
    sheets.update_cells("expensor_data", {"worth_m": {"AB2": 3.0}})
    row = WorkbookSheets(LocalStorage(tmp_path)).read_rows("expensor_data", "worth_m")[1]
    assert (row[1], row[27]) == (11.0, 3.0)

    start = threading.Barrier(8)

    def write(n: int) -> None:
        start.wait()
        sheets.update_cells("expensor_data", {"worth_m": {f"{chr(ord('C') + n)}2": float(n)}})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    row = WorkbookSheets(LocalStorage(tmp_path)).read_rows("expensor_data", "worth_m")[1]
    assert row[2:10] == [float(n) for n in range(8)] and (row[1], row[27]) == (11.0, 3.0)
