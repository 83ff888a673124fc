"""write_back_cells with the real gspread against the Sheets emulator: a missing target is named and nothing is
written; a date-keyed sheet gets a date cell; one values.batchUpdate for several worksheets."""

from datetime import date

import pytest

from config.retry import RetryPolicy
from tasks.sheets.gspread_sheets import GspreadSheets
from tasks.write_back.steps import write_back_cells
from tasks.write_back.transform import WriteBackError
from tests.emulators.sheets_api import SheetsEmulator
from tests.emulators.sheets_format import Typed

WRITES = ("values.batchUpdate", "values.update", "values.append", "spreadsheets.batchUpdate")


@pytest.fixture(scope="module")
def emu():
    with SheetsEmulator() as server:
        yield server


@pytest.fixture
def sheets(emu):
    emu.reset()
    emu.load(
        "expensor_data",
        {
            "worth_m": [["Date", "crypto"], [Typed.day(date(2026, 10, 1), "d/m/yyyy"), 5.0]],
            "invest_m": [["Month", "indexa"], ["2026/11", 1.0]],
        },
    )
    return GspreadSheets(api_url=emu.url, policy=RetryPolicy(backoff_s=0.01, max_wait_s=0.05))


def writes(emu) -> int:
    return sum(emu.counts()["routes"].get(r, 0) for r in WRITES)


def test_both_worksheets_in_one_batch_update_a_date_key_for_a_date_keyed_sheet(emu, sheets):
    cells = write_back_cells(
        sheets, "expensor_data", [("worth_m", "crypto", 7.0), ("invest_m", "indexa", 2.0)], date(2026, 11, 22)
    )
    assert cells == {"worth_m": {"A3": date(2026, 11, 1), "B3": 7.0}, "invest_m": {"B2": 2.0}}
    assert emu.rows("expensor_data", "worth_m")[2] == [Typed.day(date(2026, 11, 1), "yyyy-mm-dd"), 7.0]
    assert emu.counts()["routes"]["values.batchUpdate"] == 1
    assert write_back_cells(sheets, "expensor_data", [("worth_m", "crypto", 7.0)], date(2026, 11, 22)) == {}
    assert emu.counts()["routes"]["values.batchUpdate"] == 1


@pytest.mark.parametrize(
    "spreadsheet, worksheet, column, message",
    [
        (
            "expensor",
            "worth_m",
            "crypto",
            "write-back: spreadsheet 'expensor', worksheet 'invest_m': not found by title",
        ),
        (
            "expensor_data",
            "worth",
            "crypto",
            "spreadsheet 'expensor_data': no worksheet 'worth' (found: worth_m, invest_m)",
        ),
        ("expensor_data", "worth_m", "cripto", "worksheet 'worth_m': no column 'cripto' in the header row"),
    ],
)
def test_a_missing_target_is_named_and_nothing_is_written(emu, sheets, spreadsheet, worksheet, column, message):
    before = emu.store.dump()
    targets = [("invest_m", "indexa", 3.0), (worksheet, column, 1.0)]  # the good one is not written either
    with pytest.raises(WriteBackError) as raised:
        write_back_cells(sheets, spreadsheet, targets, date(2026, 11, 22))
    assert message in str(raised.value)
    assert writes(emu) == 0 and emu.store.dump() == before
