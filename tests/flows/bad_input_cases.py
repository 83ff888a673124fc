"""The bad-input suite's table: one row per case, a source, the change that breaks it and what the run must say.

Each `change(data, config)` edits a copy of a demo household that ran once (tests/flows/test_bad_input.py)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd

ML_EXPORT = "money_lover/exports/MoneyLover-2026-11-22.csv"
ML_NEWER = "money_lover/exports/MoneyLover-2026-11-23"
BATTERY_EXPORT = "battery/export/bmw_history.txt"
NOV_23_MS = 1795392000000  # 2026-11-23 00:00 UTC, after the demo log's last reading


@dataclass(frozen=True)
class Case:
    id: str
    subflow: str
    change: Callable[[Path, Path], None]
    expect: tuple[str, ...]  # all in the subflow's message (failed) or its warnings (completed)
    warning: bool = False  # a named warning: the run completes and keeps every stored row
    kept: tuple[str, ...] = field(default=())  # folders whose files must be byte-identical (default: the subflow's)
    partial: bool = False  # a failure that still refreshes the source's other parts: stored rows kept, not bytes


# --- helpers: each edits a file of the copied household ---------------------------------------------------
def text(path: str, body: str | bytes) -> Callable[[Path, Path], None]:
    def change(data: Path, config: Path) -> None:
        (data / path).parent.mkdir(parents=True, exist_ok=True)
        (data / path).write_bytes(body if isinstance(body, bytes) else body.encode())

    return change


def ml_export(edit: Callable[[list[str]], list[str]], suffix: str = ".csv") -> Callable[[Path, Path], None]:
    """A newer Money Lover export: the demo's (the full history) edited line by line."""

    def change(data: Path, config: Path) -> None:
        lines = (data / ML_EXPORT).read_text().splitlines()
        (data / f"{ML_NEWER}{suffix}").write_text("\n".join(edit(lines)) + "\n")

    return change


def battery_line(i: int, ms: int, temperature: str = "33.5°C", level: str = "Charging 82%") -> str:
    return f"{i},{level},1294mA,+2%,{temperature},4083mV,ac,off,0,{ms}"


def battery_export(*lines: str) -> Callable[[Path, Path], None]:
    return text(BATTERY_EXPORT, "\n".join(lines) + "\n")


def parquet_file(path: str, frame: pd.DataFrame) -> Callable[[Path, Path], None]:
    def change(data: Path, config: Path) -> None:
        (data / path).parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(data / path)

    return change


def legacy_log(**overrides) -> pd.DataFrame:
    """A 2023 pipeline `battery.parquet`: its column names, a reading every 5 minutes in 2023."""
    frame = pd.DataFrame(
        {
            "time": pd.date_range("2023-05-01", periods=3, freq="5min"),
            "battery": [55, 54, 54],
            "temperature": [29.1, 29.0, 29.2],
            "mA": [-300, -310, -305],
            "mV": [3900, 3890, 3880],
            "plugged": ["unplugged"] * 3,
            "screen": ["on"] * 3,
            "change": ["-1"] * 3,
            "restart": ["0"] * 3,
        }
    )
    for name, value in overrides.items():
        if value is None:
            frame = frame.drop(columns=name)
        else:
            frame[name] = value
    return frame


def sheet(book: str, worksheet: str, edit: Callable) -> Callable[[Path, Path], None]:
    def change(data: Path, config: Path) -> None:
        path = data / f"sheets/{book}.xlsx"
        workbook = openpyxl.load_workbook(path)
        edit(workbook[worksheet] if worksheet else workbook)
        workbook.save(path)

    return change


def header_only(ws) -> None:
    ws.delete_rows(2, ws.max_row)


def cell(row: int, column: int, value) -> Callable:
    def edit(ws) -> None:
        ws.cell(row, column).value = value

    return edit


def column_named(ws, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


def rename_column(old: str, new: str) -> Callable:
    return lambda ws: setattr(ws.cell(1, column_named(ws, old)), "value", new)


def api(name: str, edit: Callable[[dict], None]) -> Callable[[Path, Path], None]:
    """The demo profile's recorded answers (`_demo/api/<name>.json`), edited."""

    def change(data: Path, config: Path) -> None:
        path = data / f"_demo/api/{name}.json"
        answers = json.loads(path.read_text())
        edit(answers)
        path.write_text(json.dumps(answers))

    return change


def setitem(keys: list, value) -> Callable[[dict], None]:
    def edit(answers: dict) -> None:
        target = answers
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return edit


def yaml_setting(name: str, old: str, new: str) -> Callable[[Path, Path], None]:
    def change(data: Path, config: Path) -> None:
        path = config / f"{name}.yaml"
        body = path.read_text()
        assert old in body, f"{old!r} not in {name}.yaml"
        path.write_text(body.replace(old, new, 1))

    return change


def garbled_zip(data: Path, config: Path) -> None:
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("receipt.pdf", b"%PDF-1.4 receipt")
    (data / "documents/inbox/Scans 2026.zip").write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])


