"""Settings of the archive subflow: roots, move rules and zip extraction rules (`config/archive.yaml`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, SecretStr
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class MoveRule(BaseModel):
    """Files in `folder` (and its direct subfolders if asked) whose name matches go to `output`."""

    name: str
    folder: str
    subfolders: bool = False
    pattern: str
    output: str


class ZipRule(BaseModel):
    """Zips in `folder` whose name matches are extracted (flat) into the `output` folder, then deleted."""

    name: str
    folder: str
    pattern: str
    output: str
    encrypted: bool = False


class ArchiveSettings(SubflowSettings):
    """Archive rules; the zip password comes only from VTASKS_ARCHIVE__ZIP_PASSWORD (env or .env)."""

    yaml_name: ClassVar[str] = "archive"
    model_config = SettingsConfigDict(env_prefix="VTASKS_ARCHIVE__")

    roots: list[str]
    rules: list[MoveRule] = []
    zips: list[ZipRule] = []
    zip_password: SecretStr | None = None
