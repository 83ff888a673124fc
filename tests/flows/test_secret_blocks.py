"""Secrets from Prefect Secret blocks on a real local Prefect API, only when enabled."""

from prefect.blocks.system import Secret

from config.settings import load_settings


def test_secret_block_fills_a_missing_secret(prefect_api, vtasks_env, monkeypatch):
    Secret(value="rt-from-block").save("dropbox-refresh-token", overwrite=True)
    monkeypatch.setenv("DROPBOX_APP_KEY", "key")

    assert load_settings().dropbox_refresh_token is None, "blocks are read only when enabled"

    monkeypatch.setenv("VTASKS_PREFECT_SECRETS", "true")
    settings = load_settings()
    assert settings.dropbox_refresh_token.get_secret_value() == "rt-from-block"
    assert settings.storage_backend == "dropbox"
    assert "rt-from-block" not in repr(settings)

    monkeypatch.setenv("DROPBOX_REFRESH_TOKEN", "rt-from-env")
    assert load_settings().dropbox_refresh_token.get_secret_value() == "rt-from-env", "the environment wins"
