"""`vtasks run` in the real profile on real-format fixtures: a 3C battery export over a 2023 log, every shape of
Money Lover export; then bad inputs that fail naming file, row and column and overwrite nothing."""

import shutil
from pathlib import Path

import pandas as pd

from tests.flows.test_cli import RUN_DATE, summary_rows, vtasks_cli

REAL = Path(__file__).parents[1] / "fixtures/real"
MONEY_LOVER = [
    "2023-05-14.csv",
    "MoneyLover-2023-05-14 (1).xls",
    "MoneyLover-2023-05-15.xls",
    "MoneyLover-2023-05-16.xls",
]


def place(data: Path) -> None:
    """The files where a user who brings them puts them: the 2023 log where it lived, exports in their folders."""
    (data / "battery/export").mkdir(parents=True)
    shutil.copy(REAL / "bmw_history.txt", data / "battery/export/bmw_history.txt")
    shutil.copy(REAL / "battery_2023.parquet", data / "battery/battery.parquet")
    (data / "money_lover/exports").mkdir(parents=True)
    for name in MONEY_LOVER:
        shutil.copy(REAL / name, data / "money_lover/exports" / name)


def run(tmp_path, prefect_api):
    return vtasks_cli(
        "run",
        "--date",
        RUN_DATE,
        "--only",
        "battery,money_lover",
        cwd=tmp_path,
        api_url=prefect_api,
        extra_env={"VTASKS_PROFILE": "real"},
    )


def test_real_exports_land_and_bad_ones_change_nothing(prefect_api, tmp_path):
    data = tmp_path / "data"
    place(data)
    first = run(tmp_path, prefect_api)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "wrote demo inputs" not in first.stdout + first.stderr

    log = pd.read_parquet(data / "battery/battery.parquet")
    assert len(log) == 6 + 12 and log["time"].is_unique  # the 2023 history kept, the export's readings added
    assert log["time"].iloc[0] == pd.Timestamp("2023-05-01 10:00") and log["level"].tolist()[:3] == [55, 54, 54]
    assert {"usb", "wireless", "ac", "unplugged"} <= set(log["plugged"].dropna())
    assert not (data / "battery/export/bmw_history.txt").exists() and (data / "battery/battery.html").exists()

    table = pd.read_parquet(data / "money_lover/transactions.parquet")  # from the BIFF .xls, the newest export
    assert table["category"].tolist() == ["Salario", "Comida", "Restaurants", "Otros", "Transporte", "Comida"]
    assert table["amount"].tolist() == [2100.0, 45.3, 32.5, 12.0, 1234.56, 18.75]
    archived = sorted(p.name for p in (data / "money_lover/archive/2023").iterdir())
    assert archived == ["2023-05-14.parquet", "2023-05-14_2.parquet", "2023-05-15.parquet"]  # the csv, html, xlsx
    assert [p.name for p in (data / "money_lover/exports").iterdir()] == ["MoneyLover-2023-05-16.xls"]

    # A garbled reading and an export of no known shape: both subflows fail naming the file, nothing changes.
    stored = {p: (data / p).read_bytes() for p in ("battery/battery.parquet", "money_lover/transactions.parquet")}
    lines = (REAL / "bmw_history.txt").read_text().splitlines()
    lines[2] = lines[2].replace("°C", " degrees")
    (data / "battery/export/bmw_history.txt").write_text("\n".join(lines) + "\n")
    page = "<html><table><tr><th>Fecha</th><th>Importe</th></tr><tr><td>17/05/2023</td><td>-3</td></tr></table></html>"
    (data / "money_lover/exports/MoneyLover-2023-05-17.xls").write_text(page)
    failed = run(tmp_path, prefect_api)
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert {name: row[1] for name, row in summary_rows(failed.stdout).items()} == {
        "battery": "Failed",
        "money_lover": "Failed",
    }
    assert (
        "battery/export/bmw_history.txt: row 3, column 'temperature' (5th field): expected a temperature like "
        "'29.1°C', got '29.3 degrees'"
    ) in " ".join(out.split())
    assert "MoneyLover-2023-05-17.xls: no header row with DATE, CATEGORY, AMOUNT" in " ".join(out.split())
    assert {p: (data / p).read_bytes() for p in stored} == stored
    assert (data / "battery/export/bmw_history.txt").exists()
    assert sorted(p.name for p in (data / "money_lover/exports").iterdir()) == [
        "MoneyLover-2023-05-16.xls",
        "MoneyLover-2023-05-17.xls",
    ]
