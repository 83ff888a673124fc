"""Settings of the vbooks subflow: the reading log's spreadsheet and where its outputs go."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class VbooksPaths(BaseModel):
    books: str
    todo: str
    report: str


# Keys of the expected columns (`Date finished` is `date_finished`); `columns` maps them to a sheet's own headers.
VbooksColumn = Literal["title", "author", "language", "date_finished", "pages", "type", "source", "owned"]


class VbooksSettings(SubflowSettings):
    """Where the reading log lives and where its outputs go (`config/vbooks.yaml`)."""

    yaml_name: ClassVar[str] = "vbooks"
    model_config = SettingsConfigDict(env_prefix="VTASKS_VBOOKS__")

    spreadsheet: str
    books_worksheet: str
    todo_worksheet: str
    paths: VbooksPaths
    columns: dict[VbooksColumn, str] = {}
