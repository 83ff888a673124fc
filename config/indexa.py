"""Settings of the indexa subflow: accounts, API URL and token (env `INDEXA_TOKEN`), output path."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from config.retry import RetryPolicy
from config.subflows import SubflowSettings


class IndexaPaths(BaseModel):
    performance: str


class IndexaSettings(SubflowSettings):
    """Which Indexa Capital accounts to read and where their monthly performance goes."""

    yaml_name: ClassVar[str] = "indexa"
    model_config = SettingsConfigDict(env_prefix="VTASKS_INDEXA__")

    accounts: list[str] = []
    source: Literal["auto", "live", "recorded"] = "auto"
    api_url: str
    http: RetryPolicy = RetryPolicy()
    paths: IndexaPaths
    token: SecretStr | None = Field(None, validation_alias="INDEXA_TOKEN")
