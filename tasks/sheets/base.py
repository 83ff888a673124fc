"""The Sheets client interface: read a worksheet of a spreadsheet as raw rows under its header, set single cells."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import pandas as pd

from tasks.sheets.numbers import ATTR_NUMBER_FORMAT


class SheetsError(Exception):
    """A spreadsheet or worksheet could not be read; the message names which."""


class SheetsClient(ABC):
    """Spreadsheets by title, worksheets by name (case-sensitive, as Google Sheets is).

    Values come back raw (text, numbers, dates as the backend gives them); validation types them.
    `number_formats` maps `spreadsheet` or `spreadsheet/worksheet` to how numbers typed as text read
    (`plain`, `spanish`); `read_worksheet` hands it to validation in the frame's attrs.
    """

    number_formats: dict[str, str] = {}

    def number_format(self, spreadsheet: str, worksheet: str) -> str | None:
        return self.number_formats.get(f"{spreadsheet}/{worksheet}") or self.number_formats.get(spreadsheet)

    @abstractmethod
    def read_rows(self, spreadsheet: str, worksheet: str) -> list[list]:
        """All rows of a worksheet, header first; trailing empty rows dropped."""

    @abstractmethod
    def write_rows(self, spreadsheet: str, worksheets: dict[str, list[list]]) -> None:
        """Replace the given worksheets' contents (used by `vtasks demo` to seed inputs)."""

    @abstractmethod
    def update_cells(self, spreadsheet: str, cells: dict[str, dict[str, Any]]) -> None:
        """Set single cells, {worksheet: {"AB14": value}}, in one write; nothing else changes, nothing is cleared.

        Values are numbers, text (kept as text, `2026/12` is not read as a date) or dates (a date cell).
        """

    def version(self, spreadsheet: str) -> str | None:
        """A stamp that changes whenever the spreadsheet does, or None when the backend cannot tell cheaply."""
        return None

    def read_worksheet(self, spreadsheet: str, worksheet: str) -> pd.DataFrame:
        """The worksheet as a frame of raw values with its first row as column names."""
        rows = self.read_rows(spreadsheet, worksheet)
        if not rows:
            return pd.DataFrame()
        header = [str(h).strip() if h is not None else "" for h in rows[0]]
        width = len(header)
        body = [(list(r) + [None] * width)[:width] for r in rows[1:]]
        frame = pd.DataFrame(body, columns=header, dtype=object).loc[:, [h != "" for h in header]]
        number_format = self.number_format(spreadsheet, worksheet)
        if number_format:
            frame.attrs[ATTR_NUMBER_FORMAT] = number_format
        return frame

    def write_frames(self, spreadsheet: str, frames: dict[str, pd.DataFrame]) -> None:
        """Write frames as worksheets with a header row; missing values become empty cells."""
        self.write_rows(
            spreadsheet,
            {
                name: [list(df.columns)] + df.astype(object).where(df.notna(), None).values.tolist()
                for name, df in frames.items()
            },
        )
