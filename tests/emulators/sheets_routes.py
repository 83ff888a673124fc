"""Sheets v4 and Drive v3 routes of the emulator. Each takes (book or store, range, params, body) -> JSON."""

from __future__ import annotations

import copy
import re

from tests.emulators.sheets_a1 import RangeError, cell_name, quoted, range_name
from tests.emulators.sheets_format import DATETIME_OPTIONS, RENDER_OPTIONS, rendered
from tests.emulators.sheets_store import Book, Store, updated_range, write_block

GRID_LIMITS = "exceeds grid limits"
SHEETS_MIME = "application/vnd.google-apps.spreadsheet"


class ApiError(Exception):
    """A Google error answer: {"error": {"code", "message", "status"}}."""

    def __init__(self, code: int, message: str, status: str):
        super().__init__(message)
        self.body = {"error": {"code": code, "message": message, "status": status}}
        self.code = code


def bad_request(message: str) -> ApiError:
    return ApiError(400, message, "INVALID_ARGUMENT")


def value_range(book: Book, text: str, params: dict) -> dict:
    render = params.get("valueRenderOption", "FORMATTED_VALUE")
    date_render = params.get("dateTimeRenderOption", "SERIAL_NUMBER")
    if render not in RENDER_OPTIONS:
        raise bad_request(f"Invalid value at 'value_render_option' ({render})")
    if date_render not in DATETIME_OPTIONS:
        raise bad_request(f"Invalid value at 'date_time_render_option' ({date_render})")
    sheet, r0, c0, r1, c1, _ = book.window(text)
    rows = []
    for r in range(r0, r1 + 1):
        row = [sheet.cells.get((r, c)) for c in range(c0, c1 + 1)]
        while row and row[-1] is None:
            row.pop()
        rows.append(["" if v is None else rendered(v, book.locale, render, date_render) for v in row])
    while rows and not rows[-1]:
        rows.pop()
    if params.get("majorDimension") == "COLUMNS":
        width = max((len(r) for r in rows), default=0)
        rows = [[r[c] if c < len(r) else "" for r in rows] for c in range(width)]
        rows = [col[: max((i + 1 for i, v in enumerate(col) if v != ""), default=0)] for col in rows]
    result = {"range": range_name(sheet.title, r0, c0, r1, c1), "majorDimension": params.get("majorDimension", "ROWS")}
    return {**result, "values": rows} if rows else result


def update(book: Book, text: str, params: dict, body: dict) -> dict:
    option = params.get("valueInputOption")
    if option not in ("RAW", "USER_ENTERED"):
        raise bad_request(
            "'valueInputOption' is required but not specified"
            if not option
            else f"Invalid value at 'value_input_option' ({option})"
        )
    values = body.get("values") or []
    if body.get("majorDimension") == "COLUMNS":
        values = [list(r) for r in zip(*values)]
    sheet, r0, c0, r1, c1, single = book.window(text)
    height, width = len(values), max((len(r) for r in values), default=0)
    if r0 + height > sheet.rows or c0 + width > sheet.cols:
        raise bad_request(f"Range ({text}) {GRID_LIMITS}. Max rows: {sheet.rows}, max columns: {sheet.cols}")
    if not single and (r0 + height - 1 > r1 or c0 + width - 1 > c1):
        raise bad_request(f"Requested writing within range [{text}], but tried writing to row [{r0 + height}]")
    rows, cols, cells = write_block(sheet, r0, c0, values, raw=option == "RAW")
    result = {
        "spreadsheetId": book.key,
        "updatedRange": updated_range(sheet, r0, c0, rows, cols),
        "updatedRows": rows,
        "updatedColumns": cols,
        "updatedCells": cells,
    }
    if params.get("includeValuesInResponse") in ("true", "True", True):
        result["updatedData"] = value_range(book, result["updatedRange"], params)
    return result


def append(book: Book, text: str, params: dict, body: dict) -> dict:
    sheet, _, c0, _, _, _ = book.window(text, open_ended=True)
    used_rows, used_cols = sheet.used()
    values = body.get("values") or []
    grow = (
        len(values) if params.get("insertDataOption") == "INSERT_ROWS" else max(0, used_rows + len(values) - sheet.rows)
    )
    sheet.rows += grow
    written = update(book, f"{quoted(sheet.title)}!{cell_name(used_rows, c0)}", params, {"values": values})
    result = {"spreadsheetId": book.key, "updates": written}
    if used_rows:
        result["tableRange"] = range_name(sheet.title, 0, 0, used_rows - 1, max(used_cols - 1, 0))
    return result


