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
    (own / "vbooks.yaml").write_text(
        "books_worksheet: Books\ntodo_worksheet: TODO\npaths: {books: a, todo: b, report: c}\n"
    )
    monkeypatch.setenv("VTASKS_CONFIG_DIR", str(own))
    with pytest.raises(ConfigError, match=r"subflow 'vbooks'.*'spreadsheet' field required"):
        load_subflow_settings(VbooksSettings)


def test_column_renames_from_env_or_yaml_and_a_bad_key_is_named(vtasks_env, monkeypatch):
    from config.expensor import ExpensorSettings

    assert load_subflow_settings(VbooksSettings).columns == {}
    monkeypatch.setenv("VTASKS_VBOOKS__COLUMNS__DATE_FINISHED", "Date")
    assert load_subflow_settings(VbooksSettings).columns == {"date_finished": "Date"}
    monkeypatch.delenv("VTASKS_VBOOKS__COLUMNS__DATE_FINISHED")
    monkeypatch.setenv("VTASKS_VBOOKS__COLUMNS", '{"finished": "Date"}')
    with pytest.raises(
        ConfigError, match=r"subflow 'vbooks'.*'columns\.finished\.\[key\]' input should be 'title', 'author'"
    ):
        load_subflow_settings(VbooksSettings)
    monkeypatch.setenv("VTASKS_EXPENSOR__COLUMNS", '{"date": "Mes", "total": "Suma"}')
    assert load_subflow_settings(ExpensorSettings).columns == {"date": "Mes", "total": "Suma"}


def test_number_formats_are_typed(vtasks_env, monkeypatch):
    monkeypatch.setenv("VTASKS_SHEETS_NUMBER_FORMATS", '{"expensor_data": "spanish", "Money/Transactions": "plain"}')
    assert load_settings().sheets_number_formats == {"expensor_data": "spanish", "Money/Transactions": "plain"}
    monkeypatch.setenv("VTASKS_SHEETS_NUMBER_FORMATS", '{"expensor_data": "german"}')
    with pytest.raises(ValueError, match="sheets_number_formats.expensor_data"):
        load_settings()
