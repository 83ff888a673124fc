"""Settings of the backup subflow: targets, retention and mirror copies (`config/backup.yaml`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class BackupTarget(BaseModel):
    """Files in `folder` matching the glob `pattern` (one level, no `/`)."""

    folder: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _one_level(cls, value: str) -> str:
        if "/" in value or "\\" in value:
            raise ValueError("expected a file-name glob without '/', e.g. '*.kdbx'")
        return value


class CopyRule(BaseModel):
    """`source` mirrored into each folder of `to`, under the same name."""

    source: str
    to: list[str]


class Retention(BaseModel):
    keep_all_days: int = Field(30, ge=0)
    monthly: bool = True


class BackupSettings(SubflowSettings):
    """What to back up and how long to keep it (`config/backup.yaml`)."""

    yaml_name: ClassVar[str] = "backup"
    model_config = SettingsConfigDict(env_prefix="VTASKS_BACKUP__")

    backups_folder: str = "Backups"
    retention: Retention = Retention()
    targets: list[BackupTarget] = []
    copies: list[CopyRule] = []
