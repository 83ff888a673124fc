"""Renders the sample report and index into tmp_path and checks them in headless Debian chromium."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from reports.model import Headline, IndexEntry
from reports.render import plotly_asset, render_index, render_report
from tests.reports.browser import VIEWPORTS, check_report
from tests.reports.sample_report import sample_report

PATH_SCREENSHOTS = Path(os.environ.get("VTASKS_SCREENSHOTS", "test-output/screenshots"))
SECTIONS = ["money", "time", "books"]
CHARTS = {"money": 4, "time": 2, "books": 1}


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "dashboard.html"
    name, data = plotly_asset()
    (path.parent / "assets").mkdir()
    (path.parent / "assets" / name).write_bytes(data)
    path.write_text(render_report(sample_report(), f"assets/{name}"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    # VTASKS_SCREENSHOTS keeps the PNGs somewhere you can look at them after the run.
    return Path(os.environ.get("VTASKS_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))


def png_width(path: str) -> int:
    head = Path(path).read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", head[16:20])[0]


def test_report_online_at_phone_and_desktop(browser, report_html, shots):
    result = check_report(browser, report_html, shots)
    assert set(result) == {"phone", "desktop"}
    for name, (width, _) in VIEWPORTS.items():
        run = result[name]
        assert run["sections"] == SECTIONS
        assert {sid: len(charts) for sid, charts in run["charts"].items()} == CHARTS
        assert len(run["screenshots"]) == 3 and {png_width(p) for p in run["screenshots"]} == {width}


def test_report_offline_draws_every_chart(browser, report_html, shots):
    result = check_report(browser, report_html, shots, offline=True, viewports={"phone": VIEWPORTS["phone"]})
    charts = [c for cs in result["phone"]["charts"].values() for c in cs]
    assert len(charts) == 7 and all(c["traces"] == c["expected"] for c in charts)


def test_report_dark_mode_recolours_charts(browser, report_html, shots):
    result = check_report(browser, report_html, shots, color_scheme="dark", viewports={"phone": VIEWPORTS["phone"]})
    assert len(result["phone"]["screenshots"]) == 3
    page = browser.new_page(color_scheme="dark")
    try:
        page.goto(report_html.as_uri())
        page.wait_for_function("document.getElementById('net-worth').dataset.state === 'drawn'")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(11, 17, 32)"
        assert page.evaluate("document.getElementById('net-worth')._fullLayout.font.color") == "#cbd5e1"
    finally:
        page.close()


def test_url_hash_opens_that_section(browser, report_html):
    page = browser.new_page()
    try:
        page.goto(report_html.as_uri() + "#time")
        assert page.locator('section[data-id="time"]').is_visible()
        assert not page.locator('section[data-id="money"]').is_visible()
        assert page.locator('nav.tabs a[aria-selected="true"]').inner_text() == "Time"
        page.wait_for_function(
            "document.querySelectorAll('section[data-id=time] .chart[data-state=drawn]').length === 2"
        )
    finally:
        page.close()


@pytest.mark.parametrize(
    "sabotage, message",
    [
        (lambda h: h.replace("</main>", '<img src="https://example.com/p.png"></main>'), "requests left the page"),
        (lambda h: h.replace('data-series="1"', 'data-series="2"', 1), "traces, expected 2"),
        (lambda h: h.replace("</main>", "<script>console.error('boom')</script></main>"), "boom"),
        (lambda h: h.replace('.classList.toggle("active", s === target)', '.classList.add("active")'), "visible=True"),
    ],
    ids=["external-request", "series-mismatch", "console-error", "tabs-broken"],
)
def test_harness_catches_broken_pages(browser, report_html, tmp_path, sabotage, message):
    broken = tmp_path / "broken.html"
    (tmp_path / "assets").symlink_to(report_html.parent / "assets")  # the shared plotly.js, as beside the report
    broken.write_text(sabotage(report_html.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(AssertionError, match=message):
        check_report(browser, broken, None, viewports={"phone": VIEWPORTS["phone"]})


def test_harness_waits_for_tabs_that_answer_late(browser, report_html, tmp_path):
    # The page shows a section from its hashchange handler, a task after the click; a busy CPU delays it
    # further. Here it answers 300 ms late: a working page, which the checks must not call broken.
    line = 'window.addEventListener("hashchange", function () { show(decodeURIComponent(location.hash.slice(1)), true); });'
    late = line.replace("{ show(", "{ setTimeout(function () { show(").replace("true); });", "true); }, 300); });")
    html = report_html.read_text(encoding="utf-8")
    assert html.count(line) == 1
    slow = tmp_path / "slow.html"
    slow.write_text(html.replace(line, late), encoding="utf-8")
    (tmp_path / "assets").symlink_to(report_html.parent / "assets")  # the shared plotly.js, as beside the report
    result = check_report(browser, slow, None, viewports={"phone": VIEWPORTS["phone"]})
    assert result["phone"]["sections"] == SECTIONS


def test_index_page(browser, tmp_path, shots):
    entries = [
        IndexEntry(
            "Personal dashboard",
            "dashboard/index.html",
            "money",
            "Completed",
            "31/12/2024 07:00",
            "30/12/2024",
            "1 day old",
        ),
        IndexEntry(
            "Reading", "books/index.html", "vbooks", "Failed", "31/12/2024 07:05", "29/11/2024", "32 days old", True
        ),
        IndexEntry("Backups", "backups/index.html", "backups", "Skipped", "30/12/2024 07:00"),
    ]
    path = tmp_path / "index.html"
    heads = [
        Headline("Spent this month", "1.234\u00a0€", "dashboard/index.html", "so far; 12-month average 2.100\u00a0€"),
        Headline("Hours last week", "41,5\u00a0h", "time/index.html", "main calendars"),
        Headline("Books in 2024", "17"),
    ]
    html = render_index(entries, subtitle="Latest run of every flow", generated_at="31/12/2024 07:10", headlines=heads)
    path.write_text(html, encoding="utf-8")
    result = check_report(browser, path, PATH_SCREENSHOTS / "home")
    assert all(run["sections"] == [] and len(run["screenshots"]) == 1 for run in result.values())
    assert html.count('class="badge stale"') == 1 and 'href="time/index.html"' in html
