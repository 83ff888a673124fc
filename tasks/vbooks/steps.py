"""Prefect tasks of the vbooks subflow: extract and validate the reading log, then render its report."""

from __future__ import annotations

from config.vbooks import VbooksSettings
from tasks.history_guard import Guard
from tasks.outputs import write_report_page, write_tables, written_warnings
from tasks.report_state import inputs_digest, mark_report_current, report_is_current
from tasks.sheets.base import SheetsClient
from tasks.steps import step
from tasks.storage.base import Storage
from tasks.validation import validated_frame
from tasks.vbooks.schema import BOOKS_COLUMNS, BOOKS_HISTORY, COL_FINISHED, TODO_COLUMNS, TODO_HISTORY
from tasks.vbooks.transform import books_table, todo_table


@step("vbooks.extract")
def extract_reading_log(sheets: SheetsClient, storage: Storage, cfg: VbooksSettings,
                        guard: Guard | None = None) -> dict:
    """Read, validate and write both worksheets; either both parquet files are written or neither."""
    source = cfg.spreadsheet
    raw_books = sheets.read_worksheet(source, cfg.books_worksheet)
    raw_todo = sheets.read_worksheet(source, cfg.todo_worksheet)
    books = books_table(validated_frame(raw_books, BOOKS_COLUMNS, f"{source} / {cfg.books_worksheet}", headers=cfg.columns))
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


@step("vbooks.report")
def write_vbooks_report(storage: Storage, cfg: VbooksSettings, locale: str, generated_at: str) -> list[str]:
    """Render the reading report when its inputs changed; return the reports rebuilt."""
    from reports.vbooks import vbooks_report

    inputs = [cfg.paths.books, cfg.paths.todo]
    digest = inputs_digest(storage, inputs, locale=locale)
    if report_is_current(storage, cfg.paths.report, digest):
        return []
    report = vbooks_report(storage.read_parquet(cfg.paths.books), storage.read_parquet(cfg.paths.todo), locale, generated_at)
    write_report_page(storage, cfg.paths.report, report)
    mark_report_current(storage, cfg.paths.report, digest)
    return [cfg.paths.report]
