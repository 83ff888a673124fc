"""Settings of the money_lover subflow: where exports arrive and are archived, what is excluded."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class MoneyLoverPaths(BaseModel):
    transactions: str
    state: str


class MoneyLoverSettings(SubflowSettings):
    """Exports folder, archive folder and excluded categories (`config/money_lover.yaml`)."""

    yaml_name: ClassVar[str] = "money_lover"
    model_config = SettingsConfigDict(env_prefix="VTASKS_MONEY_LOVER__")

    exports_folder: str
    archive_folder: str
    excluded_categories: list[str]
    paths: MoneyLoverPaths
