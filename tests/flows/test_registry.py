"""The registry reads each subflow's contract: names, upstreams, settings and demo inputs come from there."""

import pytest

from flows.registry import MODULES, SUBFLOWS, registered


def test_each_contract_names_its_flow_settings_and_known_upstreams():
    assert list(SUBFLOWS) == [m.removeprefix("flows.") for m in MODULES]
    for name, subflow in SUBFLOWS.items():
        assert subflow.flow.name == f"vtasks.{name}"
        assert subflow.settings is not None and subflow.settings.yaml_name == name
        assert set(subflow.upstreams) <= set(SUBFLOWS) - {name}, name


def test_a_subflow_that_reports_on_runs_waits_for_every_other_one():
    assert SUBFLOWS["vprefect"].after_all
    assert set(SUBFLOWS["vprefect"].upstreams) == set(SUBFLOWS) - {"vprefect"}
    assert [n for n, s in SUBFLOWS.items() if s.after_all] == ["vprefect"]


def test_extra_modules_add_subflows_and_a_name_taken_twice_is_refused(tmp_path, monkeypatch):
    (tmp_path / "extra_one.py").write_text(
        "from flows.contract import Subflow\nfrom flows.vbooks import vbooks\n"
        "SUBFLOW = Subflow('extra', vbooks, 'another', upstreams=('battery',))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = registered([*MODULES, "extra_one"])
    assert "extra" in found["vprefect"].upstreams and found["extra"].upstreams == ("battery",)
    with pytest.raises(ValueError, match="two subflows share a name"):
        registered([*MODULES, "flows.vbooks"])
