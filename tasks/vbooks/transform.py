"""Pure transforms of the reading log: typed worksheets in, tidy tables and report figures out."""

from __future__ import annotations

import pandas as pd

from tasks.vbooks.schema import (
    COL_AUTHOR,
    COL_FINISHED,
    COL_LANGUAGE,
    COL_MONTH,
    COL_OWNERSHIP,
    COL_PAGES,
    COL_SOURCE,
    COL_TITLE,
    COL_TYPE,
    COL_YEAR,
    IN_LIBRARY,
    NOT_OWNED,
    OWNED,
)


def books_table(books: pd.DataFrame) -> pd.DataFrame:
    """Validated `Books` rows as snake_case columns plus year and month, oldest first."""
    out = pd.DataFrame(
        {
            COL_TITLE: books["Title"],
            COL_AUTHOR: books["Author"],
            COL_LANGUAGE: books["Language"],
            COL_FINISHED: books["Date finished"],
            COL_PAGES: books["Pages"].astype("int64"),
            COL_TYPE: books["Type"].fillna(""),
        }
    )
    out[COL_YEAR] = out[COL_FINISHED].dt.year.astype("int64")
    out[COL_MONTH] = out[COL_FINISHED].dt.to_period("M").dt.to_timestamp()
    return out.sort_values([COL_FINISHED, COL_TITLE], kind="stable").reset_index(drop=True)


def todo_table(todo: pd.DataFrame) -> pd.DataFrame:
    """Validated `TODO` rows with ownership decoded: 1 = owned, "b" = in library, else not owned."""
    flag = todo["Owned?"].astype("string").str.strip().str.lower()
    ownership = flag.map(lambda f: OWNED if f in ("1", "1.0") else IN_LIBRARY if f == "b" else NOT_OWNED)
    return pd.DataFrame(
        {
            COL_TITLE: todo["Title"],
            COL_AUTHOR: todo["Author"],
            COL_SOURCE: todo["Source"].fillna("").replace("", "unknown"),
            COL_PAGES: todo["Pages"].astype("int64"),
            COL_OWNERSHIP: ownership.astype("string"),
        }
    )


def reading_totals(books: pd.DataFrame) -> dict:
    """Headline figures: books, pages, years reading (calendar years with a finished book)."""
    return {
        "books": int(len(books)),
        "pages": int(books[COL_PAGES].sum()),
        "years": int(books[COL_YEAR].nunique()),
        "newest": books[COL_FINISHED].max(),
    }


def pages_by_language(books: pd.DataFrame) -> pd.DataFrame:
    """Total pages and books per language, most pages first."""
    grouped = books.groupby(COL_LANGUAGE).agg(pages=(COL_PAGES, "sum"), books=(COL_TITLE, "count"))
    return grouped.sort_values("pages", ascending=False).reset_index()


def pages_per_year_by_language(books: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per year, one column of pages per language (zeros where none)."""
    return books.pivot_table(index=COL_YEAR, columns=COL_LANGUAGE, values=COL_PAGES, aggfunc="sum", fill_value=0)


def pages_per_period(books: pd.DataFrame, freq: str, window: int) -> pd.DataFrame:
    """Pages per year (`freq="YS"`) or month (`"MS"`), gaps as zero, with a centred rolling-mean trend."""
    series = books.set_index(COL_FINISHED)[COL_PAGES].resample(freq).sum()
    out = series.rename(COL_PAGES).to_frame()
    out["trend"] = series.rolling(window, center=True, min_periods=1).mean().round(1)
    out.index.name = "period"
    return out.reset_index()


def language_share_per_year(books: pd.DataFrame) -> pd.DataFrame:
    """Percent of each year's pages per language (rows sum to 100)."""
    wide = pages_per_year_by_language(books)
    return (wide.div(wide.sum(axis=1), axis=0) * 100).round(1)


def cumulative_language_share(books: pd.DataFrame) -> pd.DataFrame:
    """Percent of all pages read up to each year, per language."""
    cumulative = pages_per_year_by_language(books).cumsum()
    return (cumulative.div(cumulative.sum(axis=1), axis=0) * 100).round(1)


def top_authors(books: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The `n` authors with most pages read, with their book counts."""
    grouped = books.groupby(COL_AUTHOR).agg(pages=(COL_PAGES, "sum"), books=(COL_TITLE, "count"))
    return grouped.sort_values(["pages", "books"], ascending=False).head(n).reset_index()


def todo_counts(todo: pd.DataFrame, by: str, n: int = 15) -> pd.DataFrame:
    """Books and pages on the reading list per value of `by` (ownership, source or author)."""
    grouped = todo.groupby(by).agg(books=(COL_TITLE, "count"), pages=(COL_PAGES, "sum"))
    return grouped.sort_values(["books", "pages"], ascending=False).head(n).reset_index()
