"""Every report of a real demo run, opened in headless Chromium: drawn, offline-safe, navigable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reports.browser import check_report

PATH_SCREENSHOTS = Path(os.environ.get("VTASKS_SCREENSHOTS", "test-output/screenshots"))


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
    return sorted(p for p in data.rglob("*.html") if not p.name.startswith("."))


def test_demo_run_has_a_report_per_subflow_and_an_index(demo_data):
    from flows.registry import SUBFLOWS

    found = {p.relative_to(demo_data).as_posix() for p in reports_of(demo_data)}
    assert "index.html" in found
    assert {name for name in SUBFLOWS if any(f.startswith(f"{name}/") for f in found)} == set(SUBFLOWS)
    index = (demo_data / "index.html").read_text()
    assert all(f'href="{f}"' in index for f in found - {"index.html"})


def test_every_report_in_the_browser(browser, demo_data):
    for report in reports_of(demo_data):
        shots = PATH_SCREENSHOTS / report.relative_to(demo_data).with_suffix("").as_posix().replace("/", "_")
        results = check_report(browser, report, shots)
        charts = sum(len(v["charts"]) for v in results.values())
        assert report.name == "index.html" or charts > 0, f"{report} drew no chart"


def test_every_report_offline(browser, demo_data):
    for report in reports_of(demo_data):
        check_report(browser, report, None, offline=True, viewports={"phone": (390, 844)})
