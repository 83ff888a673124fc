"""The run plan: selection by config, --only and --skip, and dependency order."""

import pytest

from flows.graph import PlanError, run_plan

NEEDS = {
    "money_lover": (),
    "cryptos": (),
    "indexa": (),
    "vbooks": (),
    "expensor": ("money_lover", "cryptos", "indexa"),
    "backup": ("expensor", "vbooks"),
    "vprefect": ("backup",),
}


def test_dependents_come_after_upstreams():
    plan = run_plan(NEEDS, None, [], [])
    assert plan.index("expensor") > max(plan.index(u) for u in NEEDS["expensor"])
    assert plan[-1] == "vprefect"


@pytest.mark.parametrize(
    "enabled,only,skip,expected",
    [
        (None, ["vbooks"], [], ["vbooks"]),
        (["vbooks", "cryptos"], [], [], ["cryptos", "vbooks"]),
        (None, [], ["expensor", "backup", "vprefect"], ["money_lover", "cryptos", "indexa", "vbooks"]),
        (None, ["expensor", "money_lover"], [], ["money_lover", "expensor"]),
    ],
)
def test_selection(enabled, only, skip, expected):
    assert run_plan(NEEDS, enabled, only, skip) == expected


def test_unknown_name_and_cycle_are_errors():
    with pytest.raises(PlanError, match="unknown subflow 'nope'"):
        run_plan(NEEDS, None, ["nope"], [])
    with pytest.raises(PlanError, match="cycle"):
        run_plan({"a": ("b",), "b": ("a",)}, None, [], [])
