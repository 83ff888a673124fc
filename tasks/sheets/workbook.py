"""Sheets backed by `.xlsx` workbooks in storage, shaped like the user's Google spreadsheets."""

from __future__ import annotations

import io
import threading
from datetime import date, datetime
from typing import Any
from zipfile import BadZipFile

from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

from tasks.sheets.a1 import label_position
from tasks.sheets.base import SheetsClient, SheetsError
from tasks.storage.base import ConflictError, NotFoundError, Storage

PATH_SHEETS = "sheets"
WRITE_ATTEMPTS = 5  # a changed workbook is read and changed again at most this many times


class WorkbookSheets(SheetsClient):
    """Spreadsheet `title` is the file `<folder>/<title>.xlsx`; its worksheets keep their names.

    Read with python-calamine (fast, small); openpyxl only writes (`vtasks demo`).
    """

    def __init__(self, storage: Storage, folder: str = PATH_SHEETS, number_formats: dict[str, str] | None = None):
        self.storage = storage
        self.folder = folder
        self.number_formats = dict(number_formats or {})
        self._update_lock = threading.Lock()

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

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except CalamineError as exc:
            raise SheetsError(f"spreadsheet '{spreadsheet}': {path} is not a readable .xlsx workbook ({exc})") from None
        try:
            # skip_empty_area=False: a blank first column or row must not shift the others.
            rows = [
                [cell_value(v) for v in r] for r in book.get_sheet_by_name(worksheet).to_python(skip_empty_area=False)
            ]
        except WorksheetNotFound:
            raise SheetsError(
                f"spreadsheet '{spreadsheet}': no worksheet '{worksheet}' (found: {', '.join(book.sheet_names)})"
            ) from None
        finally:
            book.close()
        while rows and all(v is None or v == "" for v in rows[-1]):
            rows.pop()
        return rows

    def write_rows(self, spreadsheet: str, worksheets: dict[str, list[list]]) -> None:
        from openpyxl import Workbook  # deferred: openpyxl loads only to write a workbook

        book = Workbook()
        book.remove(book.active)
        for name, rows in worksheets.items():
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        self.storage.write_bytes(self.path(spreadsheet), buffer.getvalue())

    def update_cells(self, spreadsheet: str, cells: dict[str, dict[str, Any]]) -> None:
        """Set the cells in the workbook and write it back whole through storage (atomic); every other
        cell, sheet and format is as openpyxl read it. Nothing is written when no cell is given.

        Two subflows may change one workbook at once (cryptos and indexa both write into expensor_data): the
        change is made on the bytes read and written only if the file is still that revision, else made again
        on the new one, so neither overwrites the other's cells."""
        if not any(cells.values()):
            return
        path = self.path(spreadsheet)
        with self._update_lock:  # the threads of one run; the revision check covers other processes
            for attempt in range(1, WRITE_ATTEMPTS + 1):
                try:
                    data, rev = self.storage.read_with_rev(path)
                except NotFoundError:
                    where = self.storage.describe(path)
                    raise SheetsError(f"spreadsheet '{spreadsheet}': no workbook at {where}") from None
                try:
                    self.storage.write_bytes(path, self._with_cells(spreadsheet, path, data, cells), expected_rev=rev)
                    return
                except ConflictError:
                    if attempt == WRITE_ATTEMPTS:
                        raise SheetsError(
                            f"spreadsheet '{spreadsheet}': {path} changed under each of {WRITE_ATTEMPTS} attempts "
                            "to write; not written"
                        ) from None

    @staticmethod
    def _with_cells(spreadsheet: str, path: str, data: bytes, cells: dict[str, dict[str, Any]]) -> bytes:
        """The workbook `data` (stored at `path`) with the cells set."""
        from openpyxl import load_workbook  # deferred: openpyxl loads only to change a workbook

        try:
            book = load_workbook(io.BytesIO(data))
        except (BadZipFile, OSError, KeyError, ValueError) as exc:
            raise SheetsError(f"spreadsheet '{spreadsheet}': {path} is not a readable .xlsx workbook ({exc})") from None
        missing = [ws for ws in cells if ws not in book.sheetnames]
        if missing:
            raise SheetsError(
                f"spreadsheet '{spreadsheet}': no worksheet '{missing[0]}' (found: {', '.join(book.sheetnames)})"
            )
        for ws, labels in cells.items():
            for label, value in labels.items():
                label_position(label)  # refuses anything but a cell like AB14
                cell = book[ws][label]
                if isinstance(value, date) and not isinstance(value, datetime):
                    cell.value, cell.number_format = datetime(value.year, value.month, value.day), "yyyy-mm-dd"
                else:
                    cell.value = value
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def cell_value(value):
    """Empty cells as None; whole numbers as int, as a spreadsheet shows them (calamine gives 1984.0);
    date cells as datetimes, whatever their format (calamine gives a date for some)."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value
