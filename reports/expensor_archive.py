"""Prefect task writing the monthly report archive: only months whose own view changed are rebuilt."""

from __future__ import annotations

import json
import posixpath

from config.expensor import ExpensorSettings
from reports.expensor_month import month_report
from reports.pages import missing_plotly_asset, plotly_asset_path, plotly_src
from reports.render import render_report
from tasks.expensor.views import month_views, view_digest
from tasks.run.report_state import renderer_version
from tasks.run.step import step
from tasks.storage.base import Storage


def month_report_path(cfg: ExpensorSettings, key: str) -> str:
    return cfg.paths.month_report.format(year=key[:4], month=key[5:7])


@step("expensor.archive")
def write_month_reports(storage: Storage, cfg: ExpensorSettings, locale: str, generated_at: str) -> list[str]:
    """Render each month's report whose view, locale or renderer changed (or whose file is gone)."""
    asset_path = plotly_asset_path(cfg.paths.assets)
    tables = {
        name: storage.read_parquet(getattr(cfg.paths, name))
        for name in ("monthly", "worth", "categories", "balances", "colors")
    }
    views = month_views(tables)
    state = json.loads(storage.read_text(cfg.paths.month_state)) if storage.exists(cfg.paths.month_state) else {}
    folder = cfg.paths.month_report.split("{", 1)[0].rstrip("/")
    existing = set(storage.list(f"{folder}/**"))
    extra = {"locale": locale, "renderer": renderer_version(), "plotly": posixpath.basename(asset_path)}
    # Every archived page needs plotly.js, rebuilt this run or not; first in the batch, so it starts first.
    files = missing_plotly_asset(storage, asset_path)
    rebuilt = []
    for key, view in views.items():
        path, digest = month_report_path(cfg, key), view_digest(view, **extra)
        if state.get(path) == digest and path in existing:
            continue
        page = render_report(
            month_report(key, view, locale, generated_at), plotly_src=plotly_src(asset_path, path, storage)
        )
        files[path] = page.encode("utf-8")
        state[path] = digest
        rebuilt.append(path)
    storage.write_many(files)  # all pages rendered first: the uploads then overlap one another
    if rebuilt:  # written last: a failure before it only means those months are rebuilt next time
        storage.write_text(cfg.paths.month_state, json.dumps(state, indent=1, sort_keys=True))
    return rebuilt
