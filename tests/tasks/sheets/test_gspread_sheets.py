"""GspreadSheets with the real gspread over HTTP against the local Sheets emulator: reads, writes, errors."""

from datetime import date

import pandas as pd
import pytest

from tasks.retry import RetryPolicy
from tasks.sheets.base import SheetsError
from tasks.sheets.gspread_sheets import GspreadSheets
from tasks.validation import Column, InputError, validated_frame

BOOKS = [
    ["Title", "Pages", "Date finished", "Note"],
    ["Dune", 412, "2024-01-05", ""],
    ["Emma", 2.5, "2024-02-01", None],
    ["", None, None, "lonely note"],
    [None, None, None, None],  # a trailing empty row is dropped
]


@pytest.fixture
def sheets(emu):
    return GspreadSheets(api_url=emu.url, policy=RetryPolicy(backoff_s=0.01, max_wait_s=0.05))


def test_read_by_title_gives_typed_rows_and_opens_the_spreadsheet_once(emu, sheets):
    emu.load("books_data", {"Books": BOOKS, "TODO": [["Title"], ["Ulysses"]]})
    assert sheets.read_rows("books_data", "Books") == [
        ["Title", "Pages", "Date finished"] + ["Note"],
        ["Dune", 412, "2024-01-05"],  # numbers arrive as numbers, empty cells are dropped at the row's end
        ["Emma", 2.5, "2024-02-01"],
        [None, None, None, "lonely note"],
    ]
    assert sheets.read_worksheet("books_data", "TODO").to_dict("records") == [{"Title": "Ulysses"}]
    routes = emu.counts()["routes"]
    assert routes["files.list"] == 1 and routes["values.get"] == 2


def test_read_by_key_and_key_prefix(emu, sheets):
    key = emu.load("Money", {"Data": [["a"], [1]]})
    emu.load("Other", {"Data": [["b"]]})
    assert sheets.read_rows(key, "Data") == [["a"], [1]]
    assert sheets.read_rows(f"key:{key}", "Data") == [["a"], [1]]
    assert "files.list" not in emu.counts()["routes"]  # by key there is no Drive search


def test_missing_spreadsheet_and_worksheet_are_named(emu, sheets):
    emu.load("books_data", {"Books": BOOKS, "TODO": []})
    with pytest.raises(SheetsError, match=r"spreadsheet 'books_dat', worksheet 'Books': not found by title"):
        sheets.read_rows("books_dat", "Books")
    with pytest.raises(SheetsError, match=r"spreadsheet 'key:1nope', worksheet 'Books': not found by key"):
        sheets.read_rows("key:1nope", "Books")
    with pytest.raises(SheetsError, match=r"spreadsheet 'books_data': no worksheet 'books' \(found: Books, TODO\)"):
        sheets.read_rows("books_data", "books")


def test_spanish_numbers_only_where_configured_and_only_in_numeric_columns(emu):
    emu.load(
        "Money",
        {
            "Transactions": [["Amount", "Concept"], ["1.234,56 €", "Rent"], ["-12,50 €", "3,5"]],
            "Notes": [["Amount"], ["1.234,56 €"]],
        },
    )
    sheets = GspreadSheets(api_url=emu.url, number_formats={"Money/Transactions": "spanish"})
    columns = [Column("Amount", "float"), Column("Concept")]
    typed = validated_frame(sheets.read_worksheet("Money", "Transactions"), columns, "Money / Transactions")
    assert typed.to_dict("list") == {"Amount": [1234.56, -12.5], "Concept": ["Rent", "3,5"]}  # text stays text
    with pytest.raises(InputError, match=r"Money / Notes: row 2, column 'Amount': expected a number, got '1.234,56 €'"):
        validated_frame(sheets.read_worksheet("Money", "Notes"), columns[:1], "Money / Notes")


def test_write_rows_never_replaces_a_users_own_data(emu, sheets):
    emu.load("books_data", {"Books": [["Title"], ["Mine"]], "Empty": []})
    with pytest.raises(
        SheetsError,
        match="spreadsheet 'books_data': worksheet 'Books' already holds data vtasks did not write; not overwritten",
    ):
        sheets.write_rows("books_data", {"Empty": [["a"]], "Books": [["Title"], ["Demo"]]})
    assert emu.rows("books_data", "Books") == [["Title"], ["Mine"]] and emu.rows("books_data", "Empty") == []
    sheets.write_rows("books_data", {"Empty": [["a"]], "New": [["b"]]})  # empty or new worksheets are fine
    assert emu.rows("books_data", "New") == [["b"]] and "vtasks demo" in emu.rows("books_data", "vtasks demo")[0][0]


def test_write_rows_replaces_adds_and_grows_worksheets(emu, sheets):
    emu.load("books_data", {"Books": [["Old"]] * 5, "Keep": [["untouched"]], "vtasks demo": [["written before"]]})
    frame = pd.DataFrame(
        {
            "Title": ["A", "B"],
            "Pages": pd.array([10, None], dtype="Int64"),
            "Date finished": [date(2024, 1, 5), date(2024, 2, 1)],
        }
    )
    sheets.write_frames("books_data", {"Books": frame, "TODO": pd.DataFrame({"Title": ["x"] * 1500})})
    assert emu.rows("books_data", "Books") == [
        ["Title", "Pages", "Date finished"],
        ["A", 10, "2024-01-05"],
        ["B", None, "2024-02-01"],
    ]
    assert len(emu.rows("books_data", "TODO")) == 1501  # past the default 1000-row grid
    assert emu.rows("books_data", "Keep") == [["untouched"]]
    got = sheets.read_worksheet("books_data", "Books")
    assert got.values.tolist() == [["A", 10, "2024-01-05"], ["B", None, "2024-02-01"]]
