"""Playwright checks for rendered report pages: offline-safe, charts drawn, tabs working, screenshots taken."""

from __future__ import annotations

import re
from pathlib import Path

LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")  # blob: is page-local (plotly image export)
VIEWPORTS = {"phone": (390, 844), "desktop": (1440, 900)}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Trace groups plotly.js 4 draws: g.trace for cartesian and pie traces (there is no .plot group any
# more), g.sankey for sankey; a group counts as drawn when one of its paths/rects has a non-empty box.
CHART_STATE_JS = """(el) => {
  const svg = el.querySelector('svg.main-svg');
  const visible = (m) => { const b = m.getBBox(); return b.width > 0 || b.height > 0; };
  const groups = [...el.querySelectorAll('g.trace, g.sankey')];
  const marks = groups.map((g) => [...g.querySelectorAll('path, rect')].filter(visible).length);
  return {
    id: el.id,
    expected: Number(el.dataset.series),
    traces: Array.isArray(el.data) ? el.data.length : -1,
    drawn_traces: marks.filter((n) => n > 0).length,
    marks: marks.reduce((a, b) => a + b, 0),
    svg: !!svg,
    svg_width: svg ? Number(svg.getAttribute('width')) : 0,
    box_width: el.clientWidth,
  };
}"""


# A page copied alone (no assets/ beside it) tries its missing asset, then the pinned CDN copy; Chromium
# logs each failed load as a console error, which is expected there and only there.
FALLBACK_LOADS = re.compile(r"(/assets/plotly-[\d.]+\.min\.js|^https://cdn\.plot\.ly/plotly-[\d.]+\.min\.js)$")


def _check_notices(section) -> list[dict]:
    """A page that could load no plotly.js: every chart box shows the notice instead of staying empty."""
    charts = section.locator(".chart")
    results = []
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.page.wait_for_function(
            "(el) => el.dataset.state === 'unavailable'", arg=chart.element_handle(), timeout=15_000
        )
        text = chart.inner_text()
        assert chart.is_visible() and "plotly.js could not be loaded" in text, (
            f"{chart.get_attribute('id')}: no notice ({text!r})"
        )
        results.append({"id": chart.get_attribute("id"), "notice": text})
    return results


def _check_charts(page, section, notices: bool = False) -> list[dict]:
    """Wait for the section's charts to finish drawing, then verify traces, marks and width."""
    if notices:
        return _check_notices(section)
    charts = section.locator(".chart")
    results = []
    for i in range(charts.count()):
        chart = charts.nth(i)
        # The renderer marks a chart "drawn" once Plotly.newPlot's promise resolves.
        page.wait_for_function("(el) => el.dataset.state === 'drawn'", arg=chart.element_handle(), timeout=15_000)
        state = chart.evaluate(CHART_STATE_JS)
        assert state["traces"] == state["expected"], (
            f"{state['id']}: drew {state['traces']} traces, expected {state['expected']}"
        )
        assert state["drawn_traces"] == state["expected"], (
            f"{state['id']}: only {state['drawn_traces']} traces drew visible marks"
        )
        # A chart first drawn while hidden would keep plotly's 700 px default instead of its box width.
        assert abs(state["svg_width"] - state["box_width"]) <= 2, (
            f"{state['id']}: svg {state['svg_width']}px in {state['box_width']}px box"
        )
        results.append(state)
    return results


# A tab click sets location.hash at once but the page shows the section from its hashchange handler, a
# task later: judged between the two (a busy CPU widens the gap) a working page looked broken. So wait
# until the shown sections agree with the hash; a page that never gets there fails the checks below.
SECTIONS_AGREE_JS = """(id) => [...document.querySelectorAll('section.section')].every((s) => {
  const box = s.getBoundingClientRect();
  return (s.dataset.id === id) === (box.width > 0 && box.height > 0 && getComputedStyle(s).visibility !== 'hidden');
})"""
TAB_SETTLE_MS = 5_000


def _wait_for_section(page, sid: str) -> None:
    """Wait (up to TAB_SETTLE_MS) until only section `sid` is visible; the caller's checks name what is wrong."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # optional: conftest skips without it

    try:
        page.wait_for_function(SECTIONS_AGREE_JS, arg=sid, timeout=TAB_SETTLE_MS)
    except PlaywrightTimeout:
        pass


def _serve_cdn(route) -> None:
    """Stands in for cdn.plot.ly: the package's own plotly.js, so the page's integrity hash is checked for real."""
    from reports.render import plotly_asset

    route.fulfill(
        body=plotly_asset()[1], content_type="application/javascript", headers={"access-control-allow-origin": "*"}
    )


def _visit(
    browser,
    url: str,
    name: str,
    size: tuple[int, int],
    shots: Path | None,
    offline: bool,
    scheme: str,
    cdn: str | None = None,
) -> dict:
    phone = size[0] < 600
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]},
        is_mobile=phone,
        has_touch=phone,
        offline=offline,
        color_scheme=scheme,
    )
    errors: list[str] = []
    external: list[str] = []
    fallback = (lambda u: bool(FALLBACK_LOADS.search(u))) if cdn else (lambda u: False)
    context.on(
        "request", lambda r: None if r.url.startswith(LOCAL_SCHEMES) or fallback(r.url) else external.append(r.url)
    )
    # Abort anything leaving the machine, so a stray fetch fails here exactly as it would on a plane.
    context.route(lambda url: not url.startswith(LOCAL_SCHEMES), lambda route: route.abort())
    if cdn == "served":
        context.route(lambda url: url.startswith("https://cdn.plot.ly/"), _serve_cdn)

    def on_console(m) -> None:
        expected = m.text.startswith("Failed to load resource") and fallback(m.location.get("url", ""))
        if m.type == "error" and not expected:
            errors.append(f"console.{m.type}: {m.text}")

    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    try:
        page.goto(url, wait_until="load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name}: page is {overflow}px wider than the {size[0]}px viewport"
        sections = page.locator("section.section")
        ids = [sections.nth(i).get_attribute("data-id") for i in range(sections.count())]
        tabs = page.locator("nav.tabs a")
        charts: dict[str, list[dict]] = {}
        screenshots: list[str] = []
        for i, sid in enumerate(ids):
            if tabs.count():
                tabs.nth(i).click()
                page.wait_for_function("(id) => location.hash === '#' + id", arg=sid)
                _wait_for_section(page, sid)
            for other in ids:
                visible = page.locator(f'section.section[data-id="{other}"]').is_visible()
                assert visible == (other == sid), (
                    f"{name}: after clicking tab {sid!r}, section {other!r} visible={visible}"
                )
            charts[sid] = _check_charts(page, page.locator(f'section.section[data-id="{sid}"]'), cdn == "blocked")
            if shots is not None:
                path = shots / f"{name}-{size[0]}-{i}-{sid}.png"
                page.screenshot(path=str(path), full_page=True)
                screenshots.append(str(path))
        if not ids and shots is not None:  # e.g. index.html: no tabs, one page
            path = shots / f"{name}-{size[0]}.png"
            page.screenshot(path=str(path), full_page=True)
            screenshots.append(str(path))
        page.wait_for_timeout(50)  # let late console errors (e.g. async resize) arrive before judging
        assert not external, f"{name}: requests left the page: {external}"
        assert not errors, f"{name}: browser errors: {errors}"
        return {"sections": ids, "charts": charts, "screenshots": screenshots, "requests_blocked": external}
    finally:
        context.close()


def check_report(
    browser,
    html_path,
    screenshot_dir=None,
    *,
    offline: bool = False,
    viewports=VIEWPORTS,
    color_scheme: str = "light",
    cdn: str | None = None,
) -> dict:
    """Open a rendered report over file:// at each viewport and assert it is self-contained and fully drawn.

    `cdn` is for a page copied alone: "served" answers the pinned CDN copy (charts must draw), "blocked"
    fails it like a plane would (every chart box must show the notice); its failed loads are then expected.
    Returns {viewport name: {"sections", "charts", "screenshots", "requests_blocked"}}; raises AssertionError.
    """
    html_path = Path(html_path).resolve()
    shots = Path(screenshot_dir) if screenshot_dir else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    stem = (
        re.sub(r"[^\w-]+", "-", html_path.stem)
        + ("-offline" if offline else "")
        + ("-dark" if color_scheme == "dark" else "")
    )
    stem += f"-alone-cdn-{cdn}" if cdn else ""
    return {
        vp: _visit(browser, html_path.as_uri(), stem, size, shots, offline, color_scheme, cdn)
        for vp, size in viewports.items()
    }
