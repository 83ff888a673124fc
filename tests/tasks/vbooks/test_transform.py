"""vbooks transforms on tiny frames, with expectations computed by hand."""

import pandas as pd
import pytest

from tasks.validation import validated_frame
from tasks.vbooks.schema import BOOKS_COLUMNS, TODO_COLUMNS
from tasks.vbooks.transform import (
    books_table,
    cumulative_language_share,
    language_share_per_year,
    pages_by_language,
    pages_per_period,
    reading_totals,
    todo_counts,
    todo_table,
    top_authors,
)


@pytest.fixture
def books():
    raw = pd.DataFrame(
        {
            "Title": ["A", "B", "C", "D"],
            "Author": ["Woolf", "Eco", "Woolf", "Eco"],
            "Language": ["English", "Spanish", "English", "English"],
            "Date finished": ["2023-01-10", "2023-03-05", "2024-01-20", "2024-01-25"],
            "Pages": ["100", 300, 200.0, 50],
        }
    )
    return books_table(validated_frame(raw, BOOKS_COLUMNS, "Books"))


def test_books_table_types_and_order(books):
    assert list(books["title"]) == ["A", "B", "C", "D"]
    assert list(books["pages"]) == [100, 300, 200, 50]
    assert list(books["year"]) == [2023, 2023, 2024, 2024]
    assert books["type"].tolist() == ["", "", "", ""]


def test_reading_totals(books):
    totals = reading_totals(books)
    assert (totals["books"], totals["pages"], totals["years"]) == (4, 650, 2)
    assert totals["newest"] == pd.Timestamp("2024-01-25")


def test_pages_by_language(books):
    got = pages_by_language(books)
    assert got.to_dict("list") == {"language": ["English", "Spanish"], "pages": [350, 300], "books": [3, 1]}


def test_language_shares(books):
    share = language_share_per_year(books)
    # 2023: English 100 of 400, Spanish 300 of 400; 2024: all English.
    assert share.loc[2023].tolist() == [25.0, 75.0]
    assert share.loc[2024].tolist() == [100.0, 0.0]
    cumulative = cumulative_language_share(books)
    # By 2024: English 350 of 650 = 53.8 %, Spanish 300 of 650 = 46.2 %.
    assert cumulative.loc[2024].tolist() == [53.8, 46.2]


def test_pages_per_month_fills_gaps_and_smooths(books):
    monthly = pages_per_period(books, "MS", window=3)
    assert len(monthly) == 13  # Jan 2023 .. Jan 2024
    assert monthly["pages"].iloc[0] == 100 and monthly["pages"].iloc[1] == 0 and monthly["pages"].iloc[-1] == 250
    # Centred mean of Jan..Mar 2023 = (100 + 0 + 300) / 3.
    assert monthly["trend"].iloc[1] == pytest.approx(133.3)


def test_top_authors(books):
    assert top_authors(books, 1).to_dict("list") == {"author": ["Eco"], "pages": [350], "books": [2]}


def test_todo_ownership_and_blank_pages():
    raw = pd.DataFrame(
        {
            "Title": ["X", "Y", "Z"],
            "Author": ["Eco", "Eco", "Pamuk"],
            "Source": ["Friend", None, "Blog"],
            "Pages": [120, None, "80"],
            "Owned?": [1, "b", None],
        }
    )
    todo = todo_table(validated_frame(raw, TODO_COLUMNS, "TODO"))
    assert todo["ownership"].tolist() == ["owned", "in library", "not owned"]
    assert todo["pages"].tolist() == [120, 0, 80]
    assert todo["source"].tolist() == ["Friend", "unknown", "Blog"]
    assert todo_counts(todo, "author").to_dict("list") == {
        "author": ["Eco", "Pamuk"],
        "books": [2, 1],
        "pages": [120, 80],
    }
