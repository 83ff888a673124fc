"""vbooks on the real Prefect engine reading Google Sheets through the real gspread, against the Sheets emulator."""

from datetime import date

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.registry import DEMO_GENERATORS as GENERATORS
from flows.vtasks import vtasks
from tasks.vbooks.demo import demo_frames
from tests.emulators.sheets_api import SheetsEmulator

RUN_DATE = "2026-11-22"


def as_rows(frame: pd.DataFrame) -> list[list]:
    """A frame as a user's worksheet holds it: header first, dates as ISO text, blanks empty."""
    cells = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [list(frame.columns)] + [[v.isoformat() if isinstance(v, date) else v for v in row] for row in cells]


@pytest.fixture
def emu(vtasks_env, monkeypatch):
    with SheetsEmulator() as emulator:
        monkeypatch.setenv("VTASKS_SHEETS", "gspread")
        monkeypatch.setenv("VTASKS_SHEETS_API_URL", emulator.url)
        yield emulator


def test_vbooks_reads_google_sheets_and_bad_input_overwrites_nothing(prefect_api, vtasks_env, emu):
    frames = demo_frames(42, date(2026, 11, 22), 5, 1.0)
    key = emu.load("books_data", {name: as_rows(frame) for name, frame in frames.items()})

    state = vtasks(only=["vbooks"], run_date=RUN_DATE, return_state=True)
    assert state.is_completed(), state.message
    books_path = vtasks_env / "data/vbooks/books.parquet"
    books = pd.read_parquet(books_path)
    assert len(books) == len(frames["Books"]) and books["title"].tolist()[-1] == frames["Books"]["Title"].iloc[-1]
    routes = emu.counts()["routes"]
    assert routes["values.get"] == 2 and routes["files.list"] == 1  # both worksheets, one Drive search
    assert not (vtasks_env / "data/sheets").exists()  # no workbook seeded or read: Google Sheets is the source

    broken = {name: as_rows(frame) for name, frame in frames.items()}
    broken["Books"][3][broken["Books"][0].index("Pages")] = "many"
    emu.load("books_data", broken, key=key)
    before = books_path.read_bytes()
    state = vtasks(only=["vbooks"], run_date=RUN_DATE, return_state=True)
    assert state.is_failed()
    assert "books_data / Books: row 4, column 'Pages': expected a whole number, got 'many'" in state.message
    assert books_path.read_bytes() == before


def test_vbooks_names_a_missing_spreadsheet(prefect_api, vtasks_env, emu):
    state = vtasks(only=["vbooks"], run_date=RUN_DATE, return_state=True)
    assert state.is_failed()
    assert "SheetsError: spreadsheet 'books_data', worksheet 'Books': not found by title" in state.message


def test_vtasks_demo_writes_the_demo_spreadsheets_into_google_sheets(vtasks_env, emu):
    titles = {
        title
        for generate in GENERATORS.values()
        for title, frames in generate(42, date(2026, 11, 22), 5, 1.0).items()
        if not isinstance(frames, bytes)
    }
    for title in titles:  # a service account cannot create files: the user makes and shares each one
        emu.load(title, {"Sheet1": []})
    result = CliRunner().invoke(app, ["demo", "--end", RUN_DATE])
    assert result.exit_code == 0, result.output
    frames = demo_frames(42, date(2026, 11, 22), 5, 1.0)
    assert emu.rows("books_data", "Books")[:2] == as_rows(frames["Books"])[:2]
    assert len(emu.rows("books_data", "Books")) == len(frames["Books"]) + 1
    assert len(emu.rows("books_data", "TODO")) == len(frames["TODO"]) + 1
    assert emu.counts()["routes"]["values.batchUpdate"] == len(titles)  # one write call per spreadsheet


def test_vtasks_demo_refuses_a_missing_spreadsheet_by_name(vtasks_env, emu):
    result = CliRunner().invoke(app, ["demo", "--end", RUN_DATE])
    assert result.exit_code == 1
    assert "spreadsheet 'books_data': not found by title" in " ".join(result.output.split())
    assert emu.counts()["routes"].get("values.batchUpdate") is None


def test_a_service_account_selects_google_sheets_and_the_real_profile(vtasks_env, monkeypatch):
    from config.settings import load_settings
    from tasks.clients import build_clients
    from tests.tasks.sheets.test_gspread_faults import service_account_json

    assert type(build_clients(load_settings()).sheets).__name__ == "WorkbookSheets"
    monkeypatch.setenv("GOOGLE_SERVICE_ACCOUNT_JSON", service_account_json())
    settings = load_settings()
    clients = build_clients(settings)
    assert type(clients.sheets).__name__ == "GspreadSheets" and settings.active_profile == "real"
    assert "PRIVATE KEY" not in repr(settings) + repr(clients)  # the key never shows in logs of either
    monkeypatch.setenv("VTASKS_SHEETS", "workbook")
    assert type(build_clients(load_settings()).sheets).__name__ == "WorkbookSheets"
