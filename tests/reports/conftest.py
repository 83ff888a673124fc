"""Session-scoped headless Debian chromium for the report browser checks (never a downloaded browser)."""

from __future__ import annotations

import os

import pytest

from tests.reports.browser import CHROMIUM, CHROMIUM_ARGS

MISSING = "Debian chromium not installed: apt-get install chromium"


# Per module: Playwright's sync API keeps an event loop in this thread while it is open, which
# would turn later Prefect calls in the same thread (state.result()) into coroutines.
@pytest.fixture(scope="module")
def browser():
    """A playwright Browser on /usr/bin/chromium (or $VTASKS_CHROMIUM); skips locally, fails under CI."""
    exe = os.environ.get("VTASKS_CHROMIUM", CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not os.access(exe, os.X_OK):
        reason = MISSING if sync_playwright else "playwright not installed: pip install -e .[test]"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} ({exe})", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
