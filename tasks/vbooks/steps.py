"""Prefect tasks of the vbooks subflow: extract and validate the reading log, then render its report."""

from __future__ import annotations

from config.vbooks import VbooksSettings
from tasks.run.history_guard import Guard
from tasks.run.outputs import write_tables, written_warnings
from tasks.run.step import step
from tasks.sheets.base import SheetsClient
from tasks.storage.base import Storage
from tasks.validation import validated_frame
from tasks.vbooks.schema import BOOKS_COLUMNS, BOOKS_HISTORY, COL_FINISHED, TODO_COLUMNS, TODO_HISTORY
from tasks.vbooks.transform import books_table, todo_table


@step("vbooks.extract")
def extract_reading_log(
    sheets: SheetsClient, storage: Storage, cfg: VbooksSettings, guard: Guard | None = None
) -> dict:
    """Read, validate and write both worksheets; either both parquet files are written or neither."""
    source = cfg.spreadsheet
    raw_books = sheets.read_worksheet(source, cfg.books_worksheet)
    raw_todo = sheets.read_worksheet(source, cfg.todo_worksheet)
    books = books_table(
        validated_frame(raw_books, BOOKS_COLUMNS, f"{source} / {cfg.books_worksheet}", headers=cfg.columns)
    )
    todo = todo_table(validated_frame(raw_todo, TODO_COLUMNS, f"{source} / {cfg.todo_worksheet}", headers=cfg.columns))
    histories = {cfg.paths.books: BOOKS_HISTORY, cfg.paths.todo: TODO_HISTORY}
    written = write_tables(storage, {cfg.paths.books: books, cfg.paths.todo: todo}, histories, guard)
    newest = books[COL_FINISHED].max()
    return {
        "rows": sum(w.rows for w in written),
        "files": [w.path for w in written],
        "newest": None if books.empty else newest.date().isoformat(),
        "warnings": written_warnings(written),
    }
