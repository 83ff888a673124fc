"""Settings of the vbooks subflow: the reading log's spreadsheet and where its outputs go."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class VbooksPaths(BaseModel):
    books: str
    todo: str
    report: str


class VbooksSettings(SubflowSettings):
    """Where the reading log lives and where its outputs go (`config/vbooks.yaml`)."""

    yaml_name: ClassVar[str] = "vbooks"
    model_config = SettingsConfigDict(env_prefix="VTASKS_VBOOKS__")

    spreadsheet: str
    books_worksheet: str
    todo_worksheet: str
    paths: VbooksPaths
