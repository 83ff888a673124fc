"""Schema validation: errors name the source, the spreadsheet row and the column."""

import pandas as pd
import pytest

from tasks.validation import Column, InputError, validated_frame

COLUMNS = [Column("Name"), Column("When", "date"), Column("Pages", "int", minimum=0), Column("Note", optional=True)]

BAD_CASES = [
    ({"Name": ["a"], "When": ["2024-01-01"]}, "Books: missing column 'Pages'"),
    ({"Name": ["a"], "When": ["2024-13-01"], "Pages": [1]}, "Books: row 2, column 'When': expected a date"),
    (
        {"Name": ["a", "b"], "When": ["2024-01-01"] * 2, "Pages": [1, "many"]},
        "row 3, column 'Pages': expected a whole number, got 'many'",
    ),
    (
        {"Name": ["a"], "When": ["2024-01-01"], "Pages": [-3]},
        "row 2, column 'Pages': expected a whole number >= 0, got -3",
    ),
    ({"Name": ["a"], "When": ["2024-01-01"], "Pages": [2.5]}, "expected a whole number, got 2.5"),
    ({"Name": [""], "When": ["2024-01-01"], "Pages": [1]}, "row 2, column 'Name': expected text, got an empty cell"),
]


@pytest.mark.parametrize("data,message", BAD_CASES)
def test_bad_input_names_row_and_column(data, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        validated_frame(pd.DataFrame(data), COLUMNS, "Books")


def test_empty_sheet_is_an_error():
    with pytest.raises(InputError, match="Books: empty; expected a header row with Name, When, Pages"):
        validated_frame(pd.DataFrame(), COLUMNS, "Books")


def test_types_and_optional_column():
    got = validated_frame(pd.DataFrame({"Name": [" a "], "When": ["2024-02-03"], "Pages": ["7"]}), COLUMNS, "Books")
    assert got["Name"].tolist() == ["a"]
    assert got["When"].tolist() == [pd.Timestamp("2024-02-03")]
    assert got["Pages"].tolist() == [7]
    assert got["Note"].isna().all()


def test_reports_at_most_five_problems():
    data = {"Name": ["a"] * 8, "When": ["x"] * 8, "Pages": [1] * 8}
    with pytest.raises(InputError, match=r"\(and 3 more\)"):
        validated_frame(pd.DataFrame(data), COLUMNS, "Books")
