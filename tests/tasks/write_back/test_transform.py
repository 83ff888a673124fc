"""Pure write-back planning: A1 labels past Z, the month key in the sheet's own form, the month's row, changed cells."""

from datetime import date, datetime

import pandas as pd
import pytest

from tasks.sheets.a1 import cell_label, column_letters, label_position, sheet_range
from tasks.write_back.transform import WriteBackError, changed_cells, key_form, month_key, month_row

DEC = pd.Timestamp("2026-12-01")
WHERE = "write-back to spreadsheet 'expensor_data', worksheet 'worth_m'"


@pytest.mark.parametrize(
    "index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_go_past_z(index, letters):
    assert column_letters(index) == letters
    assert label_position(f"{letters}7") == (6, index)


@pytest.mark.parametrize("row, col, label", [(0, 0, "A1"), (13, 27, "AB14"), (99, 26, "AA100")])
def test_cell_label(row, col, label):
    assert cell_label(row, col) == label


@pytest.mark.parametrize("bad", ["b2", "B0", "2B", "AAAA1", "B", ""])
def test_label_position_refuses_what_is_not_a_cell(bad):
    with pytest.raises(ValueError, match="expected a cell like B2"):
        label_position(bad)


def test_sheet_range_quotes_the_title():
    assert sheet_range("worth_m", "AB14") == "'worth_m'!AB14"
    assert sheet_range("Bob's", "A1") == "'Bob''s'!A1"


@pytest.mark.parametrize(
    "key, form, written",
    [
        ("2025/07", "YYYY/MM", "2026/12"),
        ("2025-01-01", "YYYY-MM-DD", "2026-12-01"),
        ("2025-01", "YYYY-MM", "2026-12"),
        ("07/2025", "MM/YYYY", "12/2026"),
        (45658, "date", date(2026, 12, 1)),  # gspread's serial number of a date cell
        (datetime(2025, 1, 1), "date", date(2026, 12, 1)),  # the workbook's date cell
    ],
)
def test_key_form_is_detected_and_a_month_written_in_it(key, form, written):
    assert key_form(key) == form
    assert month_key(DEC, form) == written


@pytest.mark.parametrize("key", ["Total", None, 2023, "", True])
def test_what_is_not_a_month_key_has_no_form(key):
    assert key_form(key) is None


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([["Date", "x"], ["2026-11-01", 1], ["2026/12", 2]], (2, None)),  # found
        ([["Date", "x"], ["2026-10-01", 1], ["2026/11", 2]], (3, "2026/12")),  # appended in the last key's form
        ([["Date", "x"], ["2026-11-01", 1]], (2, "2026-12-01")),
        ([["Date", "x"]], (1, "2026/12")),  # no keys yet
        (
            [["Date", "x"], ["2026/11", 1], [None, None], ["Total", 3]],
            (4, "2026/12"),
        ),  # after every row, never over one
    ],
)
def test_month_row(rows, expected):
    assert month_row(rows, DEC, WHERE) == expected


def test_a_month_in_two_rows_is_an_error_naming_both():
    rows = [["Date", "x"], ["2026/11", 1], ["2026/12", 2], ["2026-12-01", 3]]
    with pytest.raises(WriteBackError, match=r"worth_m': month 2026-12 is in rows 3 and 4"):
        month_row(rows, DEC, WHERE)


@pytest.mark.parametrize(
    "rows",
    [
        [["Date"], ["2027/01"]],  # the month would go before the last row
        [["Date"], ["2026/11"], ["2026/10"]],  # newest first: appending would break the order
    ],
)
def test_a_missing_month_is_not_guessed_into_the_middle(rows):
    with pytest.raises(WriteBackError, match="no row for month 2026-12"):
        month_row(rows, DEC, WHERE)


def test_changed_cells_writes_only_what_changed_past_column_z():
    header = ["Date", "crypto"] + [None] * 25 + ["indexa_pp"]
    rows = [header, ["2026/11", 10.0], ["2026/12", "1.234,50 €"] + [None] * 25 + [99.0]]
    cells = changed_cells(rows, DEC, {"crypto": 1234.5, "indexa_pp": 100.004}, WHERE, "spanish")
    assert cells == {"AB3": 100.0}
    assert changed_cells(rows, DEC, {"crypto": 1234.501, "indexa_pp": 99.0}, WHERE, "spanish") == {}


def test_changed_cells_appends_the_key_with_the_values():
    rows = [["Date", "crypto", "indexa"], [45962, 10.0, 5.0]]  # a date cell, 2025-11-01
    assert changed_cells(rows, DEC, {"indexa": 7.123}, WHERE) == {"A3": date(2026, 12, 1), "C3": 7.12}


def test_a_missing_column_is_named_before_any_row_is_looked_at():
    rows = [["Date", "crypto"], ["2026/12", 1], ["2026/12", 2]]
    with pytest.raises(WriteBackError, match=r"worth_m': no column 'indexa' in the header row \(found: Date, crypto\)"):
        changed_cells(rows, DEC, {"indexa": 1.0}, WHERE)
