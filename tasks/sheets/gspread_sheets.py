"""Google Sheets through gspread: spreadsheets by title (or key), worksheets by name, rows header first."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import requests
from gspread.exceptions import APIError, SpreadsheetNotFound
from gspread.spreadsheet import Spreadsheet
from gspread.utils import absolute_range_name

from tasks.sheets.a1 import label_position, sheet_range
from tasks.sheets.base import SheetsClient, SheetsError
from tasks.sheets.gspread_http import connect
from tasks.sheets.numbers import NumberFormat

# Numbers as numbers, not as the locale shows them; date cells as day counts whatever their display
# (`1/3/2023` is ambiguous), which validation reads as dates only in a date or month column.
READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
KEY_PREFIX = "key:"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{40,}")  # Google spreadsheet ids are 44 such characters
MARKER_WORKSHEET = "vtasks demo"  # present in spreadsheets whose worksheets write_rows may replace
MARKER_NOTE = "Written by `vtasks demo`: vtasks may replace this spreadsheet's worksheets."


def spreadsheet_key(name: str) -> str | None:
    """The key in `key:<id>` or in a name that looks like an id; None for a title."""
    if name.startswith(KEY_PREFIX):
        return name[len(KEY_PREFIX) :].strip()
    return name if KEY_PATTERN.fullmatch(name) else None


class GspreadSheets(SheetsClient):
    """A service account's view of Google Sheets; `number_formats` as in SheetsClient."""

    def __init__(
        self,
        service_account_json: str | None = None,
        *,
        api_url: str | None = None,
        number_formats: dict[str, NumberFormat] | None = None,
        **http_options,
    ):
        self.client = connect(service_account_json, api_url, **http_options)
        self.number_formats = dict(number_formats or {})
        self._opened: dict[str, Spreadsheet] = {}
        self._keys: dict[str, str] = {}  # titles already found in Drive
        self._lock = threading.Lock()

    def read_rows(self, spreadsheet: str, worksheet: str) -> list[list]:
        with self.failures(spreadsheet, worksheet):
            found = self.open(spreadsheet)
            response = self.on_worksheet(
                found,
                spreadsheet,
                worksheet,
                lambda: found.values_get(absolute_range_name(worksheet), params=READ_PARAMS),
            )
        rows = [[None if v == "" else v for v in row] for row in response.get("values", [])]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        return rows

    def write_rows(self, spreadsheet: str, worksheets: dict[str, list[list]]) -> None:
        """Replace whole worksheets (adding or growing them as needed) in a handful of calls.

        Only worksheets that are empty or were written here before (the spreadsheet then has a
        `vtasks demo` worksheet) are replaced: demo inputs must never wipe a user's own data.
        """
        data = {name: [[cell_value(v) for v in row] for row in rows] for name, rows in worksheets.items()}
        with self.failures(spreadsheet):
            found = self.open(spreadsheet)
            grids = {ws.title: (ws.id, ws.row_count, ws.col_count) for ws in found.worksheets()}
            if MARKER_WORKSHEET not in grids:
                self.refuse_user_data(found, spreadsheet, [name for name in data if name in grids])
            data[MARKER_WORKSHEET] = [[MARKER_NOTE]]
            changes = [grid_change(name, rows, grids.get(name)) for name, rows in data.items()]
            if any(changes):
                found.batch_update({"requests": [c for c in changes if c]})
            found.values_batch_clear(body={"ranges": [absolute_range_name(name) for name in data]})
            found.values_batch_update(
                {
                    "valueInputOption": "RAW",
                    "data": [
                        {"range": absolute_range_name(name, "A1"), "values": rows}
                        for name, rows in data.items()
                        if rows
                    ],
                }
            )

    def update_cells(self, spreadsheet: str, cells: dict[str, dict[str, Any]]) -> None:
        """One values.batchUpdate (USER_ENTERED, so a date becomes a date cell; text is sent as `'text` and
        stays text); a worksheet's grid is grown first when a new row falls past it."""
        data = [
            {"range": sheet_range(ws, label), "values": [[entered_value(v)]]}
            for ws, labels in cells.items()
            for label, v in labels.items()
        ]
        if not data:
            return
        with self.failures(spreadsheet):
            found = self.open(spreadsheet)
            grids = {ws.title: (ws.id, ws.row_count, ws.col_count) for ws in found.worksheets()}
            missing = [ws for ws in cells if ws not in grids]
            if missing:
                raise SheetsError(
                    f"spreadsheet '{spreadsheet}': no worksheet '{missing[0]}' (found: {', '.join(grids)})"
                )
            growth = []
            for ws, labels in cells.items():
                ends = [label_position(label) for label in labels]
                height, width = max(r for r, _ in ends) + 1, max(c for _, c in ends) + 1
                growth.append(grid_change(ws, [[None] * width] * height, grids[ws]))
            if any(growth):
                found.batch_update({"requests": [g for g in growth if g]})
            found.values_batch_update({"valueInputOption": "USER_ENTERED", "data": data})

    # -- helpers ------------------------------------------------------------------------------
    def refuse_user_data(self, found: Spreadsheet, spreadsheet: str, names: list[str]) -> None:
        if not names:
            return
        answer = found.values_batch_get([absolute_range_name(name, "A1:Z3") for name in names])
        full = [name for name, got in zip(names, answer["valueRanges"]) if got.get("values")]
        if full:
            raise SheetsError(
                f"spreadsheet '{spreadsheet}': worksheet {', '.join(repr(n) for n in full)} already "
                "holds data vtasks did not write; not overwritten (use an empty spreadsheet)"
            )

    def version(self, spreadsheet: str) -> str | None:
        """Drive's `modifiedTime`, which follows every edit: one files.list call, no values read."""
        if spreadsheet_key(spreadsheet):
            return None  # opened by key: Drive metadata by id is not worth a second code path
        with self.failures(spreadsheet):
            files = self.client.list_spreadsheet_files(title=spreadsheet)
        found = [f for f in files if f.get("name") == spreadsheet]
        if not found:
            return "missing"
        with self._lock:
            self._keys[spreadsheet] = found[0]["id"]  # open() then needs no second Drive search
        return f"{found[0]['id']}@{found[0].get('modifiedTime')}"

    def open(self, spreadsheet: str) -> Spreadsheet:
        """Open once per client: by title that costs a Drive search and a metadata call."""
        with self._lock:
            if spreadsheet in self._opened:
                return self._opened[spreadsheet]
        key = spreadsheet_key(spreadsheet) or self._keys.get(spreadsheet)
        found = self.client.open_by_key(key) if key else self.client.open(spreadsheet)
        with self._lock:
            return self._opened.setdefault(spreadsheet, found)

    def on_worksheet(self, found: Spreadsheet, spreadsheet: str, worksheet: str, call):
        """Run a call on one worksheet; Google's 'Unable to parse range' becomes 'no worksheet'."""
        try:
            return call()
        except APIError as exc:
            if exc.response.status_code != 400:
                raise
            titles = [ws.title for ws in found.worksheets()]
            if worksheet in titles:
                raise
            raise SheetsError(
                f"spreadsheet '{spreadsheet}': no worksheet '{worksheet}' (found: {', '.join(titles)})"
            ) from None

    @contextmanager
    def failures(self, spreadsheet: str, worksheet: str | None = None):
        where = f"spreadsheet '{spreadsheet}'" + (f", worksheet '{worksheet}'" if worksheet else "")
        try:
            yield
        except SpreadsheetNotFound:
            how = "key" if spreadsheet_key(spreadsheet) else "title"
            raise SheetsError(f"{where}: not found by {how} (is it shared with the service account?)") from None
        except PermissionError:
            raise SheetsError(f"{where}: permission denied (share it with the service account)") from None
        except APIError as exc:
            message = exc.error.get("message", "") if isinstance(exc.error, dict) else ""
            raise SheetsError(f"{where}: Google Sheets answered HTTP {exc.response.status_code}: {message}") from None
        except requests.RequestException as exc:
            raise SheetsError(f"{where}: Google Sheets could not be reached ({type(exc).__name__})") from None


def grid_change(name: str, rows: list[list], grid: tuple[int, int, int] | None) -> dict | None:
    """A batchUpdate request adding the worksheet or growing its grid; Google refuses writes past it."""
    height, width = max(len(rows), 1), max((len(r) for r in rows), default=1)
    if grid is None:
        return {
            "addSheet": {
                "properties": {
                    "title": name,
                    "gridProperties": {"rowCount": max(height, 100), "columnCount": max(width, 26)},
                }
            }
        }
    sheet_id, row_count, col_count = grid
    if height <= row_count and width <= col_count:
        return None
    return {
        "updateSheetProperties": {
            "properties": {
                "sheetId": sheet_id,
                "gridProperties": {"rowCount": max(height, row_count), "columnCount": max(width, col_count)},
            },
            "fields": "gridProperties.rowCount,gridProperties.columnCount",
        }
    }


def entered_value(value: Any) -> Any:
    """A value as typed for USER_ENTERED: dates as ISO text (read as a date), other text behind `'` (kept as text)."""
    if isinstance(value, str):
        return "'" + value if value else value
    return cell_value(value)


def cell_value(value: Any) -> Any:
    """A value JSON and the Sheets API accept: text, number or bool; dates as ISO text; blanks cleared."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalars
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
