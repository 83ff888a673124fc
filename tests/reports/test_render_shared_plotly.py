"""render_report(plotly_src=...): pages that load one shared plotly.js file beside them instead of inlining it."""

from __future__ import annotations

from plotly.offline import get_plotlyjs_version

from reports.render import plotly_asset, plotly_js, render_report
from tests.reports.browser import check_report
from tests.reports.sample_report import sample_report


def test_plotly_src_references_the_asset_instead_of_inlining_it():
    name, data = plotly_asset()
    assert name == f"plotly-{get_plotlyjs_version()}.min.js" and len(data) > 1_000_000
    inline = render_report(sample_report())
    shared = render_report(sample_report(), plotly_src=f"../../assets/{name}")
    assert f'<script src="../../assets/{name}"></script>' in shared
    assert plotly_js() not in shared and plotly_js() in inline
    assert len(shared) < len(inline) - 1_000_000


def test_a_page_with_a_shared_asset_draws_offline(browser, tmp_path):
    name, data = plotly_asset()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / name).write_bytes(data)
    page = tmp_path / "money" / "2026" / "2026_11.html"
    page.parent.mkdir(parents=True)
    page.write_text(render_report(sample_report(), plotly_src=f"../../assets/{name}"))
    results = check_report(browser, page, None, offline=True, viewports={"phone": (390, 844)})
    assert sum(len(charts) for charts in results["phone"]["charts"].values()) >= 5
