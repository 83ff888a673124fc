"""gcal settings: a bad calendar list fails only gcal, naming the key; a missing secret names its variable."""

import pytest

from config.gcal import GcalSettings
from config.subflows import ConfigError, load_subflow_settings
from tasks.gcal.feeds import FeedError
from tasks.gcal.refresh import FeedSources
from tasks.storage.local import LocalStorage


def own_config(vtasks_env, monkeypatch, text):
    folder = vtasks_env / "config"
    folder.mkdir(exist_ok=True)
    (folder / "gcal.yaml").write_text(text)
    monkeypatch.setenv("VTASKS_CONFIG_DIR", str(folder))


PATHS = "paths: {events: e.parquet, report: r.html, state: s.json, demo_dir: d}\n"


def test_repeated_names_and_unknown_zone_are_config_errors(vtasks_env, monkeypatch):
    own_config(vtasks_env, monkeypatch, "timezone: Mars/Olympus\ncalendars: [{name: A}, {name: A}]\n" + PATHS)
    with pytest.raises(ConfigError) as caught:
        load_subflow_settings(GcalSettings)
    # The shared loader lower-cases messages.
    assert "subflow 'gcal'" in str(
        caught.value
    ) and "'calendars' value error, calendar names must be unique; repeated: a" in str(caught.value)
    assert "'timezone' value error, unknown time zone 'mars/olympus'" in str(caught.value)


def test_real_profile_without_the_secret_names_the_variable(vtasks_env, monkeypatch):
    own_config(vtasks_env, monkeypatch, "calendars: [{name: Work, url_env: GCAL_URL_WORK_TEST}]\n" + PATHS)
    cfg = load_subflow_settings(GcalSettings)
    sources = FeedSources(cfg, LocalStorage(vtasks_env / "data"), demo=False)
    with pytest.raises(FeedError, match=r"calendar 'Work': set GCAL_URL_WORK_TEST \(environment or .env\)"):
        sources.fetch(cfg.calendars[0], None, None)
    demo = FeedSources(cfg, LocalStorage(vtasks_env / "data"), demo=True)
    with pytest.raises(FeedError, match=r"calendar 'Work': no demo feed at d/Work.ics"):
        demo.fetch(cfg.calendars[0], None, None)
