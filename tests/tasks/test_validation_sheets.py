"""Month keys, numbers in a sheet's number format and renamed columns: what validation reads and what it names."""

from datetime import date, datetime

import pandas as pd
import pytest

from tasks.validation import ATTR_NUMBER_FORMAT, Column, InputError, column_key, renamed_columns, validated_frame

MONTHLY = [Column("Date", "month", unique=True), Column("Bank", "float", blank=0.0)]
MARCH = pd.Timestamp("2023-03-01")

MONTH_KEYS = [
    (date(2023, 3, 1), MARCH),  # a date cell read from a workbook
    (datetime(2023, 3, 17, 10, 30), MARCH),
    (44986, MARCH),  # a date cell read through the Sheets API: days since 1899-12-30
    (44986.75, MARCH),
    ("2023-03-01", MARCH),  # the 2023 sheets
    ("2023-03-31", MARCH),
    ("2023-03-01 00:00:00", MARCH),
    ("2023-03", MARCH),
    ("2023/03", MARCH),  # the later sheets
    ("2023/3", MARCH),
    (" 2023/03 ", MARCH),
    ("03/2023", MARCH),
    ("3/2023", MARCH),
]

BAD_MONTH_KEYS = ["2023/13", "13/2023", "2023-02-30", "2023", "March 2023", "2023.03", "01/03/2023", 2023, 202303, True]


def sheet(rows: list[list], number_format: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    if number_format:
        frame.attrs[ATTR_NUMBER_FORMAT] = number_format
    return frame


@pytest.mark.parametrize("key, month", MONTH_KEYS)
def test_every_month_key_form_is_the_first_of_its_month(key, month):
    typed = validated_frame(sheet([["Date", "Bank"], [key, 1]]), MONTHLY, "expensor_data / liquid_m")
    assert typed["Date"].tolist() == [month]


@pytest.mark.parametrize("key", BAD_MONTH_KEYS)
def test_a_key_that_is_no_month_names_sheet_row_column_and_the_forms(key):
    raw = sheet([["Date", "Bank"], ["2023/01", 1], [key, 2]])
    expected = (
        f"expensor_data / liquid_m: row 3, column 'Date': expected a month (a date cell, YYYY-MM-DD, "
        f"YYYY-MM, YYYY/MM or MM/YYYY), got {key!r}"
    )
    with pytest.raises(InputError) as error:
        validated_frame(raw, MONTHLY, "expensor_data / liquid_m")
    assert str(error.value) == expected


@pytest.mark.parametrize(
    "first, second", [("2023/03", "2023-03-01"), ("03/2023", date(2023, 3, 31)), ("2023-03", 44986)]
)
def test_two_rows_for_one_month_name_both_rows(first, second):
    raw = sheet([["Date", "Bank"], ["2023/02", 1], [first, 2], ["2023/04", 3], [second, 4]])
    with pytest.raises(InputError) as error:
        validated_frame(raw, MONTHLY, "expensor_data / worth_m")
    assert str(error.value) == (
        "expensor_data / worth_m: rows 3 and 5, column 'Date': month 2023-03 repeated (expected one row per month)"
    )


def test_three_rows_for_one_month_are_all_named():
    raw = sheet([["Date", "Bank"], ["2023/03", 1], ["2023-03", 2], ["03/2023", 3]])
    with pytest.raises(InputError, match="rows 2, 3 and 4, column 'Date': month 2023-03 repeated"):
        validated_frame(raw, MONTHLY, "s")


NUMBERS = [
    ("spanish", "1.234,56 €", 1234.56),
    ("spanish", "-1.234,56 €", -1234.56),
    ("spanish", "-12,5 %", -0.125),
    ("spanish", "12,50\u00a0%", 0.125),
    ("spanish", "0,07", 0.07),
    ("spanish", 1234.56, 1234.56),  # a number cell stays the number it is
    ("spanish", "", 0.0),  # blank: the column's default
    ("plain", "1,234.56", 1234.56),
    ("plain", "$1,234", 1234.0),
    ("plain", "15%", 0.15),
    (None, "1234.5", 1234.5),  # no format set: plain Python numbers, as before
]


@pytest.mark.parametrize("number_format, text, number", NUMBERS)
def test_numbers_typed_as_text_read_in_the_sheets_format(number_format, text, number):
    typed = validated_frame(sheet([["Date", "Bank"], ["2023/03", text]], number_format), MONTHLY, "s")
    assert typed["Bank"].tolist() == [pytest.approx(number)]


@pytest.mark.parametrize(
    "number_format, text, example",
    [
        ("spanish", "1,234.56", "1.234,56"),
        ("spanish", "12.34,5", "1.234,56"),
        ("spanish", "mucho", "1.234,56"),
        ("plain", "1.234,56 €", "1,234.56"),
    ],
)
def test_a_number_that_fits_no_format_names_sheet_row_column_and_the_format(number_format, text, example):
    raw = sheet([["Date", "Bank"], ["2023/03", "1"], ["2023/04", text]], number_format)
    with pytest.raises(InputError) as error:
        validated_frame(raw, MONTHLY, "expensor_data / invest_m")
    assert (
        str(error.value)
        == f"expensor_data / invest_m: row 3, column 'Bank': expected a number like {example}, got {text!r}"
    )


def test_text_columns_keep_number_like_text_in_a_spanish_sheet():
    raw = sheet([["Title", "Pages"], ["1984", "1.024"], ["3,5", "12"]], "spanish")
    typed = validated_frame(raw, [Column("Title"), Column("Pages", "int")], "books")
    assert typed.to_dict("list") == {"Title": ["1984", "3,5"], "Pages": [1024, 12]}


@pytest.mark.parametrize(
    "name, key",
    [("Date finished", "date_finished"), ("Owned?", "owned"), ("EAGI", "eagi"), ("Color Name", "color_name")],
)
def test_column_keys(name, key):
    assert column_key(name) == key


def test_renamed_columns_are_read_under_the_sheets_header_and_named_in_errors():
    columns = [Column("Title"), Column("Date finished", "date"), Column("Pages", "int", minimum=0)]
    headers = {"date_finished": "Date"}
    assert [c.name for c in renamed_columns(columns, headers)] == ["Title", "Date", "Pages"]
    typed = validated_frame(
        sheet([["Title", "Date", "Pages"], ["Dune", "2023-01-05", 412]]), columns, "b", headers=headers
    )
    assert list(typed.columns) == ["Title", "Date finished", "Pages"]
    assert typed["Date finished"].tolist() == [pd.Timestamp("2023-01-05")]
    with pytest.raises(InputError, match=r"b: row 2, column 'Date': expected a date \(YYYY-MM-DD\), got 'soon'"):
        validated_frame(sheet([["Title", "Date", "Pages"], ["Dune", "soon", 412]]), columns, "b", headers=headers)
    with pytest.raises(InputError, match="b: missing column 'Date' \\(expected columns: Title, Date, Pages\\)"):
        validated_frame(
            sheet([["Title", "Date finished", "Pages"], ["Dune", "2023-01-05", 1]]), columns, "b", headers=headers
        )