def empty_calendars(data: Path, config: Path) -> None:
    """Every demo feed still a calendar, with no event left (a feed answered empty)."""
    for feed in (data / "_demo/gcal").glob("*.ics"):
        body = feed.read_text()
        feed.write_text(body[: body.index("BEGIN:VEVENT")] + "END:VCALENDAR\r\n")


def _one_book_removed(ws) -> None:
    ws.delete_rows(5)


def _month_entered_twice(ws) -> None:
    ws.cell(4, 1).value = ws.cell(3, 1).value  # the second month's row typed with the first's date


def _a_tenth(lines: list[str]) -> list[str]:
    return lines[:1] + lines[1 : 1 + max(1, (len(lines) - 1) // 10)]


def _future_line(lines: list[str]) -> list[str]:
    return lines + ["9999;05/01/2199;Groceries;-12.00;from the future;Bank;EUR"]


CASES = [
    # battery: 3C Battery Manager exports and 2023 logs
    Case(
        "battery-garbled-temperature",
        "battery",
        battery_export(battery_line(0, NOV_23_MS), battery_line(1, NOV_23_MS + 300000, "33.5 degrees")),
        (BATTERY_EXPORT, "row 2", "column 'temperature'"),
    ),
    Case(
        "battery-cut-short-line",
        "battery",
        battery_export(battery_line(0, NOV_23_MS), "1,Charging 84%,1778mA"),
        (BATTERY_EXPORT, "row 2"),
    ),
    Case(
        "battery-epoch-not-a-number",
        "battery",
        battery_export(battery_line(0, NOV_23_MS), battery_line(1, "soon")),
        (BATTERY_EXPORT, "row 2"),
    ),
    Case(
        "battery-level-not-a-percent",
        "battery",
        battery_export(battery_line(0, NOV_23_MS, level="Charging lots")),
        (BATTERY_EXPORT, "row 1"),
    ),
    Case("battery-binary-garbage", "battery", text(BATTERY_EXPORT, b"\x00\xff\x10garbage\x00"), (BATTERY_EXPORT,)),
    Case(
        "battery-reading-in-2200",
        "battery",
        battery_export(battery_line(0, 7258118400000)),
        (BATTERY_EXPORT, "row 1, column 'time'", "7258118400000"),
    ),
    Case(
        "battery-reading-next-summer",
        "battery",
        battery_export(battery_line(0, 1811808000000)),
        ("battery battery/battery.parquet row", "time=2027-06-01", "after the run date 2026-11-23"),
        warning=True,
    ),
    Case(
        "battery-2023-parquet-damaged",
        "battery",
        text("battery/export/battery.parquet", b"PAR1" + b"\x00" * 40),
        ("battery/export/battery.parquet: not a readable parquet file",),
    ),
    Case(
        "battery-2023-parquet-missing-column",
        "battery",
        parquet_file("battery/export/battery.parquet", legacy_log(battery=None)),
        ("battery/export/battery.parquet", "battery"),
    ),
    Case(
        "battery-2023-parquet-level-as-text",
        "battery",
        parquet_file("battery/export/battery.parquet", legacy_log(battery=["high", "low", "mid"])),
        ("battery/export/battery.parquet",),
    ),
    # money_lover: exports (csv, BIFF xls, xlsx, HTML table saved as .xls)
    Case(
        "money-lover-header-only",
        "money_lover",
        ml_export(lambda lines: lines[:1]),
        ("money_lover: refused to replace history", "would be empty", "--accept-shrink money_lover"),
    ),
    Case(
        "money-lover-cut-short-tenth",
        "money_lover",
        ml_export(_a_tenth),
        (
            "money_lover: refused to replace history",
            "money_lover/transactions.parquet would lose",
            "first: (date=",
            "--accept-shrink money_lover",
        ),
    ),
    Case(
        "money-lover-one-transaction-gone",
        "money_lover",
        ml_export(lambda lines: lines[:3] + lines[4:]),
        ("would lose 1 stored key(s)", "stored "),
    ),
    Case("money-lover-empty-file", "money_lover", text(f"{ML_NEWER}.csv", b""), (f"{ML_NEWER}.csv",)),
    Case(
        "money-lover-no-amount-column",
        "money_lover",
        ml_export(
            lambda lines: [line.replace("Amount", "Total", 1) if i == 0 else line for i, line in enumerate(lines)]
        ),
        (f"{ML_NEWER}.csv", "AMOUNT"),
    ),
    Case(
        "money-lover-bad-date",
        "money_lover",
        ml_export(lambda lines: lines[:2] + [lines[2].replace("/12/2025", "/13/2025", 1)] + lines[3:]),
        (f"{ML_NEWER}.csv", "row", "DATE"),
    ),
    Case(
        "money-lover-bad-amount",
        "money_lover",
        ml_export(
            lambda lines: (
                lines[:2] + [";".join(f if i != 3 else "lots" for i, f in enumerate(lines[2].split(";")))] + lines[3:]
            )
        ),
        (f"{ML_NEWER}.csv", "row", "AMOUNT", "lots"),
    ),
    Case(
        "money-lover-garbled-xls",
        "money_lover",
        text(f"{ML_NEWER}.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        (f"{ML_NEWER}.xls",),
    ),
    Case(
        "money-lover-garbled-xlsx",
        "money_lover",
        text(f"{ML_NEWER}.xlsx", b"PK\x03\x04 not really a workbook"),
        (f"{ML_NEWER}.xlsx",),
    ),
    Case(
        "money-lover-html-without-header",
        "money_lover",
        text(
            f"{ML_NEWER}.xls",
            "<html><table><tr><th>Fecha</th><th>Importe</th></tr><tr><td>17/05/2023</td>"
            "<td>-3</td></tr></table></html>",
        ),
        (f"{ML_NEWER}.xls: no header row with DATE, CATEGORY, AMOUNT",),
    ),
    Case(
        "money-lover-transaction-in-2199",
        "money_lover",
        ml_export(_future_line),
        ("money_lover money_lover/transactions.parquet row", "date=2199-01-05", "after the run date 2026-11-23"),
        warning=True,
    ),
    # vbooks: the Books and TODO worksheets
    Case(
        "books-header-only",
        "vbooks",
        sheet("books_data", "Books", header_only),
        ("vbooks: refused to replace history", "vbooks/books.parquet would be empty", "--accept-shrink vbooks"),
    ),
    Case(
        "books-one-book-deleted",
        "vbooks",
        sheet("books_data", "Books", _one_book_removed),
        (
            "vbooks/books.parquet would lose 1 stored key(s)",
            "(title=",
        ),
    ),
    Case(
        "books-no-date-column",
        "vbooks",
        sheet("books_data", "Books", rename_column("Date finished", "Finished")),
        ("books_data / Books", "Date finished"),
    ),
    Case(
        "books-bad-date",
        "vbooks",
        sheet("books_data", "Books", cell(3, 4, "yesterday")),
        ("books_data / Books", "row 3", "Date finished", "yesterday"),
    ),
    Case(
        "books-negative-pages",
        "vbooks",
        sheet("books_data", "Books", cell(4, 5, -10)),
        ("books_data / Books", "row 4", "Pages"),
    ),
    Case(
        "books-pages-as-text",
        "vbooks",
        sheet("books_data", "Books", cell(2, 5, "many")),
        ("books_data / Books", "row 2", "Pages", "many"),
    ),
    Case(
        "books-finished-in-2199",
        "vbooks",
        sheet(
            "books_data",
            "Books",
            lambda ws: ws.append(
                ["Far Future", "Nobody", "English", pd.Timestamp("2199-01-01").to_pydatetime(), 100, "Novel"]
            ),
        ),
        ("vbooks vbooks/books.parquet row", "title=Far Future", "finished=2199-01-01", "after the run date"),
        warning=True,
    ),
    Case(
        "todo-header-only", "vbooks", sheet("books_data", "TODO", header_only), ("vbooks/todo.parquet would be empty",)
    ),
    Case(
        "todo-no-title-column",
        "vbooks",
        sheet("books_data", "TODO", rename_column("Title", "Name")),
        ("books_data / TODO", "Title"),
    ),
    Case(
        "books-worksheet-missing",
        "vbooks",
        sheet("books_data", "Books", lambda ws: setattr(ws, "title", "Read")),
        ("Books",),
    ),
    # expensor: monthly worksheets
    Case(
        "expensor-unknown-account-column",
        "expensor",
        sheet("expensor_data", "liquid_m", rename_column("Bank 2", "Bank 99")),
        ("expensor_data / liquid_m", "'Bank 99'", "accounts"),
    ),
    Case(
        "expensor-salary-not-a-number",
        "expensor",
        sheet("expensor_data", "salary", cell(3, 2, "a lot")),
        ("expensor_data / salary", "row 3", "Fixed", "a lot"),
    ),
    Case(
        "expensor-liquid-bad-date",
        "expensor",
        sheet("expensor_data", "liquid_m", cell(4, 1, "sometime")),
        ("expensor_data / liquid_m", "row 4", "Date"),
    ),
    Case(
        "expensor-salary-header-only",
        "expensor",
        sheet("expensor_data", "salary", header_only),
        ("expensor: refused to replace history", "expensor/salary.parquet would be empty"),
    ),
    Case(
        "expensor-liquid-month-row-gone",
        "expensor",
        sheet("expensor_data", "liquid_m", lambda ws: ws.delete_rows(3)),
        ("expensor/balances.parquet would lose", "month=2026-01-01"),
    ),
    Case(
        "expensor-worth-month-twice",
        "expensor",
        sheet("expensor_data", "worth_m", _month_entered_twice),
        ("expensor_data / worth_m", "rows 3 and 4", "repeated (expected one row per month)"),
    ),
    Case(
        "expensor-accounts-no-type",
        "expensor",
        sheet("expensor_data", "accounts", rename_column("Type", "Kind")),
        ("expensor_data / accounts", "Type"),
    ),
    # cryptos: CoinGecko and Kraken answers (the demo profile's recorded ones), the price import
    Case(
        "coingecko-price-not-a-number",
        "cryptos",
        api("coingecko", lambda a: a["/api/v3/coins/markets"][0].__setitem__("current_price", "n/a")),
        ("CoinGecko /api/v3/coins/markets", "current_price", "n/a"),
    ),
    Case(
        "coingecko-markets-not-a-list",
        "cryptos",
        api("coingecko", setitem(["/api/v3/coins/markets"], {"error": "x"})),
        ("CoinGecko /api/v3/coins/markets",),
    ),
    Case(
        "coingecko-markets-empty",
        "cryptos",
        api("coingecko", setitem(["/api/v3/coins/markets"], [])),
        ("CoinGecko /api/v3/coins/markets",),
    ),
    Case(
        "kraken-balance-not-a-number",
        "cryptos",
        api("kraken", setitem(["/0/private/Balance", "result", "XXBT"], "plenty")),
        ("Kraken /0/private/Balance", "XXBT"),
    ),
    Case(
        "kraken-error-answer",
        "cryptos",
        api("kraken", setitem(["/0/private/Balance"], {"error": ["EAPI:Invalid nonce"], "result": {}})),
        ("Kraken", "EAPI:Invalid nonce"),
    ),
    Case(
        "price-import-bad-row",
        "cryptos",
        text("cryptos/import/prices.csv", "date,coin,price\n2020-01-01,bitcoin,7000\n2020-02-01,bitcoin,n/a\n"),
        ("cryptos/import/prices.csv: row 3, column 'price'", "n/a"),
    ),
    # indexa: answers
    Case(
        "indexa-missing-investment",
        "indexa",
        api("indexa", lambda a: a["/accounts/DEMO2PEN/performance"]["return"].pop("investment")),
        ("Indexa /accounts/DEMO2PEN/performance: field 'return.investment' missing",),
    ),
    Case(
        "indexa-no-accounts-field",
        "indexa",
        api("indexa", lambda a: a["/users/me"].pop("accounts")),
        ("Indexa /users/me", "accounts"),
    ),
    # gcal: calendars
    # A failing feed keeps its calendar's events; the other calendars (and the report) are refreshed.
    Case(
        "calendar-garbled",
        "gcal",
        text("_demo/gcal/Work.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:garbage\n"),
        ("Work",),
        kept=("gcal/events.parquet",),
        partial=True,
    ),
    Case(
        "calendars-all-emptied",
        "gcal",
        empty_calendars,
        ("gcal: refused to replace history", "gcal/events.parquet would be empty", "--accept-shrink gcal"),
    ),
    # archive: rules and zips
    Case(
        "archive-rule-bad-pattern",
        "archive",
        yaml_setting("archive", "pattern: 'Extracto {month_es}", "pattern: 'Extracto ({month_es}"),
        ("archive", "bank statements"),
    ),
    Case("archive-zip-cut-short", "archive", garbled_zip, ("documents/inbox/Scans 2026.zip: not a readable zip file",)),
    # backup and settings YAML
    Case(
        "backup-retention-not-a-number",
        "backup",
        yaml_setting("backup", "keep_all_days: 30", "keep_all_days: thirty"),
        ("backup", "keep_all_days"),
    ),
    Case(
        "settings-yaml-not-yaml",
        "indexa",
        yaml_setting("indexa", "accounts: []", "accounts: [unclosed"),
        ("indexa.yaml",),
    ),
    Case(
        "settings-wrong-type",
        "money_lover",
        yaml_setting("money_lover", "excluded_categories: [", "excluded_categories: 3\nunused: ["),
        ("money_lover", "excluded_categories"),
    ),
]