def clear(book: Book, text: str) -> str:
    sheet, r0, c0, r1, c1, _ = book.window(text)
    for cell in [k for k in sheet.cells if r0 <= k[0] <= r1 and c0 <= k[1] <= c1]:
        del sheet.cells[cell]
    return range_name(sheet.title, r0, c0, r1, c1)


def batch_update_values(book: Book, body: dict) -> dict:
    # Google applies all ranges or none: try them on a copy and keep it only if every one worked.
    trial = copy.deepcopy(book)
    params = {
        "valueInputOption": body.get("valueInputOption"),
        "includeValuesInResponse": body.get("includeValuesInResponse"),
    }
    responses = [update(trial, item["range"], params, item) for item in body.get("data") or []]
    book.sheets = trial.sheets
    return {
        "spreadsheetId": book.key,
        "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
        "totalUpdatedColumns": max((r["updatedColumns"] for r in responses), default=0),
        "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
        "totalUpdatedSheets": len({r["updatedRange"].rsplit("!", 1)[0] for r in responses}),
        "responses": responses,
    }


def batch_update(store: Store, book: Book, body: dict) -> dict:
    """addSheet, updateSheetProperties (grid size, title) and deleteSheet, applied all or none."""
    trial, replies = copy.deepcopy(book), []
    for request in body.get("requests") or []:
        kind, spec = next(iter(request.items()))
        props = spec.get("properties", {})
        if kind == "addSheet":
            title = props.get("title") or f"Sheet{len(trial.sheets) + 1}"
            if any(s.title == title for s in trial.sheets):
                raise bad_request(
                    f'Invalid requests[0].addSheet: A sheet with the name "{title}" already exists. '
                    "Please enter another name."
                )
            grid = props.get("gridProperties", {})
            sheet = store.new_sheet(title, height=grid.get("rowCount", 1000), width=grid.get("columnCount", 26))
            trial.sheets.insert(props.get("index", len(trial.sheets)), sheet)
            replies.append({"addSheet": {"properties": sheet.properties(trial.sheets.index(sheet))}})
        elif kind in ("updateSheetProperties", "deleteSheet"):
            sheet_id = props.get("sheetId", spec.get("sheetId"))
            sheet = next((s for s in trial.sheets if s.sheet_id == sheet_id), None)
            if sheet is None:
                raise bad_request(f"Invalid requests[0].{kind}: No grid with id: {sheet_id}")
            if kind == "deleteSheet":
                trial.sheets.remove(sheet)
            else:
                grid = props.get("gridProperties", {})
                sheet.rows, sheet.cols = grid.get("rowCount", sheet.rows), grid.get("columnCount", sheet.cols)
                sheet.title = props.get("title", sheet.title)
                sheet.cells = {k: v for k, v in sheet.cells.items() if k[0] < sheet.rows and k[1] < sheet.cols}
            replies.append({})
        else:
            raise bad_request(f'Invalid JSON payload received. Unknown name "{kind}" (not emulated)')
    book.sheets = trial.sheets
    return {"spreadsheetId": book.key, "replies": replies}


def files_list(store: Store, params: dict) -> dict:
    query = params.get("q", "")
    name = re.search(r'name\s*=\s*"((?:[^"\\]|\\.)*)"', query)
    books = [b for b in store.books.values() if name is None or b.title == name.group(1)]
    if "mimeType" in query and SHEETS_MIME not in query:
        books = []
    size, start = int(params.get("pageSize", 100)), int(params.get("pageToken") or 0)
    page = books[start : start + size]
    result = {
        "kind": "drive#fileList",
        "incompleteSearch": False,
        "files": [{"id": b.key, "name": b.title, "createdTime": b.created, "modifiedTime": b.modified} for b in page],
    }
    if start + size < len(books):
        result["nextPageToken"] = str(start + size)
    return result


def range_error(error: RangeError) -> ApiError:
    return bad_request(str(error))
