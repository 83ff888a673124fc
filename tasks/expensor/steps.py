"""Prefect tasks of the expensor subflow: build the money tables, render the report and the monthly archive."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pandas as pd

from config.expensor import ExpensorSettings
from tasks.expensor.cashflow import categories_by_month, comparison_by_month, month_range, monthly_flows, yearly_flows
from tasks.expensor.colors import colour_problems, colour_table
from tasks.expensor.schema import (
    BALANCES_HISTORY,
    COL_MONTH,
    COL_SUBTYPE,
    KIND_INVESTED,
    KIND_LIQUID,
    KIND_WORTH,
    SALARY_COLUMNS,
    SALARY_HISTORY,
)
from tasks.expensor.sheets import accounts_frame, balances_long, categories_frame
from tasks.expensor.worth import upstream_balances, worth_table
from tasks.expensor.written_back import SheetValue, sheet_value_balances, without_sheet_values
from tasks.money_lover.schema import COL_AMOUNT, COL_CATEGORY, COL_DATE, COL_TYPE
from tasks.run.history_guard import Guard
from tasks.run.outputs import write_tables, written_warnings
from tasks.run.step import step
from tasks.sheets.base import SheetsClient
from tasks.storage.base import Storage
from tasks.storage.parquet import MissingColumnsError
from tasks.validation import InputError, validated_frame

UPSTREAM_COLUMNS = {"cryptos": ["month", "total"], "indexa": ["month", "account", "invested", "value"]}
# What cash flows use of money_lover's table (its notes would be the largest column), type and category as codes.
TRANSACTION_FLOW_COLUMNS = [COL_DATE, COL_TYPE, COL_CATEGORY, COL_AMOUNT]


def _table(storage: Storage, path: str, columns: list[str], categorical: list[str] | None = None) -> pd.DataFrame:
    """Only `columns` of the table, or InputError naming those it lacks."""
    try:
        return storage.read_parquet(path, columns=columns, categorical=categorical)
    except MissingColumnsError as exc:
        raise InputError(f"{path}: missing column {', '.join(exc.missing)} (expected {', '.join(columns)})") from None


def _optional_table(storage: Storage, path: str, upstream: str) -> pd.DataFrame | None:
    # cryptos and indexa are optional upstreams: without them worth is the spreadsheet's alone.
    return _table(storage, path, UPSTREAM_COLUMNS[upstream]) if storage.exists(path) else None


def _transactions(storage: Storage, path: str) -> pd.DataFrame:
    if not storage.exists(path):
        raise InputError(f"{path}: missing; the money_lover subflow writes it from a Money Lover export")
    return _table(storage, path, TRANSACTION_FLOW_COLUMNS, categorical=[COL_TYPE, COL_CATEGORY])


def _read_worksheets(sheets: SheetsClient, book: str, names: list[str]) -> dict[str, pd.DataFrame]:
    """Every named worksheet: the first alone (opening the spreadsheet takes its own calls), the rest at once."""
    names = list(dict.fromkeys(names))
    frames = {names[0]: sheets.read_worksheet(book, names[0])}
    with ThreadPoolExecutor(max(1, len(names) - 1), thread_name_prefix="expensor-sheets") as pool:
        frames.update(zip(names[1:], pool.map(lambda name: sheets.read_worksheet(book, name), names[1:])))
    return frames


def _written_back(sheets: SheetsClient, frames: dict, values: list[SheetValue], headers: dict) -> list[pd.DataFrame]:
    """Balance rows of the columns cryptos and indexa write back, read from the sheet (other spreadsheets too)."""
    for key in dict.fromkeys((v.spreadsheet, v.worksheet) for v in values):
        if key not in frames:
            frames[key] = sheets.read_worksheet(*key)
    return [
        sheet_value_balances(frames[(v.spreadsheet, v.worksheet)], v, f"{v.spreadsheet} / {v.worksheet}", headers)
        for v in values
    ]


@step("expensor.extract")
def extract_money_tables(
    sheets: SheetsClient,
    storage: Storage,
    cfg: ExpensorSettings,
    run_date: date,
    written_back: list[SheetValue] = (),
    guard: Guard | None = None,
) -> dict:
    """Read and validate every input, derive the tables, then write them all (or none).

    `written_back` columns (cryptos' and indexa's write-back) are read from the sheet and not from their tables.
    """
    book, ws = cfg.spreadsheet, cfg.worksheets
    # One round trip each: read together, they cost about one.
    frames = {
        (book, name): frame
        for name, frame in _read_worksheets(
            sheets, book, [ws.accounts, ws.categories, ws.salary, ws.liquid, ws.invested, ws.worth]
        ).items()
    }
    read = lambda name: frames[(book, name)]  # noqa: E731
    headers = cfg.columns
    accounts = accounts_frame(read(ws.accounts), f"{book} / {ws.accounts}", headers)
    categ = categories_frame(read(ws.categories), f"{book} / {ws.categories}", headers)
    known = set(categ["Name"])
    salary = validated_frame(read(ws.salary), SALARY_COLUMNS, f"{book} / {ws.salary}", headers=headers)
    own = lambda sheet: [v.column for v in written_back if (v.spreadsheet, v.worksheet) == (book, sheet)]  # noqa: E731
    upstream = upstream_balances(
        _optional_table(storage, cfg.inputs.cryptos, "cryptos"), _optional_table(storage, cfg.inputs.indexa, "indexa")
    )
    balances = pd.concat(
        [
            balances_long(
                read(sheet).drop(columns=own(sheet), errors="ignore"), f"{book} / {sheet}", kind, accounts, headers
            )
            for sheet, kind in ((ws.liquid, KIND_LIQUID), (ws.invested, KIND_INVESTED), (ws.worth, KIND_WORTH))
        ]
        + [without_sheet_values(upstream, written_back)]
        + _written_back(sheets, frames, written_back, headers),
        ignore_index=True,
    )
    transactions = _transactions(storage, cfg.inputs.transactions)
    end = pd.Timestamp(run_date).to_period("M").to_timestamp()
    future = transactions[COL_DATE] >= end + pd.offsets.MonthBegin(1)
    if future.any():  # usually none: then no copy of every row
        transactions = transactions[~future]
    firsts = [s.min() for s in (transactions[COL_DATE], balances[COL_MONTH]) if len(s)]
    months = month_range(min(firsts) if firsts else end, end)
    categories = categories_by_month(transactions)
    monthly = monthly_flows(categories, months)
    tables = {
        cfg.paths.monthly: monthly,
        cfg.paths.yearly: yearly_flows(monthly),
        cfg.paths.categories: categories,
        cfg.paths.balances: balances[balances[COL_MONTH] <= end].reset_index(drop=True),
        cfg.paths.worth: worth_table(balances, monthly),
        cfg.paths.comparison: comparison_by_month(monthly),
        cfg.paths.salary: salary.rename(columns=str.lower).rename(columns={"date": COL_MONTH}),
        cfg.paths.colors: colour_table(
            accounts, categ, categories[COL_CATEGORY].unique(), balances[COL_SUBTYPE].unique()
        ),
    }
    histories = {cfg.paths.balances: BALANCES_HISTORY, cfg.paths.salary: SALARY_HISTORY}
    written = write_tables(storage, tables, histories, guard)
    unknown = sorted(set(categories[COL_CATEGORY]) - known)  # every category with a row is in its sums
    warnings = [f"{book} / {ws.categories}: no row for categories {', '.join(unknown)}"] if unknown else []
    # A colour that is no Material name and shade only costs that colour: a warning, and a stable one instead.
    warnings += colour_problems(accounts, f"{book} / {ws.accounts}") + colour_problems(
        categ, f"{book} / {ws.categories}"
    )
    warnings += written_warnings(written)
    newest = transactions[COL_DATE].max()
    return {
        "rows": len(transactions),
        "files": [w.path for w in written],
        "warnings": warnings,
        "newest": None if pd.isna(newest) else newest.date().isoformat(),
    }
