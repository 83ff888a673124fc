"""Writing a subflow's outputs together: every frame is serialised before the first file is written."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tasks.storage.base import Storage, parquet_bytes


@dataclass(frozen=True)
class Written:
    """A small, serialisable record of one written output, passed between tasks instead of data."""

    path: str
    rows: int
    uploaded: bool


def write_tables(storage: Storage, tables: dict[str, pd.DataFrame]) -> list[Written]:
    """Write parquet files only once all of them serialised, so a failure overwrites nothing."""
    payloads = {path: parquet_bytes(df) for path, df in tables.items()}
    results = storage.write_many(payloads)
    return [Written(path, len(df), result.uploaded) for (path, df), result in zip(tables.items(), results)]


PATH_ASSETS = "assets"  # beside index.html: one plotly.js every report loads, instead of 4.8 MB inlined in each


def page_html(storage: Storage, path: str, report) -> str:
    """`report` rendered to load plotly.js from the shared asset, which is written first if missing."""
    import posixpath

    from reports.render import plotly_asset_name, render_report

    asset_path = f"{PATH_ASSETS}/{plotly_asset_name()}"
    if not storage.exists(asset_path):
        from reports.render import plotly_asset

        storage.write_bytes(asset_path, plotly_asset()[1])
    return render_report(report, plotly_src=posixpath.relpath(asset_path, posixpath.dirname(path)))


def write_report_page(storage: Storage, path: str, report) -> None:
    storage.write_text(path, page_html(storage, path, report))
