"""The Sheets emulator answers gspread's own calls with Google's shapes, and runs standalone under HTTP control."""

import gspread
import pytest
import requests
from gspread.exceptions import APIError
from gspread.utils import ValueRenderOption

from tasks.retry import RetryPolicy
from tasks.sheets.gspread_sheets import GspreadSheets
from tasks.storage.redirect import redirect_session
from tests.emulators.standalone import standalone_emulator


@pytest.fixture
def book(emu):  # `emu`: the module's emulator from conftest.py, emptied for each test
    emu.load("Ledger", {"My Data": [["name", "qty", "ok"], ["apple", 3, True], ["pear", 2.5], ["", 5]]})
    return gspread.Client(auth=None, session=redirect_session(emu.url)).open("Ledger")


def test_reads_formatted_and_unformatted_values(book):
    ws = book.worksheet("My Data")
    assert ws.get_all_values() == [["name", "qty", "ok"], ["apple", "3", "TRUE"], ["pear", "2.5", ""], ["", "5", ""]]
    assert ws.get("A2:C3", value_render_option=ValueRenderOption.unformatted) == [["apple", 3, True], ["pear", 2.5]]
    assert ws.get_all_records() == [
        {"name": "apple", "qty": 3, "ok": "TRUE"},
        {"name": "pear", "qty": 2.5, "ok": ""},
        {"name": "", "qty": 5, "ok": ""},
    ]
    answer = book.values_get("'My Data'!B1:B9", params={"majorDimension": "COLUMNS"})
    assert answer == {"range": "'My Data'!B1:B9", "majorDimension": "COLUMNS", "values": [["qty", "3", "2.5", "5"]]}
    assert [r.get("values") for r in book.values_batch_get(["'My Data'!A1", "'My Data'!D9"])["valueRanges"]] == [
        [["name"]],
        None,
    ]


def test_writes_through_gspread_worksheet_methods(book):
    ws = book.worksheet("My Data")
    answer = ws.update([["kiwi", "7"]], "A5:B5", raw=False)
    assert answer["updatedRange"] == "'My Data'!A5:B5" and answer["updatedCells"] == 2
    ws.append_rows([["fig", 1]])
    ws.batch_clear(["A2:C2"])
    assert ws.get("A2:B6", value_render_option=ValueRenderOption.unformatted) == [
        [],
        ["pear", 2.5],
        ["", 5],
        ["kiwi", 7],
        ["fig", 1],
    ]
    added = book.add_worksheet("New", rows=2, cols=2)
    assert [w.title for w in book.worksheets()] == ["My Data", "New"] and added.row_count == 2
    with pytest.raises(APIError, match="exceeds grid limits. Max rows: 2, max columns: 2") as caught:
        added.update([["a"]] * 3, "A1")
    assert caught.value.code == 400


def test_errors_carry_google_codes(book):
    with pytest.raises(APIError) as caught:
        book.values_get("'Nope'!A1")
    assert caught.value.code == 400 and caught.value.error["status"] == "INVALID_ARGUMENT"
    with pytest.raises(gspread.SpreadsheetNotFound):
        gspread.Client(auth=None, session=book.client.session).open("No such title")


def test_standalone_emulator_is_loaded_faulted_and_counted_over_http():
    with standalone_emulator("tests.emulators.sheets_api", "--latency-ms", "1") as url:
        loaded = requests.post(
            f"{url}/__emulator__/spreadsheets",
            timeout=5,
            json={"title": "books_data", "worksheets": {"Books": [["Title"], ["Dune"]]}},
        )
        key = loaded.json()["spreadsheetId"]
        faults = requests.post(f"{url}/__emulator__/faults", json={"route": "values.get", "status": 500}, timeout=5)
        assert faults.json() == {
            "values.get": [
                {
                    "status": 500,
                    "retry_after": None,
                    "latency_s": 0.0,
                    "drop_connection": False,
                    "drop_after": False,
                    "count": 1,
                }
            ]
        }
        sheets = GspreadSheets(api_url=url, policy=RetryPolicy(backoff_s=0.01))
        assert sheets.read_rows("books_data", "Books") == sheets.read_rows(key, "Books") == [["Title"], ["Dune"]]
        counters = requests.get(f"{url}/__emulator__/counters", timeout=5).json()
        assert counters["routes"] == {"files.list": 1, "spreadsheets.get": 2, "values.get": 3}
        assert counters["faults_served"] == {"values.get": 1} and counters["spreadsheets"] == 1
        dumped = requests.get(f"{url}/__emulator__/spreadsheets", timeout=5).json()["spreadsheets"]
        assert dumped == [{"spreadsheetId": key, "title": "books_data", "worksheets": {"Books": [["Title"], ["Dune"]]}}]
        bad = requests.post(f"{url}/__emulator__/faults", json={"status": 500}, timeout=5)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == 400
        requests.post(f"{url}/__emulator__/reset", timeout=5).raise_for_status()
        after = requests.get(f"{url}/__emulator__/counters", timeout=5).json()
        assert after["routes"] == {} and after["spreadsheets"] == 0
