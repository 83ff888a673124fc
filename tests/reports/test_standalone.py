"""A report page copied alone to an empty folder: the pinned CDN copy draws it; with no network, a notice per chart."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from reports.render import plotly_asset, plotly_cdn, render_report
from tests.reports.browser import VIEWPORTS, check_report
from tests.reports.sample_report import sample_report

PATH_SCREENSHOTS = Path(os.environ.get("VTASKS_SCREENSHOTS", "test-output/screenshots")) / "standalone"


@pytest.fixture
def alone(tmp_path) -> Path:
    """A page rendered to load `../../assets/plotly.js`, copied on its own into an empty folder."""
    page = tmp_path / "copy" / "2026_11.html"
    page.parent.mkdir()
    page.write_text(render_report(sample_report(), plotly_src=f"../../assets/{plotly_asset()[0]}"), encoding="utf-8")
    return page


def test_the_fallback_is_the_shipped_file_pinned_by_version_and_hash():
    cdn = plotly_cdn()
    assert cdn["src"] == f"https://cdn.plot.ly/plotly-{get_plotlyjs_version()}.min.js"
    assert cdn["integrity"] == "sha384-" + base64.b64encode(hashlib.sha384(plotly_asset()[1]).digest()).decode()
    page = render_report(sample_report(), plotly_src="assets/x.js")
    assert cdn["src"] in page and cdn["integrity"] in page


def test_alone_and_offline_every_chart_box_shows_a_notice(browser, alone):
    results = check_report(browser, alone, PATH_SCREENSHOTS, offline=True, cdn="blocked")
    for run in results.values():
        notices = [c for charts in run["charts"].values() for c in charts]
        assert len(notices) == 7 and all("could not be loaded" in c["notice"] for c in notices)
    assert any(p.endswith("-390-0-money.png") for p in results["phone"]["screenshots"])


def test_alone_with_the_cdn_every_chart_draws_with_month_names_in_the_locale(browser, alone):
    results = check_report(browser, alone, None, cdn="served", viewports={"phone": VIEWPORTS["phone"]})
    assert sum(len(c) for c in results["phone"]["charts"].values()) == 7
    page = browser.new_page()
    page.route(
        lambda url: url.startswith("https://cdn.plot.ly/"),
        lambda route: route.fulfill(
            body=plotly_asset()[1], content_type="application/javascript", headers={"access-control-allow-origin": "*"}
        ),
    )
    try:
        page.goto(alone.as_uri())
        page.wait_for_function("document.getElementById('net-worth').dataset.state === 'drawn'")
        ticks = page.evaluate("[...document.querySelectorAll('#net-worth .xtick text')].map(e => e.textContent)")
        assert any(t.startswith(("ene", "abr", "jul", "oct")) for t in ticks), ticks  # es_ES, not Jan/Apr
    finally:
        page.close()


def test_a_tampered_cdn_copy_is_refused(browser, alone):
    """The integrity hash is checked: a CDN answering other bytes leaves the notice, not someone else's script."""
    page = browser.new_page()
    page.route(
        lambda url: url.startswith("https://cdn.plot.ly/"),
        lambda route: route.fulfill(
            body=b"window.Plotly = {};",
            content_type="application/javascript",
            headers={"access-control-allow-origin": "*"},
        ),
    )
    try:
        page.goto(alone.as_uri())
        page.wait_for_function("document.getElementById('net-worth').dataset.state === 'unavailable'")
        assert page.evaluate("typeof window.Plotly") == "undefined"
    finally:
        page.close()
