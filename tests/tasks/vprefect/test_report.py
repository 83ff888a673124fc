"""The run-history page on a first run explains itself instead of showing zero cards."""

from config.vprefect import VprefectSettings
from reports.vprefect import vprefect_report
from tests.tasks.vprefect.test_transform import runs


def test_first_run_says_history_starts_with_the_next_export():
    first = runs(
        ("a", "vtasks", "RUNNING", "2026-11-22 07:00", 0, "x"),
        ("b", "vtasks.vbooks", "COMPLETED", "2026-11-22 07:00", 3, "x"),
    )
    runs_section = vprefect_report(first, VprefectSettings(), "en_GB", "2026-11-22T07:05:00+00:00").sections[0]
    assert runs_section.cards == [] and runs_section.charts == []
    assert "starts with the next export" in runs_section.note


def test_later_runs_show_the_outcome_cards():
    later = runs(
        ("a", "vtasks", "COMPLETED", "2026-11-22 07:00", 9, "x"), ("c", "vtasks", "RUNNING", "2026-11-23 07:00", 0, "x")
    )
    runs_section = vprefect_report(later, VprefectSettings(), "en_GB", "2026-11-23T07:05:00+00:00").sections[0]
    assert [c.label for c in runs_section.cards] == ["Success", "Recovered", "Failed", "Missing"]
    assert runs_section.cards[0].value == "1" and len(runs_section.charts) == 2
