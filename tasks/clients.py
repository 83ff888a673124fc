"""Builds the clients a run uses, once, from settings: storage and sheets for the chosen backend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from config.settings import Settings
from tasks.sheets.base import SheetsClient
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.base import Storage
from tasks.storage.local import LocalStorage


@dataclass
class Clients:
    """Everything a subflow talks to. Its repr names the backends only, never credentials."""

    settings: Settings
    storage: Storage
    sheets: SheetsClient

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        """Any, to pydantic: clients are passed in-process, never validated or sent to the API (the run
        records `<Clients>`), so Prefect need not derive a JSON schema of every setting for each subflow
        at import (about half a second of a run's start)."""
        return handler.generate_schema(Any)

    def __repr__(self) -> str:
        return f"Clients(storage={self.storage.name}, sheets={type(self.sheets).__name__})"


def build_storage(settings: Settings) -> Storage:
    if settings.storage_backend == "dropbox":
        from tasks.storage.dropbox_storage import DropboxStorage  # deferred: the Dropbox SDK loads only when used

        secret = lambda s: s.get_secret_value() if s else None  # noqa: E731
        return DropboxStorage(
            settings.dropbox_root,
            access_token=secret(settings.dropbox_access_token),
            refresh_token=secret(settings.dropbox_refresh_token),
            app_key=settings.dropbox_app_key,
            app_secret=secret(settings.dropbox_app_secret),
            api_url=settings.dropbox_api_url,
            policy=settings.dropbox_http,
        )
    return LocalStorage(settings.data_dir)


def build_sheets(settings: Settings, storage: Storage) -> SheetsClient:
    if settings.sheets_backend == "gspread":
        from tasks.sheets.gspread_sheets import GspreadSheets  # deferred: gspread and google-auth load only when used

        secret = settings.google_service_account_json
        return GspreadSheets(
            secret.get_secret_value() if secret else None,
            api_url=settings.sheets_api_url,
            number_formats=settings.sheets_number_formats,
            policy=settings.sheets_http,
        )
    return WorkbookSheets(storage, number_formats=settings.sheets_number_formats)


def build_clients(settings: Settings) -> Clients:
    storage = build_storage(settings)
    return Clients(settings=settings, storage=storage, sheets=build_sheets(settings, storage))
