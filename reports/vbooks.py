"""The reading report: dashboard, evolution, language share, authors and the reading list."""

from __future__ import annotations

import pandas as pd

from reports.charts import column_chart, line_chart, pie_chart, stacked_area_chart
from reports.locale import format_number
from reports.model import Card, Report, Section, Table
from tasks.vbooks.schema import COL_AUTHOR, COL_LANGUAGE, COL_OWNERSHIP, COL_SOURCE
from tasks.vbooks.transform import (
    cumulative_language_share,
    language_share_per_year,
    pages_by_language,
    pages_per_period,
    pages_per_year_by_language,
    reading_totals,
    todo_counts,
    top_authors,
)


def vbooks_report(books: pd.DataFrame, todo: pd.DataFrame, locale: str, generated_at: str) -> Report:
    """Build the report from the parquet tables written by the vbooks subflow."""
    sections = [
        _dashboard(books, locale),
        _evolution(books, locale),
        _percent(books, locale),
        _authors(books, locale),
        _todo(todo, locale),
    ]
    totals = reading_totals(books)
    newest = totals["newest"].date().isoformat() if len(books) else "none"
    return Report("Reading log", f"Books finished, newest on {newest}", sections, generated_at, locale)


def _wide(frame: pd.DataFrame, index_name: str) -> tuple[pd.DataFrame, list[str]]:
    """A wide frame (index + one column per series) as columns a chart function takes."""
    columns = [str(c) for c in frame.columns]
    flat = frame.copy()
    flat.columns = columns
    return flat.rename_axis(index_name).reset_index(), columns


def _dashboard(books: pd.DataFrame, locale: str) -> Section:
    totals = reading_totals(books)
    by_language = pages_by_language(books)
    cards = [
        Card("Books read", format_number(totals["books"], locale)),
        Card("Pages read", format_number(totals["pages"], locale, "pages")),
        Card("Years reading", format_number(totals["years"], locale)),
    ]
    cards += [
        Card(f"Pages in {row.language}", format_number(row.pages, locale, "pages"), f"{row.books} books")
        for row in by_language.head(3).itertuples()
    ]
    per_year, languages = _wide(pages_per_year_by_language(books), "year")
    charts = [
        column_chart(
            per_year,
            "year",
            languages,
            title="Pages per year by language",
            y_title="Pages",
            unit="pages",
            locale=locale,
            stacked=True,
            chart_id="pages-year-language",
            x_title="Year",
        ),
        # Same language order as the columns above, so each language keeps its colour across charts.
        pie_chart(
            by_language.sort_values(COL_LANGUAGE),
            COL_LANGUAGE,
            "books",
            title="Books by language",
            unit="books",
            locale=locale,
            chart_id="books-language",
        ),
    ]
    return Section("dashboard", "Dashboard", cards=cards, charts=charts)


def _evolution(books: pd.DataFrame, locale: str) -> Section:
    yearly = pages_per_period(books, "YS", window=3)
    yearly["period"] = yearly["period"].dt.year
    monthly = pages_per_period(books, "MS", window=6)
    charts = [
        column_chart(
            yearly,
            "period",
            ["pages"],
            title="Pages per year",
            y_title="Pages",
            unit="pages",
            locale=locale,
            chart_id="pages-year",
            x_title="Year",
        ),
        line_chart(
            monthly,
            "period",
            ["pages", "trend"],
            title="Pages per month, with a 6-month trend",
            y_title="Pages",
            unit="pages",
            locale=locale,
            chart_id="pages-month",
            x_title="Month",
        ),
    ]
    return Section("evolution", "Evolution", charts=charts)


def _percent(books: pd.DataFrame, locale: str) -> Section:
    share, languages = _wide(language_share_per_year(books), "year")
    cumulative, _ = _wide(cumulative_language_share(books), "year")
    charts = [
        column_chart(
            share,
            "year",
            languages,
            title="Language share of each year's pages",
            y_title="Share",
            unit="%",
            locale=locale,
            stacked=True,
            decimals=1,
            chart_id="share-year",
            x_title="Year",
        ),
        stacked_area_chart(
            cumulative,
            "year",
            languages,
            title="Cumulative language share",
            y_title="Share",
            unit="%",
            locale=locale,
            decimals=1,
            chart_id="share-cumulative",
            x_title="Year",
        ),
    ]
    return Section("percent", "Languages", charts=charts)


def _authors(books: pd.DataFrame, locale: str) -> Section:
    top = top_authors(books, 20)
    chart = column_chart(
        top,
        COL_AUTHOR,
        ["pages"],
        title="Top 20 authors by pages",
        y_title="Pages",
        unit="pages",
        locale=locale,
        chart_id="top-authors",
        x_title="Author",
    )
    table = Table("Top authors", ["Author", "Books", "Pages"], top[[COL_AUTHOR, "books", "pages"]].values.tolist())
    return Section("authors", "Authors", charts=[chart], tables=[table])


def _todo(todo: pd.DataFrame, locale: str) -> Section:
    ownership = todo_counts(todo, COL_OWNERSHIP)
    sources = todo_counts(todo, COL_SOURCE)
    authors = todo_counts(todo, COL_AUTHOR)
    cards = [
        Card("Books to read", format_number(len(todo), locale)),
        Card("Pages to read", format_number(int(todo["pages"].sum()), locale, "pages")),
        Card("Already owned", format_number(int((todo[COL_OWNERSHIP] == "owned").sum()), locale)),
    ]
    charts = [
        pie_chart(
            ownership,
            COL_OWNERSHIP,
            "books",
            title="Reading list by ownership",
            unit="books",
            locale=locale,
            chart_id="todo-ownership",
        ),
        column_chart(
            sources,
            COL_SOURCE,
            ["books"],
            title="Reading list by source",
            y_title="Books",
            unit="books",
            locale=locale,
            chart_id="todo-source",
            x_title="Source",
        ),
        column_chart(
            authors,
            COL_AUTHOR,
            ["books"],
            title="Reading list by author",
            y_title="Books",
            unit="books",
            locale=locale,
            chart_id="todo-author",
            x_title="Author",
        ),
    ]
    return Section("todo", "Reading list", cards=cards, charts=charts)
