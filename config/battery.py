"""Settings of the battery subflow: where the phone's exports land and when to ask for a new one."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class BatteryPaths(BaseModel):
    exports: list[str]  # globs of export files, deleted once imported
    data: str
    report: str
    reminder: str  # remembers the last reminder date, so it is sent at most once a day

    @field_validator("exports", mode="before")
    @classmethod
    def _one_glob_is_a_list(cls, value):
        return [value] if isinstance(value, str) else value


class BatterySettings(SubflowSettings):
    """The battery log's export folder, outputs and staleness threshold (`config/battery.yaml`)."""

    yaml_name: ClassVar[str] = "battery"
    model_config = SettingsConfigDict(env_prefix="VTASKS_BATTERY__")

    paths: BatteryPaths
    stale_days: int = Field(20, ge=1)
