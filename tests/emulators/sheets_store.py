"""Spreadsheets held by the Sheets emulator: worksheets as grids of typed cells, read and written by range."""

from __future__ import annotations

import itertools
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from tests.emulators.sheets_a1 import RangeError, parse_a1, range_name, split_range
from tests.emulators.sheets_format import Typed, typed_cell

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


@dataclass
class Sheet:
    sheet_id: int
    title: str
    rows: int = 1000
    cols: int = 26
    # Empty cells are absent; a number with a number format (currency, percent, date) is a sheets_format.Typed.
    cells: dict[tuple[int, int], object] = field(default_factory=dict)

    def properties(self, index: int) -> dict:
        return {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": index,
            "sheetType": "GRID",
            "gridProperties": {"rowCount": self.rows, "columnCount": self.cols},
        }

    def used(self) -> tuple[int, int]:
        """Rows and columns up to the last non-empty cell."""
        return (max((r for r, _ in self.cells), default=-1) + 1, max((c for _, c in self.cells), default=-1) + 1)


@dataclass
class Book:
    key: str
    title: str
    sheets: list[Sheet]
    created: str
    modified: str
    locale: str = "en_US"  # how FORMATTED_VALUE shows numbers and dates

    def sheet(self, title: str | None) -> Sheet:
        if title is None:
            return self.sheets[0]
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise RangeError(f"Unable to parse range: {title}")

    def window(self, text: str, open_ended: bool = False) -> tuple[Sheet, int, int, int, int, bool]:
        """Sheet and inclusive bounds of a range; the flag says the range was one cell or a whole sheet."""
        title, a1 = split_range(text)
        sheet = self.sheet(title)
        r0, c0, r1, c1 = parse_a1(a1) if a1 else (0, 0, None, None)
        single = a1 is None or (a1 and ":" not in a1)
        r1 = sheet.rows - 1 if r1 is None else r1
        c1 = sheet.cols - 1 if c1 is None else c1
        if not open_ended and (r1 >= sheet.rows or c1 >= sheet.cols):
            raise RangeError(f"Range ({text}) exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")
        return sheet, r0, c0, r1, c1, bool(single)

    def metadata(self) -> dict:
        return {
            "spreadsheetId": self.key,
            "properties": {
                "title": self.title,
                "locale": self.locale,
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Europe/Madrid",
            },
            "sheets": [{"properties": s.properties(i)} for i, s in enumerate(self.sheets)],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.key}/edit",
        }


class Store:
    """Spreadsheets by key. Callers hold `lock` around any read-modify-write."""

    def __init__(self) -> None:
        self.books: dict[str, Book] = {}
        self.lock = threading.RLock()
        self._sheet_ids = itertools.count(1)

    def load(self, title: str, worksheets: dict[str, list[list]], key: str | None = None, locale: str = "en_US") -> str:
        """Add (or replace) a spreadsheet; rows are header first, None or "" for empty cells."""
        now = rfc3339(time.time())
        key = key or "1" + secrets.token_urlsafe(32)[:43]
        sheets = [self.new_sheet(name, rows) for name, rows in (worksheets or {"Sheet1": []}).items()]
        sheets[0].sheet_id = 0
        with self.lock:
            self.books[key] = Book(key, title, sheets, now, now, locale)
        return key

    def new_sheet(self, title: str, rows: list[list] | None = None, height: int = 1000, width: int = 26) -> Sheet:
        rows = rows or []
        sheet = Sheet(next(self._sheet_ids), title, max(height, len(rows)), max(width, *(len(r) for r in rows), 0))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None and value != "":
                    sheet.cells[(r, c)] = typed_cell(value)
        return sheet

    def book(self, key: str) -> Book:
        return self.books[key]

    def find(self, title: str) -> list[Book]:
        return [b for b in self.books.values() if b.title == title]

    def dump(self) -> list[dict]:
        """Every spreadsheet with its worksheets as rows (trailing empties trimmed), for tests to read."""
        with self.lock:
            return [
                {"spreadsheetId": b.key, "title": b.title, "worksheets": {s.title: grid_rows(s) for s in b.sheets}}
                for b in self.books.values()
            ]


def grid_rows(sheet: Sheet) -> list[list]:
    height, width = sheet.used()
    rows = [[sheet.cells.get((r, c)) for c in range(width)] for r in range(height)]
    return [row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)] for row in rows]


def user_entered(value):
    """What typing `value` into a cell stores: numbers and booleans parsed, a leading ' kept as text."""
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if NUMBER.fullmatch(value.strip()):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    if ISO_DATE.fullmatch(value.strip()):  # Sheets reads a typed ISO date as a date cell in every locale
        try:
            return Typed.day(date.fromisoformat(value.strip()), "yyyy-mm-dd")
        except ValueError:
            return value
    return value


def kept_format(old, new):
    """A number written over a formatted number keeps the cell's format (currency, percent, date), as in Sheets:
    values writes change values, not formats."""
    if isinstance(old, Typed) and isinstance(new, (int, float)) and not isinstance(new, bool):
        return Typed(float(new), old.type, old.pattern, old.decimals)
    return new


def rfc3339(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds % 1 * 1000):03d}Z"


def write_block(sheet: Sheet, r0: int, c0: int, values: list[list], raw: bool) -> tuple[int, int, int]:
    """Write rows at (r0, c0): None skips a cell, "" clears it. Returns (rows, columns, cells) updated."""
    cells = 0
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is None:
                continue
            stored = value if raw else user_entered(value)
            if stored == "" and not isinstance(stored, bool):
                sheet.cells.pop((r0 + r, c0 + c), None)
            else:
                sheet.cells[(r0 + r, c0 + c)] = kept_format(sheet.cells.get((r0 + r, c0 + c)), stored)
            cells += 1
    return len(values), max((len(r) for r in values), default=0), cells


def updated_range(sheet: Sheet, r0: int, c0: int, rows: int, cols: int) -> str:
    return range_name(sheet.title, r0, c0, r0 + max(rows, 1) - 1, c0 + max(cols, 1) - 1)
