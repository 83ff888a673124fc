"""Money Lover export parsing: both CSV separators, xlsx, header case, and errors naming file, row, column."""

import io

import pandas as pd
import pytest

from tasks.money_lover.parse import export_frame, typed_export
from tasks.validation import InputError

SEMICOLON = "Id;Date;Category;Amount;Currency;Note;Wallet\n1;03/02/2025;Food;-1.234,50;EUR;dinner;Bank\n2;28/02/2025;Salary;2000;EUR;;Bank\n"
COMMA = 'date,category,AMOUNT,note\n03/02/2025,Food,"-1,234.50",dinner\n28/02/2025,Salary,2000.00,\n'


def parsed(data: bytes, name: str) -> pd.DataFrame:
    return typed_export(export_frame(data, name), name)


@pytest.mark.parametrize("text", [SEMICOLON, COMMA], ids=["semicolon", "comma"])
def test_csv_exports_give_day_first_dates_and_signed_amounts(text):
    got = parsed(text.encode(), "MoneyLover-2025-03-01.csv")
    assert list(got.columns) == ["DATE", "CATEGORY", "AMOUNT", "NOTE"]  # Id, Currency, Wallet ignored
    assert got["DATE"].dt.strftime("%Y-%m-%d").tolist() == ["2025-02-03", "2025-02-28"]
    assert got["AMOUNT"].tolist() == [-1234.5, 2000.0]
    assert got["NOTE"].tolist() == ["dinner", ""]


def test_xlsx_export_with_date_cells_and_no_note_column():
    frame = pd.DataFrame(
        {"Date": [pd.Timestamp("2025-02-03"), "28/02/2025"], "Category": ["Food", "Salary"], "Amount": [-12.5, 2000]}
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    got = parsed(buffer.getvalue(), "export.xlsx")
    assert got["DATE"].dt.day.tolist() == [3, 28] and got["AMOUNT"].tolist() == [-12.5, 2000.0]
    assert got["NOTE"].tolist() == ["", ""]


def test_missing_column_names_the_file_and_column():
    with pytest.raises(InputError, match=r"MoneyLover-x.csv: missing column AMOUNT \(expected DATE, CATEGORY, AMOUNT"):
        parsed(b"Date;Category;Note\n01/01/2025;Food;x\n", "MoneyLover-x.csv")


def test_bad_cells_name_row_and_column():
    data = b"Date;Category;Amount\n01/01/2025;Food;-3\n2025/13/45;Food;-3\n02/01/2025;;abc\n"
    with pytest.raises(InputError) as info:
        parsed(data, "e.csv")
    message = str(info.value)
    assert message.startswith("e.csv: row 3, column 'DATE': expected a day-first date (DD/MM/YYYY), got '2025/13/45'")
    assert "row 4, column 'AMOUNT': expected a number, got 'abc'" in message
    assert "row 4, column 'CATEGORY': expected a category name, got an empty cell" in message


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (b"", "e.csv", "e.csv: empty"),
        (b"\x89PNG\x00\xff\xfe garbage", "e.csv", "e.csv: not a UTF-8 text CSV"),
        (b"PK\x03\x04 a damaged zip", "e.xlsx", r"e.xlsx: not a readable zip \(xlsx\) workbook"),
        (b"\xd0\xcf\x11\xe0 a damaged BIFF file", "e.csv", r"e.csv: not a readable BIFF \(xls\) workbook"),
        (b"not a zip at all", "e.xlsx", r"e.xlsx: missing column DATE.*found NOT A ZIP AT ALL\); read as CSV text"),
        (b"<html><body><p>Nothing</p></body></html>", "e.xls", "e.xls: an HTML page with no table rows"),
    ],
)
def test_garbled_files_name_the_file(data, name, expected):
    with pytest.raises(InputError, match=expected):
        parsed(data, name)


def test_large_csv_keeps_only_the_used_columns_and_every_row_in_order():
    rows = 120_003  # more than one slice of CSV_ROWS_AT_ONCE
    lines = [f"{i};{1 + i % 28:02d}/01/2025;Cat {i % 7};-{i}.5;EUR;n{i};Bank" for i in range(rows)]
    data = ("Id;Date;Category;Amount;Currency;Note;Wallet\n" + "\n".join(lines) + "\n").encode()
    raw = export_frame(data, "big.csv")
    assert list(raw.columns) == ["DATE", "CATEGORY", "AMOUNT", "NOTE"]
    got = typed_export(raw, "big.csv")
    assert len(got) == rows and got["NOTE"].iloc[[0, -1]].tolist() == ["n0", f"n{rows - 1}"]
    assert got["AMOUNT"].iloc[-1] == -(rows - 1) - 0.5 and got["DATE"].iloc[-1] == pd.Timestamp(
        f"2025-01-{1 + (rows - 1) % 28:02d}"
    )


def test_missing_column_lists_every_header_found_and_text_is_stripped():
    with pytest.raises(InputError, match=r"missing column AMOUNT .*; found ID, DATE, CATEGORY, WALLET\)"):
        parsed(b"Id;Date;Category;Wallet\n1;01/01/2025;Food;Bank\n", "e.csv")
    got = parsed(b"Date,Category,Amount,Note\n01/01/2025, Food ,-3,  a note \n", "e.csv")
    assert got[["CATEGORY", "NOTE"]].values.tolist() == [["Food", "a note"]]
    assert str(got["CATEGORY"].dtype) == "str" and str(got["NOTE"].dtype) == "str"


def test_bytes_that_are_not_utf8_past_the_header_name_the_file():
    with pytest.raises(InputError, match=r"e.csv: not a UTF-8 text CSV"):
        parsed(b"Date;Category;Amount\n01/01/2025;Caf\xe9;-3\n", "e.csv")


def test_repeated_cells_parse_alike_and_a_short_row_names_its_empty_cell():
    got = parsed(b"Date;Category;Amount\n03/01/2025;Food;-3,5\n03/01/2025;Food;-3,5\n01/01/2025;Food;-3\n", "e.csv")
    assert got["AMOUNT"].tolist() == [-3.5, -3.5, -3.0] and got["DATE"].dt.day.tolist() == [3, 3, 1]
    with pytest.raises(InputError, match=r"row 3, column 'AMOUNT': expected a number, got an empty cell"):
        parsed(b"Date;Category;Amount\n01/01/2025;Food;-3\n02/01/2025;Food\n", "e.csv")
