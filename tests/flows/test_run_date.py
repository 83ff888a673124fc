"""The run date where it enters a root or deployed flow: a date from Python, its text from deployment JSON."""

from datetime import date

import pytest

from flows.naming import RunInfo, run_date_of

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("given", [None, "", TODAY, "2026-11-22"])
def test_a_run_date_given_any_way_is_a_date(given):
    assert run_date_of(given, TODAY) == TODAY


def test_a_run_date_not_as_yyyy_mm_dd_is_refused():
    with pytest.raises(ValueError):
        run_date_of("22/11/2026", TODAY)


def test_a_run_is_named_by_its_date_as_text():
    # Flow run names (`vtasks.vbooks 2026-11-22 dev`) and the run records read it as before.
    assert str(RunInfo(date(2026, 11, 2), "prod", "2026-11-02T06:00:00+00:00")) == "2026-11-02 prod"
