"""Writing a subflow's outputs together: every frame is serialised before the first file is written."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

import pandas as pd

from tasks.history_guard import Guard, History, check_tables
from tasks.storage.base import Storage
from tasks.storage.parquet import parquet_bytes


@dataclass(frozen=True)
class Written:
    """A small, serialisable record of one written output, passed between tasks instead of data."""

    path: str
    rows: int
    uploaded: bool
    warnings: tuple[str, ...] = ()  # rows dated past the run date (tasks/history_guard.py)


def write_tables(storage: Storage, tables: dict[str, pd.DataFrame], histories: dict[str, History] | None = None,
                 guard: Guard | None = None) -> list[Written]:
    """Write parquet files only once all of them serialised, so a failure overwrites nothing.

    A table named in `histories` is first checked against the stored one: one that would lose stored rows,
    become empty or shrink a lot raises ShrinkError and nothing is written (unless `guard` accepts it)."""
    payloads = {path: parquet_bytes(df) for path, df in tables.items()}
    warnings = check_tables(storage, tables, payloads, histories or {}, guard or Guard())
    results = storage.write_many(payloads)
    return [Written(path, len(df), result.uploaded, tuple(warnings.get(path, ())))
            for (path, df), result in zip(tables.items(), results)]


def written_warnings(written: list[Written]) -> list[str]:
    return [w for item in written for w in item.warnings]


PATH_ASSETS = "assets"  # beside index.html: one plotly.js every report loads, instead of 4.8 MB inlined in each


def plotly_asset_path(folder: str = PATH_ASSETS) -> str:
    from reports.render import plotly_asset_name

    return f"{folder}/{plotly_asset_name()}"


def plotly_src(asset_path: str, page_path: str, storage: Storage | None = None) -> str:
    """The asset as a page at `page_path` loads it: relative, so reports open offline from any copy.
    Pass `storage` when one may be an absolute path and the other under the root."""
    if storage is not None:
        return storage.link(page_path, asset_path)
    return posixpath.relpath(asset_path, posixpath.dirname(page_path))


def missing_plotly_asset(storage: Storage, asset_path: str) -> dict[str, bytes]:
    """`{asset_path: plotly.js}` when storage lacks it, else `{}`: what to write before the pages."""
    from reports.render import plotly_asset

    return {} if storage.exists(asset_path) else {asset_path: plotly_asset()[1]}


def page_html(storage: Storage, path: str, report) -> str:
    """`report` rendered to load plotly.js from the shared asset, which is written first if missing."""
    from reports.render import render_report

    asset_path = plotly_asset_path()
    storage.write_many(missing_plotly_asset(storage, asset_path))
    return render_report(report, plotly_src=plotly_src(asset_path, path, storage))


def write_report_page(storage: Storage, path: str, report) -> None:
    storage.write_text(path, page_html(storage, path, report))
