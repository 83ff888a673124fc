"""Plain dataclasses describing a report; a report is pure data, rendering lives in reports.render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Card:
    """A key figure; `value` is already formatted (see reports.locale.format_number)."""

    label: str
    value: str
    note: str | None = None


@dataclass
class Chart:
    """A plotly.js figure dict ({"data": [...], "layout": {...}}) plus the number of traces it must draw."""

    id: str
    title: str
    figure: Any
    # Expected len(figure["data"]); the browser check compares it with what plotly.js drew.
    series: int = 1


@dataclass
class Table:
    """A small table; numeric cells are locale-formatted and right-aligned by the renderer."""

    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class Section:
    """One tab of a report."""

    id: str
    title: str
    cards: list[Card] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    note: str | None = None


@dataclass
class Report:
    """A whole report page; `generated_at` is a display string, `locale` e.g. "es_ES"."""

    title: str
    subtitle: str
    sections: list[Section]
    generated_at: str
    locale: str = "en_GB"


@dataclass
class IndexEntry:
    """One row of the storage-root index.html; times are display strings."""

    name: str
    path: str  # relative to index.html
    flow: str
    state: str  # Completed, Failed, Skipped (anything else shows a neutral badge)
    last_run: str | None = None
    data_date: str | None = None
    age: str | None = None  # "23 days old", computed at render time in the user's zone
    stale: bool = False  # past the source's `stale_after_days`


@dataclass
class Headline:
    """A headline figure on the home page, linking to the report it comes from."""

    label: str
    value: str
    link: str = ""
    note: str | None = None
