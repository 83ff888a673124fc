"""render_report(plotly_src=...): pages that load one shared plotly.js file beside them instead of inlining it."""

from __future__ import annotations

from plotly.offline import get_plotlyjs_version

from reports.render import plotly_asset, render_report
from tests.reports.browser import check_report
from tests.reports.sample_report import sample_report


def test_plotly_src_references_the_asset_instead_of_inlining_it():
    name, data = plotly_asset()
    assert name == f"plotly-{get_plotlyjs_version()}.min.js" and len(data) > 1_000_000
    shared = render_report(sample_report(), plotly_src=f"../../assets/{name}")
    assert f'<script src="../../assets/{name}"></script>' in shared
    assert len(shared) < len(data) / 4


def test_a_page_with_a_shared_asset_draws_offline(browser, tmp_path):
    name, data = plotly_asset()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / name).write_bytes(data)
    page = tmp_path / "money" / "2026" / "2026_11.html"
    page.parent.mkdir(parents=True)
    page.write_text(render_report(sample_report(), plotly_src=f"../../assets/{name}"))
    results = check_report(browser, page, None, offline=True, viewports={"phone": (390, 844)})
    assert sum(len(charts) for charts in results["phone"]["charts"].values()) >= 5


def test_money_report_and_an_archived_month_draw_in_the_browser(browser, tmp_path):
    """The expensor pages of a small demo household: the main report and a month, both with the shared asset."""
    from datetime import date

    from config.expensor import ExpensorSettings
    from config.money_lover import MoneyLoverSettings
    from reports.expensor import write_expensor_report
    from reports.expensor_archive import write_month_reports
    from tasks.expensor.demo import demo_frames
    from tasks.expensor.steps import extract_money_tables
    from tasks.money_lover.demo import demo_files
    from tasks.money_lover.steps import extract_transactions
    from tasks.sheets.workbook import WorkbookSheets
    from tasks.storage.local import LocalStorage

    storage = LocalStorage(tmp_path / "data")
    sheets = WorkbookSheets(storage)
    for path, data in demo_files(3, date(2026, 11, 22), 2, 0.3).items():
        storage.write_bytes(path, data)
    sheets.write_frames("expensor_data", demo_frames(3, date(2026, 11, 22), 2, 0.3))
    cfg = ExpensorSettings()
    extract_transactions.fn(storage, MoneyLoverSettings())
    extract_money_tables.fn(sheets, storage, cfg, date(2026, 11, 22))
    main = write_expensor_report.fn(storage, cfg, "es_ES", date(2026, 11, 22), "hoy")
    months = write_month_reports.fn(storage, cfg, "es_ES", "hoy")
    assert len(months) == 24
    for path, sections in ((main[0], 8), (months[-1], 2)):
        results = check_report(browser, tmp_path / "data" / path, None, offline=True, viewports={"phone": (390, 844)})
        drawn = results["phone"]["charts"]
        assert len(results["phone"]["sections"]) == sections and all(drawn.values()), (path, drawn)
