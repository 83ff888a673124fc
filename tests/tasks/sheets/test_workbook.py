"""The workbook-file Sheets client on a local storage folder."""

from datetime import date, datetime

import pandas as pd
import pytest

from tasks.sheets.base import SheetsError
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.local import LocalStorage


@pytest.fixture
def sheets(tmp_path):
    return WorkbookSheets(LocalStorage(tmp_path))


def test_round_trip_keeps_names_blanks_and_types(sheets):
    frame = pd.DataFrame({"Title": ["A", "B"], "Pages": pd.array([10, None], dtype="Int64")})
    sheets.write_frames("books_data", {"Books": frame, "TODO": frame.head(1)})
    got = sheets.read_worksheet("books_data", "Books")
    assert list(got.columns) == ["Title", "Pages"]
    assert got.values.tolist() == [["A", 10], ["B", None]]
    assert len(sheets.read_worksheet("books_data", "TODO")) == 1


def test_missing_worksheet_and_workbook_are_named(sheets):
    sheets.write_frames("books_data", {"Books": pd.DataFrame({"A": [1]})})
    with pytest.raises(SheetsError, match="no worksheet 'TODO' \\(found: Books\\)"):
        sheets.read_worksheet("books_data", "TODO")
    with pytest.raises(SheetsError, match="spreadsheet 'other': no workbook"):
        sheets.read_worksheet("other", "Books")


def test_garbled_workbook_is_named(sheets, tmp_path):
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "books_data.xlsx").write_bytes(b"not a zip")
    with pytest.raises(SheetsError, match="books_data.xlsx is not a readable .xlsx workbook"):
        sheets.read_worksheet("books_data", "Books")


def test_empty_worksheet_gives_empty_frame(sheets):
    sheets.write_rows("books_data", {"Books": []})
    assert sheets.read_worksheet("books_data", "Books").shape == (0, 0)


def test_cells_read_as_a_spreadsheet_shows_them_with_the_sheets_number_format(tmp_path):
    sheets = WorkbookSheets(LocalStorage(tmp_path), number_formats={"expensor_data/liquid_m": "spanish"})
    sheets.write_rows(
        "expensor_data",
        {
            "liquid_m": [
                ["Date", "Bank"],
                [date(2023, 1, 1), "1.234,56 €"],
                ["2023/02", 12.5],
                [datetime(2023, 3, 1, 9), 7.0],
            ],
            "salary": [[None, "Fixed"], [None, 1], [None, None]],
        },
    )
    raw = sheets.read_worksheet("expensor_data", "liquid_m")
    assert raw.attrs == {"number_format": "spanish"}  # validation reads numbers typed as text in this format
    assert raw.values.tolist() == [
        [datetime(2023, 1, 1), "1.234,56 €"],
        ["2023/02", 12.5],
        [datetime(2023, 3, 1, 9), 7],
    ]
    assert sheets.read_rows("expensor_data", "salary") == [[None, "Fixed"], [None, 1]]  # a blank first column stays
    assert sheets.read_worksheet("expensor_data", "salary").attrs == {}
