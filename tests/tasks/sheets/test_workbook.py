"""The workbook-file Sheets client on a local storage folder."""

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
