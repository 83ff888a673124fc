"""On the real Prefect engine: a changed template (an upgrade) re-renders every page once, then none."""

import shutil

import pytest

from flows.vtasks import vtasks
from tasks.run import report_state


def rebuilt(summary) -> list[str]:
    return sorted(page for result in summary["results"] for page in result.get("rebuilt") or [])


# vprefect exports the run before it whenever that run has finished, so its page is rebuilt every run.
SELF_OBSERVING = {"vprefect/vprefect.html"}


def rebuilt_others(summary) -> list[str]:
    return [page for page in rebuilt(summary) if page not in SELF_OBSERVING]


@pytest.mark.slow  # four whole demo runs: every page is the point
def test_a_renderer_change_rebuilds_every_page_once(prefect_api, vtasks_env, tmp_path, monkeypatch):
    first = rebuilt(vtasks(run_date="2026-11-22"))
    pages = sorted(p.relative_to(vtasks_env / "data").as_posix() for p in (vtasks_env / "data").rglob("*.html"))
    assert len(first) > 20 and set(first) == set(pages) - {"index.html"}
    assert rebuilt_others(vtasks(run_date="2026-11-22")) == []
    # What the home page was last rendered from; the page's bytes may come out the same (a template comment).
    index_record = report_state.report_state_path("index.html")
    rendered_from = (vtasks_env / "data" / index_record).read_text()

    # The digest read from a copy of the renderer whose page template changed, as after an upgrade.
    upgraded = tmp_path / "reports"
    shutil.copytree(report_state.PATH_RENDERER, upgraded, ignore=shutil.ignore_patterns("__pycache__"))
    template = upgraded / "templates" / "report.html.j2"
    template.write_text(template.read_text() + "\n{# a new release #}\n")
    monkeypatch.setattr(report_state, "PATH_RENDERER", upgraded)
    report_state.renderer_version.cache_clear()
    try:
        assert rebuilt(vtasks(run_date="2026-11-22")) == first
        assert (vtasks_env / "data" / index_record).read_text() != rendered_from, "the home page was re-rendered"
        assert rebuilt_others(vtasks(run_date="2026-11-22")) == []
    finally:
        report_state.renderer_version.cache_clear()
