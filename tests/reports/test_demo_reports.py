"""Every report of a real demo run, opened in headless Chromium: drawn, offline-safe, navigable."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.reports.browser import VIEWPORTS, check_report

PATH_SCREENSHOTS = Path(os.environ.get("VTASKS_SCREENSHOTS", "test-output/screenshots"))
# A full-page PNG of every section of every demo page costs more than the checks themselves: only on request.
KEEP_DEMO_SCREENSHOTS = bool(os.environ.get("VTASKS_SCREENSHOTS"))
DESKTOP, PHONE = {"desktop": VIEWPORTS["desktop"]}, {"phone": VIEWPORTS["phone"]}
CHART_DATA = re.compile(r'<script type="application/json" id="[^"]+-data">(.*?)</script>', re.S)


@pytest.fixture(scope="session")
def demo_data(prefect_api, tmp_path_factory):
    """One demo pipeline run on the real Prefect engine; its data folder."""
    from flows.vtasks import vtasks

    work = tmp_path_factory.mktemp("demo-run")
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith(("VTASKS_", "DROPBOX_")):
                mp.delenv(key)
        mp.chdir(work)
        mp.setenv("VTASKS_DATA_DIR", str(work / "data"))
        state = vtasks(run_date="2026-11-22", return_state=True)
    assert state.is_completed(), state.message
    return work / "data"


def reports_of(data: Path) -> list[Path]:
    """Every report page, except that of an archive of dated pages (`*/reports/**`) only the newest:
    they all come from one template, and opening hundreds would only repeat the same checks."""
    pages = sorted(p for p in data.rglob("*.html") if not p.name.startswith("."))
    archived = [p for p in pages if "reports" in p.relative_to(data).parts[1:-1]]
    newest = {}
    for page in archived:
        newest[page.relative_to(data).parts[0]] = page  # sorted, so the last one is the newest
    return [p for p in pages if p not in archived] + sorted(newest.values())


def test_every_recorded_report_exists_and_is_linked_from_the_index(demo_data):
    from flows.registry import SUBFLOWS
    from tasks.run.state import read_run_state
    from tasks.storage.local import LocalStorage

    storage = LocalStorage(demo_data)
    states = {name: read_run_state(storage, name) for name in SUBFLOWS}
    assert all(s is not None and s.state == "Completed" for s in states.values()), states
    recorded = {path for s in states.values() for path in s.reports}
    assert "vbooks/vbooks.html" in recorded
    index = (demo_data / "index.html").read_text()
    for path in recorded:
        assert (demo_data / path).is_file() and f'href="{path}"' in index


def test_every_report_in_the_browser(browser, demo_data):
    """At desktop width, every request leaving the page aborted and flagged; phone width and `navigator.onLine`
    false are the offline test's (slow), and the harness's own tests check both on a sample page."""
    for report in reports_of(demo_data):
        name = report.relative_to(demo_data).with_suffix("").as_posix().replace("/", "_")
        results = check_report(
            browser, report, PATH_SCREENSHOTS / name if KEEP_DEMO_SCREENSHOTS else None, viewports=DESKTOP
        )
        charts = sum(len(v["charts"]) for v in results.values())
        assert report.name == "index.html" or charts > 0, f"{report} drew no chart"


@pytest.mark.slow  # each page opened again: the pass above already aborts and flags any request leaving the page
def test_every_report_offline(browser, demo_data):
    for report in reports_of(demo_data):
        check_report(browser, report, None, offline=True, viewports=PHONE)


def test_every_chart_of_every_report_is_valid_plotly(demo_data):
    """Figures are plain dicts: plotly.py's schema checks each property name and value here instead of at build time."""
    import plotly.graph_objects as go

    figures = [json.loads(raw) for report in reports_of(demo_data) for raw in CHART_DATA.findall(report.read_text())]
    assert len(figures) > 50
    for figure in figures:
        go.Figure({"data": figure["data"], "layout": figure["layout"]})  # raises on an invalid property


CHART_BY_ID = re.compile(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>', re.S)
# The 2023 money report's charts that this one gained (the browser test above checks each draws every trace).
MONEY_CHARTS = {
    "dashboard-month",
    "dashboard-worth",
    "evolution-expenses-month",
    "evolution-incomes-month",
    "evolution-expenses-year",
    "evolution-incomes-year",
    "comparison-incomes",
    "comparison-expenses",
    "comparison-result",
    "comparison-liquid",
    "pie-expenses-month",
    "pie-incomes-month",
    "pie-incomes-year",
    "pie-incomes-all",
    "investments-subtype-pct",
    "investments-subtype-pct-total",
    "fire-savings-month",
    "fire-assets-income",
    "sankey-month",
    "sankey-year",
}


def _has_data(trace: dict) -> bool:
    values = trace.get("y", trace.get("values", trace.get("link", {}).get("value")))
    return bool(values["bdata"]) if isinstance(values, dict) else bool(values)


def test_money_report_draws_every_2023_chart_with_data_and_one_colour_per_category(demo_data):
    html = (demo_data / "expensor/expensor.html").read_text()
    figures = {chart_id: json.loads(raw) for chart_id, raw in CHART_BY_ID.findall(html)}
    assert MONEY_CHARTS <= set(figures), MONEY_CHARTS - set(figures)
    for chart_id in MONEY_CHARTS:
        assert figures[chart_id]["data"] and all(_has_data(t) for t in figures[chart_id]["data"]), chart_id
    # The run is on 2026-11-22: the dashboard is October's, November beside it so far.
    assert [t["name"] for t in figures["dashboard-month"]["data"]] == [
        "October 2026",
        "Trend",
        "November so far (1–22)",
    ]
    # Rent: the same colour in the stacked areas, the pie and the sankey (the demo sheet gives it purple 400).
    areas = {t["name"]: t["line"]["color"] for t in figures["evolution-expenses-month"]["data"]}
    pie = figures["pie-expenses-all"]["data"][0]
    sankey = figures["sankey-year"]["data"][0]["node"]
    assert areas["Rent"] == pie["marker"]["colors"][pie["labels"].index("Rent")] == "#AB47BC"
    assert sankey["color"][sankey["label"].index("Rent")] == "#AB47BC"


def test_a_demo_page_copied_alone_draws_from_the_cdn_or_says_why_not(browser, demo_data, tmp_path):
    """A page that loads `assets/plotly.js` (an archived month), copied alone: the pinned CDN copy draws it;
    offline each chart box says plotly.js could not be loaded."""
    page = next(p for p in reports_of(demo_data) if "assets/plotly-" in p.read_text(encoding="utf-8"))
    alone = tmp_path / "alone" / page.name
    alone.parent.mkdir()
    alone.write_bytes(page.read_bytes())
    drawn = check_report(browser, alone, None, cdn="served")
    assert all(sum(len(c) for c in run["charts"].values()) > 0 for run in drawn.values())
    blocked = check_report(
        browser, alone, PATH_SCREENSHOTS / "standalone", offline=True, cdn="blocked", viewports={"phone": (390, 844)}
    )
    assert (
        all(c["notice"] for cs in blocked["phone"]["charts"].values() for c in cs) and blocked["phone"]["screenshots"]
    )
