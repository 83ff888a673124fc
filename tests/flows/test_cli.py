"""`vtasks` as a user runs it: a subprocess in a temp dir, a client of the local Prefect API."""

import os
import subprocess
import sys

import openpyxl
import pytest

RUN_DATE = "2026-11-22"


def vtasks_cli(*args, cwd, api_url, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_"))}
    env.update(PREFECT_API_URL=api_url, VTASKS_DATA_DIR=str(cwd / "data"), COLUMNS="200", **(extra_env or {}))
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def summary_rows(stdout: str) -> dict[str, list[str]]:
    """The run summary table's cells per subflow."""
    cells = [
        [c.strip() for c in line.strip()[1:-1].split("│")] for line in stdout.splitlines() if line.startswith("│ ")
    ]
    return {row[0]: row for row in cells if len(row) >= 7 and row[0] and row[0] != "subflow"}


def drop_column(workbook, worksheet, column):
    book = openpyxl.load_workbook(workbook)
    sheet = book[worksheet]
    header = [c.value for c in sheet[1]]
    sheet.delete_cols(header.index(column) + 1)
    book.save(workbook)


def test_run_then_unchanged_then_bad_input(prefect_api, tmp_path):
    first = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "wrote demo inputs" in first.stdout + first.stderr
    assert "vbooks/vbooks.html" in first.stdout and f"Reports: open {tmp_path / 'data' / 'index.html'}" in first.stdout
    books = tmp_path / "data/vbooks/books.parquet"
    report = tmp_path / "data/vbooks/vbooks.html"
    assert books.stat().st_size > 0 and "<html" in report.read_text()[:200].lower()

    second = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "wrote demo inputs" not in second.stdout + second.stderr
    rows = summary_rows(second.stdout)
    # Nothing changed the same day: no subflow runs, nothing is uploaded, no report is rendered; only vprefect
    # exports the run before, which has finished since (its final state).
    from flows.registry import SUBFLOWS

    assert set(rows) == set(SUBFLOWS), second.stdout
    assert rows.pop("vprefect")[1] == "Completed", second.stdout
    assert {name: (r[1], r[4], r[6]) for name, r in rows.items()} == {
        name: ("Up to date", "0", "-") for name in SUBFLOWS if name != "vprefect"
    }
    forced = summary_rows(
        vtasks_cli("run", "--date", RUN_DATE, "--only", "vbooks", "--force", cwd=tmp_path, api_url=prefect_api).stdout
    )
    assert forced["vbooks"][1] == "Completed" and forced["vbooks"][4] == "0" and forced["vbooks"][5] == "2"

    before = books.read_bytes()
    drop_column(tmp_path / "data/sheets/books_data.xlsx", "Books", "Pages")
    failed = vtasks_cli("run", "--date", RUN_DATE, "--only", "vbooks", cwd=tmp_path, api_url=prefect_api)
    assert failed.returncode == 1
    assert "Run failed" in failed.stdout and "Books: missing column 'Pages'" in failed.stdout
    assert books.read_bytes() == before


def test_only_skip_and_list(prefect_api, tmp_path):
    listing = vtasks_cli("list", cwd=tmp_path, api_url=prefect_api)
    assert listing.returncode == 0 and "vbooks" in listing.stdout and "yes" in listing.stdout
    unknown = vtasks_cli("run", "--only", "nope", cwd=tmp_path, api_url=prefect_api)
    assert unknown.returncode == 2 and "unknown subflow 'nope'" in unknown.stdout
    assert "temporary local Prefect server" not in unknown.stdout, "no run is started for a bad selection"
    # --skip wins over --only; archive (the cheapest subflow) keeps the run short.
    skipped = vtasks_cli(
        "run", "--only", "vbooks,archive", "--skip", "vbooks", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api
    )
    assert skipped.returncode == 0 and not (tmp_path / "data/vbooks").exists()
    assert summary_rows(skipped.stdout).keys() == {"archive"}, skipped.stdout


def test_demo_is_deterministic_and_scales(tmp_path):
    def books(name, scale):
        folder = tmp_path / name
        folder.mkdir()
        done = vtasks_cli(
            "demo", "--seed", "7", "--years", "2", "--scale", str(scale), "--end", RUN_DATE, cwd=folder, api_url=""
        )
        assert done.returncode == 0, done.stderr
        sheet = openpyxl.load_workbook(folder / "data/sheets/books_data.xlsx")["Books"]
        return [[c.value for c in r] for r in sheet.iter_rows()]

    once = books("a", 1)
    assert books("b", 1) == once
    assert len(once) - 1 == 24 * 2
    assert len(books("c", 2)) - 1 == 24 * 2 * 2


def test_demo_refuses_a_real_data_dir(tmp_path):
    (tmp_path / "data/sheets").mkdir(parents=True)
    (tmp_path / "data/sheets/books_data.xlsx").write_bytes(b"the user's own workbook")
    refused = vtasks_cli("demo", cwd=tmp_path, api_url="")
    assert refused.returncode == 1 and "not demo data" in refused.stdout
    assert (tmp_path / "data/sheets/books_data.xlsx").read_bytes() == b"the user's own workbook"


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--date", "2026-13-01"],
        ["demo", "--end", "22/11/2026"],
        ["backup", "restore", "vault/a.kdbx", "--date", "soon"],
    ],
    ids=["run", "demo", "restore"],
)
def test_a_date_not_as_yyyy_mm_dd_is_a_usage_error(tmp_path, args):
    # Parsed where it enters, before settings, storage or a Prefect server: nothing is started or written.
    refused = vtasks_cli(*args, cwd=tmp_path, api_url="")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert f"{args[-1]!r} is not a date as YYYY-MM-DD" in refused.stderr
    assert not (tmp_path / "data").exists()
