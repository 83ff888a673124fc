"""Report pages in storage: each loads the one shared plotly.js asset, written beside `index.html` if missing."""

from __future__ import annotations

import posixpath

from reports.model import Report
from reports.render import plotly_asset, plotly_asset_name, render_report
from tasks.storage.base import Storage

PATH_ASSETS = "assets"  # beside index.html: one plotly.js every report loads, instead of 4.8 MB inlined in each


def plotly_asset_path(folder: str = PATH_ASSETS) -> str:
    return f"{folder}/{plotly_asset_name()}"


def plotly_src(asset_path: str, page_path: str, storage: Storage | None = None) -> str:
    """The asset as a page at `page_path` loads it: relative, so reports open offline from any copy.
    Pass `storage` when one may be an absolute path and the other under the root."""
    if storage is not None:
        return storage.link(page_path, asset_path)
    return posixpath.relpath(asset_path, posixpath.dirname(page_path))


def missing_plotly_asset(storage: Storage, asset_path: str) -> dict[str, bytes]:
    """`{asset_path: plotly.js}` when storage lacks it, else `{}`: what to write before the pages."""
    return {} if storage.exists(asset_path) else {asset_path: plotly_asset()[1]}


def page_html(storage: Storage, path: str, report: Report) -> str:
    """`report` rendered to load plotly.js from the shared asset, which is written first if missing."""
    asset_path = plotly_asset_path()
    storage.write_many(missing_plotly_asset(storage, asset_path))
    return render_report(report, plotly_src=plotly_src(asset_path, path, storage))


def write_report_page(storage: Storage, path: str, report: Report) -> None:
    storage.write_text(path, page_html(storage, path, report))
