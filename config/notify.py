"""Where notifications go: apprise URLs from `VTASKS_NOTIFY_URLS` (comma-separated), env or `.env` only."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.settings import register_model_secrets


class NotifySettings(BaseSettings):
    """The URLs carry tokens, so they stay a SecretStr and are never read from YAML, logged or written."""

    model_config = SettingsConfigDict(env_prefix="VTASKS_", env_file=".env", extra="ignore")

    notify_urls: SecretStr | None = None

    def model_post_init(self, context) -> None:
        register_model_secrets(self)

    def urls(self) -> list[str]:
        raw = self.notify_urls.get_secret_value() if self.notify_urls else ""
        return [u.strip() for u in raw.split(",") if u.strip()]
