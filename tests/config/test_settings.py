"""Settings precedence (env over .env over YAML) and subflow setting errors naming subflow and key."""

import pytest

from config.settings import load_settings
from config.subflows import ConfigError, load_subflow_settings
from config.vbooks import VbooksSettings


def test_defaults_come_from_yaml(vtasks_env, monkeypatch):
    monkeypatch.delenv("VTASKS_DATA_DIR")
    settings = load_settings()
    assert (settings.env, settings.locale, str(settings.data_dir)) == ("dev", "en_GB", "data")
    assert (settings.storage_backend, settings.active_profile) == ("local", "demo")


def test_env_beats_dotenv_beats_yaml(vtasks_env, monkeypatch):
    (vtasks_env / ".env").write_text("VTASKS_LOCALE=es_ES\nVTASKS_ENV=prod\n")
    assert (load_settings().locale, load_settings().env) == ("es_ES", "prod")
    monkeypatch.setenv("VTASKS_LOCALE", "de_DE")
    assert load_settings().locale == "de_DE"


def test_dropbox_credentials_pick_dropbox_and_real_profile(vtasks_env, monkeypatch):
    monkeypatch.setenv("DROPBOX_REFRESH_TOKEN", "rt")
    monkeypatch.setenv("DROPBOX_APP_KEY", "key")
    settings = load_settings()
    assert (settings.storage_backend, settings.active_profile) == ("dropbox", "real")
    assert "rt" not in repr(settings)
    monkeypatch.setenv("VTASKS_STORAGE", "local")
    assert load_settings().storage_backend == "local"


def test_subflow_yaml_and_env_override(vtasks_env, monkeypatch):
    assert load_subflow_settings(VbooksSettings).books_worksheet == "Books"
    monkeypatch.setenv("VTASKS_VBOOKS__PATHS__BOOKS", "reading/books.parquet")
    assert load_subflow_settings(VbooksSettings).paths.books == "reading/books.parquet"


def test_missing_subflow_setting_names_subflow_and_key(vtasks_env, monkeypatch):
    own = vtasks_env / "config"
    own.mkdir()
    (own / "vbooks.yaml").write_text("books_worksheet: Books\ntodo_worksheet: TODO\npaths: {books: a, todo: b, report: c}\n")
    monkeypatch.setenv("VTASKS_CONFIG_DIR", str(own))
    with pytest.raises(ConfigError, match=r"subflow 'vbooks'.*'spreadsheet' field required"):
        load_subflow_settings(VbooksSettings)
