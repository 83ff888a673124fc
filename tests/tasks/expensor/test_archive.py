"""The monthly archive: pages rendered then written as one batch; the month state only once all landed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from config.expensor import ExpensorSettings
from config.money_lover import MoneyLoverSettings
from reports.expensor_archive import write_month_reports
from tasks.expensor.demo import demo_frames
from tasks.expensor.steps import extract_money_tables
from tasks.money_lover.demo import demo_files
from tasks.money_lover.steps import extract_transactions
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.batch import BatchError
from tasks.storage.local import LocalStorage

END = date(2026, 11, 22)
GENERATED = "2026-11-22T06:00:00+00:00"
BLOCKED = "expensor/reports/2026/2026_03.html"


@pytest.fixture
def tables(tmp_path):
    """A local storage holding a year of expensor tables, as the extract step writes them."""
    storage = LocalStorage(tmp_path / "data")
    for path, data in demo_files(7, END, 1, 0.3).items():
        storage.write_bytes(path, data)
    sheets = WorkbookSheets(storage)
    sheets.write_frames("expensor_data", demo_frames(7, END, 1, 0.3))
    extract_transactions.fn(storage, MoneyLoverSettings())
    cfg = ExpensorSettings()
    extract_money_tables.fn(sheets, storage, cfg, END)
    return storage, cfg


def test_every_month_and_the_shared_plotly_are_written_then_the_state(tables):
    storage, cfg = tables
    rebuilt = write_month_reports.fn(storage, cfg, "en_GB", GENERATED)
    assert len(rebuilt) >= 12 and all(storage.exists(p) for p in rebuilt)
    assert len(storage.list("assets/plotly-*.min.js")) == 1
    assert set(json.loads(storage.read_text(cfg.paths.month_state))) == set(rebuilt)
    assert write_month_reports.fn(storage, cfg, "en_GB", GENERATED) == []  # nothing changed, nothing rendered


def test_a_page_that_cannot_be_written_is_named_and_no_month_is_marked_done(tables):
    storage, cfg = tables
    storage.write_text(f"{BLOCKED}/in-the-way.txt", "a folder where the page goes")
    with pytest.raises(BatchError, match=BLOCKED) as raised:
        write_month_reports.fn(storage, cfg, "en_GB", GENERATED)
    assert list(raised.value.failures) == [BLOCKED]
    assert not storage.exists(cfg.paths.month_state)  # so every month is rebuilt next run
    storage.delete(f"{BLOCKED}/in-the-way.txt")
    (storage.root / BLOCKED).rmdir()
    rebuilt = write_month_reports.fn(storage, cfg, "en_GB", GENERATED)
    assert BLOCKED in rebuilt and set(json.loads(storage.read_text(cfg.paths.month_state))) == set(rebuilt)
