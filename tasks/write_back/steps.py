"""Write a subflow's month values back into a spreadsheet: every target checked first, then one write of only
the cells that changed (none at all when nothing did)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from config.cryptos import CryptosSettings
from config.indexa import IndexaSettings
from tasks.run.step import step
from tasks.sheets.base import SheetsClient, SheetsError
from tasks.storage.base import Storage
from tasks.write_back.transform import WriteBackError, changed_cells
from tasks.write_back.values import cryptos_values, indexa_values


def write_back_cells(
    sheets: SheetsClient, spreadsheet: str, values: list[tuple[str, str, float]], run_date: date
) -> dict[str, dict[str, object]]:
    """Plan and write `(worksheet, column, value)` into the run month's row; returns the cells written.

    Every worksheet is read and every column found before anything is written, so a missing spreadsheet,
    worksheet or column, or a month in two rows, fails with the sheet untouched.
    """
    month = _month(run_date)
    by_sheet: dict[str, dict[str, float]] = {}
    for worksheet, column, value in values:
        by_sheet.setdefault(worksheet, {})[column] = float(value)
    planned = {}
    for worksheet, columns in by_sheet.items():
        where = f"write-back to spreadsheet '{spreadsheet}', worksheet '{worksheet}'"
        try:
            rows = sheets.read_rows(spreadsheet, worksheet)
        except SheetsError as exc:
            raise WriteBackError(f"write-back: {exc}") from None
        planned[worksheet] = changed_cells(rows, month, columns, where, sheets.number_format(spreadsheet, worksheet))
    cells = {ws: c for ws, c in planned.items() if c}
    if cells:
        try:
            sheets.update_cells(spreadsheet, cells)
        except SheetsError as exc:
            raise WriteBackError(f"write-back: {exc}") from None
    return cells


def _month(run_date: date) -> pd.Timestamp:
    return pd.Timestamp(run_date).to_period("M").to_timestamp()


@step("cryptos.write_back")
def write_back_cryptos(sheets: SheetsClient, storage: Storage, cfg: CryptosSettings, run_date: date) -> int:
    """The month's total crypto value into `write_back.total`; returns the cells written."""
    values = cryptos_values(storage.read_parquet(cfg.paths.value), _month(run_date), cfg.write_back, cfg.paths.value)
    return sum(len(c) for c in write_back_cells(sheets, cfg.write_back.spreadsheet, values, run_date).values())


@step("indexa.write_back")
def write_back_indexa(sheets: SheetsClient, storage: Storage, cfg: IndexaSettings, run_date: date) -> int:
    """Each listed account's invested amount and value into its columns; returns the cells written."""
    path = cfg.paths.performance
    values = indexa_values(storage.read_parquet(path), _month(run_date), cfg.write_back, path)
    return sum(len(c) for c in write_back_cells(sheets, cfg.write_back.spreadsheet, values, run_date).values())
