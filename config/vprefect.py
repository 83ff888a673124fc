"""Settings of the vprefect subflow: how runs are read from the Prefect API and judged in the report."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class VprefectPaths(BaseModel):
    flow_runs: str
    task_runs: str
    report: str


class VprefectSettings(SubflowSettings):
    """See `config/vprefect.yaml`."""

    yaml_name: ClassVar[str] = "vprefect"
    model_config = SettingsConfigDict(env_prefix="VTASKS_VPREFECT__")

    root_flow: str
    page_size: int = Field(ge=1, le=200)
    expected_every_minutes: int = Field(ge=1)
    rolling_days: int = Field(ge=1)
    trend_runs: int = Field(ge=1)
    slow_factor: float = Field(gt=1)
    orphan_after_minutes: int = Field(ge=1)
    paths: VprefectPaths
