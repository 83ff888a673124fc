"""The soak suite: 30 consecutive daily `vtasks run`s (CLI processes, local storage, a small demo household)
with inputs that change every day. No history table loses a row, every root run is in the run history, and
the last run's peak memory is within 10 % of the first's."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tasks.run.history_guard import row_hashes
from tests.benchmark.rss import RssSampler

START, DAYS = date(2026, 10, 1), 30
SUBFLOWS = "battery,money_lover,vbooks,vprefect"  # the sources that change daily, and the run history
# Each history table with the key its rows must keep from one day to the next.
HISTORIES = {
    "battery/battery.parquet": ("time",),
    "money_lover/transactions.parquet": ("date", "category", "amount", "note"),
    "vbooks/books.parquet": ("title", "author", "finished"),
    "vprefect/flow_runs.parquet": ("id",),
}

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # a few minutes alone; far more on a busy machine


def change_inputs(data: Path, day: date, n: int) -> None:
    """A new day's inputs: the newest Money Lover export plus two transactions, readings of the day, a book read."""
    exports = sorted((data / "money_lover/exports").glob("*.csv"))
    lines = exports[-1].read_text().splitlines() if exports else ["Date;Category;Amount;Note;Wallet;Currency"]
    header, stamp = lines[0].split(";"), day.strftime("%d/%m/%Y")
    for i, (category, amount, note) in enumerate(
        [("Groceries", f"-{10 + n}.50", f"soak {n}"), ("Restaurants", f"-{20 + n}.25", "")]
    ):
        row = {
            "Id": str(90000 + 2 * n + i),
            "Date": stamp,
            "Category": category,
            "Amount": amount,
            "Note": note,
            "Wallet": "Bank",
            "Currency": "EUR",
        }  # the demo export's columns, in its order
        lines.append(";".join(row.get(column, "") for column in header))
    (data / f"money_lover/exports/MoneyLover-{day.isoformat()}.csv").write_text("\n".join(lines) + "\n")
    midnight_ms = int(pd.Timestamp(day).timestamp() * 1000)
    readings = [
        f"{i},Discharging {90 - i}%,-300mA,-1%,30.5°C,3950mV,unplugged,on,0,{midnight_ms + i * 300_000}"
        for i in range(12)
    ]
    (data / "battery/export").mkdir(parents=True, exist_ok=True)
    (data / "battery/export/bmw_history.txt").write_text("\n".join(readings) + "\n")
    books = openpyxl.load_workbook(data / "sheets/books_data.xlsx")
    books["Books"].append([f"Soak book {n}", "Tester", "English", pd.Timestamp(day).to_pydatetime(), 100 + n, "Novel"])
    books.save(data / "sheets/books_data.xlsx")


def run_day(work: Path, api_url: str, day: date) -> tuple[subprocess.CompletedProcess, float, float]:
    """One `vtasks run` as its own process, its peak RSS in MB and its seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_", "GOOGLE_SERVICE"))}
    env.update(PREFECT_API_URL=api_url, VTASKS_DATA_DIR=str(work / "data"), COLUMNS="200")
    command = [sys.executable, "-m", "flows.cli", "run", "--date", day.isoformat(), "--only", SUBFLOWS]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = RssSampler(process.pid, interval_s=0.1).start()
    out, _ = process.communicate(timeout=300)
    sampler.join()
    peak = max(mb for _, mb in sampler.samples)
    return subprocess.CompletedProcess(command, process.returncode, out), peak, time.monotonic() - started


def keys(data: Path) -> dict[str, set[int]]:
    return {
        path: set(row_hashes(pd.read_parquet(data / path, columns=list(key)), key))
        for path, key in HISTORIES.items()
        if (data / path).exists()
    }


def test_thirty_daily_runs_lose_nothing_record_every_run_and_keep_memory_flat(prefect_api, vtasks_env):
    from config.settings import load_settings
    from flows.registry import DEMO_GENERATORS
    from tasks.clients import build_clients
    from tasks.demo import DemoOptions, seed_demo

    data = vtasks_env / "data"
    clients = build_clients(load_settings())
    seed_demo(clients.storage, clients.sheets, DemoOptions(end=START - timedelta(days=1), years=1), DEMO_GENERATORS)
    previous, peaks, seconds = {}, [], []
    for n in range(DAYS):
        day = START + timedelta(days=n)
        change_inputs(data, day, n)
        done, peak, took = run_day(vtasks_env, prefect_api, day)
        assert done.returncode == 0, f"{day}: {done.stdout[-3000:]}"
        peaks.append(peak)
        seconds.append(round(took))
        now = keys(data)
        for path, old in previous.items():
            assert path in now and old <= now[path], f"{day}: {path} lost {len(old - now.get(path, set()))} row(s)"
        assert set(now) == set(HISTORIES), sorted(set(HISTORIES) - set(now))
        previous = now
    books = pd.read_parquet(data / "vbooks/books.parquet")
    assert {f"Soak book {n}" for n in range(DAYS)} <= set(books["title"])
    runs = pd.read_parquet(data / "vprefect/flow_runs.parquet")
    roots = set(runs.loc[runs["flow"] == "vtasks", "name"])
    assert {f"vtasks {START + timedelta(days=n)} dev" for n in range(DAYS)} <= roots
    assert peaks[-1] <= 1.10 * peaks[0], (
        f"peak RSS grew: first {peaks[0]:.0f} MB, last {peaks[-1]:.0f} MB ({peaks}; seconds {seconds})"
    )
