"""Sheets backed by `.xlsx` workbooks in storage, shaped like the user's Google spreadsheets."""

from __future__ import annotations

import io
import zipfile


from tasks.sheets.base import SheetsClient, SheetsError
from tasks.storage.base import NotFoundError, Storage

PATH_SHEETS = "sheets"


class WorkbookSheets(SheetsClient):
    """Spreadsheet `title` is the file `<folder>/<title>.xlsx`; its worksheets keep their names."""

    def __init__(self, storage: Storage, folder: str = PATH_SHEETS):
        self.storage = storage
        self.folder = folder

    def path(self, spreadsheet: str) -> str:
        return f"{self.folder}/{spreadsheet}.xlsx"

    def version(self, spreadsheet: str) -> str | None:
        path = self.path(spreadsheet)
        return self.storage.metadata(path).content_hash if self.storage.exists(path) else "missing"

    def read_rows(self, spreadsheet: str, worksheet: str) -> list[list]:
        path = self.path(spreadsheet)
        try:
            data = self.storage.read_bytes(path)
        except NotFoundError:
            raise SheetsError(f"spreadsheet '{spreadsheet}': no workbook at {self.storage.describe(path)}") from None
        from openpyxl import load_workbook  # 5 MB of imports a Google Sheets run never needs

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise SheetsError(f"spreadsheet '{spreadsheet}': {path} is not a readable .xlsx workbook ({exc})") from None
        try:
            if worksheet not in book.sheetnames:
                raise SheetsError(
                    f"spreadsheet '{spreadsheet}': no worksheet '{worksheet}' (found: {', '.join(book.sheetnames)})"
                )
            rows = [list(r) for r in book[worksheet].iter_rows(values_only=True)]
        finally:
            book.close()
        while rows and all(v is None or v == "" for v in rows[-1]):
            rows.pop()
        return rows

    def write_rows(self, spreadsheet: str, worksheets: dict[str, list[list]]) -> None:
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for name, rows in worksheets.items():
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        self.storage.write_bytes(self.path(spreadsheet), buffer.getvalue())
