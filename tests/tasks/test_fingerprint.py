"""Input fingerprints on a local folder and workbook sheets: what changes them and what does not."""

from datetime import date, timedelta

import pandas as pd

from tasks.run.fingerprint import Inputs, inputs_fingerprint, outputs_present
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.local import LocalStorage

INPUTS = Inputs(files=("exports/*.csv",), spreadsheets=("books",), settings='{"stale_days": 20}')
DAY = date(2026, 11, 22)


def setup(tmp_path):
    storage = LocalStorage(tmp_path)
    sheets = WorkbookSheets(storage)
    storage.write_text("exports/a.csv", "1,2\n")
    sheets.write_frames("books", {"Books": pd.DataFrame({"Title": ["Dune"]})})
    return storage, sheets


def test_same_inputs_same_fingerprint_and_every_input_counts(tmp_path):
    storage, sheets = setup(tmp_path)
    first = inputs_fingerprint(INPUTS, storage, sheets, DAY)
    assert first == inputs_fingerprint(INPUTS, storage, sheets, DAY)
    assert first != inputs_fingerprint(
        INPUTS, storage, sheets, DAY + timedelta(days=1)
    )  # date-dependent work reruns daily
    changed_settings = Inputs(INPUTS.files, INPUTS.spreadsheets, '{"stale_days": 30}')
    assert first != inputs_fingerprint(changed_settings, storage, sheets, DAY)

    storage.write_text("exports/b.csv", "3,4\n")  # a new file matching the glob
    second = inputs_fingerprint(INPUTS, storage, sheets, DAY)
    storage.write_text("other/c.csv", "5\n")  # outside it
    assert first != second == inputs_fingerprint(INPUTS, storage, sheets, DAY)

    sheets.write_frames("books", {"Books": pd.DataFrame({"Title": ["Dune", "Emma"]})})
    assert inputs_fingerprint(INPUTS, storage, sheets, DAY) != second


def test_a_date_fingerprints_as_its_iso_text_did(tmp_path):
    # Runs recorded before the run date was a date hashed its YYYY-MM-DD text: their fingerprints still match,
    # so an upgrade does not rerun every subflow once.
    storage, sheets = setup(tmp_path)
    assert inputs_fingerprint(INPUTS, storage, sheets, DAY) == inputs_fingerprint(INPUTS, storage, sheets, "2026-11-22")


def test_live_sources_and_unknown_spreadsheet_versions_are_not_fingerprinted(tmp_path):
    storage, sheets = setup(tmp_path)
    assert inputs_fingerprint(Inputs(live=True), storage, sheets, DAY) is None

    class Unversioned(WorkbookSheets):
        def version(self, spreadsheet):
            return None

    assert inputs_fingerprint(INPUTS, storage, Unversioned(storage), DAY) is None


def test_spreadsheet_versions_are_asked_once_per_stamps_cache(tmp_path):
    storage, sheets = setup(tmp_path)
    stamps = {}
    before = inputs_fingerprint(INPUTS, storage, sheets, DAY, stamps)
    sheets.write_frames("books", {"Books": pd.DataFrame({"Title": ["Emma"]})})
    # The cached stamp is the version that was read: a change during the run shows up next run.
    assert inputs_fingerprint(INPUTS, storage, sheets, DAY, stamps) == before
    assert inputs_fingerprint(INPUTS, storage, sheets, DAY) != before


def test_outputs_present(tmp_path):
    storage, _ = setup(tmp_path)
    assert outputs_present(storage, ["exports/a.csv", ""])
    assert not outputs_present(storage, ["exports/a.csv", "gone.parquet"])
