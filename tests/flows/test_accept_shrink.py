"""`vtasks run --accept-shrink`: a refused shrink is accepted for that run only, through the root flow (the runs
whose CLI output matters run as `vtasks run`, the others in this process)."""

import pandas as pd

from flows.vtasks import vtasks
from tests.flows.test_cli import vtasks_cli

FULL = "Date;Category;Amount;Note\n" + "".join(f"{d:02d}/01/2026;Food;-{d}.50;lunch {d}\n" for d in range(1, 21))
SHORT = "Date;Category;Amount;Note\n01/01/2026;Food;-1.50;lunch 1\n02/01/2026;Food;-2.50;lunch 2\n"


def export(work, day: str, body: str) -> None:
    folder = work / "data/money_lover/exports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"MoneyLover-{day}.csv").write_text(body)


def run(work, api, *args):
    done = vtasks_cli(
        "run",
        "--date",
        "2026-11-22",
        "--only",
        "money_lover",
        *args,
        cwd=work,
        api_url=api,
        extra_env={"VTASKS_PROFILE": "real"},
    )
    return done.returncode, " ".join((done.stdout + done.stderr).split())


def run_here(**options):
    """The same run in this process (the CLI's own part, its options and output, is what `run` checks)."""
    return vtasks(only=["money_lover"], run_date="2026-11-22", return_state=True, **options)


def test_a_cut_short_export_is_refused_then_accepted_once(prefect_api, vtasks_env, monkeypatch):
    monkeypatch.setenv("VTASKS_PROFILE", "real")
    table = vtasks_env / "data/money_lover/transactions.parquet"
    export(vtasks_env, "2026-11-20", FULL)
    assert run_here().is_completed() and len(pd.read_parquet(table)) == 20
    stored = table.read_bytes()

    export(vtasks_env, "2026-11-21", SHORT)
    code, out = run(vtasks_env, prefect_api)
    assert code == 1
    assert (
        "money_lover: refused to replace history: money_lover/transactions.parquet would lose 18 stored key(s)" in out
    )
    assert (
        "(stored 20 rows, new 2)" in out and "first: (date=2026-01-03, category=Food, amount=3.5, note=lunch 3)" in out
    )
    assert "vtasks run --accept-shrink money_lover" in out
    assert table.read_bytes() == stored
    assert (vtasks_env / "data/money_lover/exports/MoneyLover-2026-11-20.csv").exists()  # nothing archived either

    assert run_here(accept_shrink=["vbooks"]).is_failed()  # another subflow's acceptance
    assert table.read_bytes() == stored

    code, out = run(vtasks_env, prefect_api, "--accept-shrink", "money_lover")
    assert code == 0, out
    assert len(pd.read_parquet(table)) == 2

    export(vtasks_env, "2026-11-22", SHORT.replace("02/01/2026;Food;-2.50;lunch 2\n", ""))
    again = run_here()  # acceptance was for that run only
    assert again.is_failed() and "would lose 1 stored key(s)" in again.message and len(pd.read_parquet(table)) == 2


def test_an_unknown_subflow_to_accept_is_refused_before_running(prefect_api, tmp_path):
    code, out = run(tmp_path, prefect_api, "--accept-shrink", "moneylover")
    assert code == 2 and "--accept-shrink: unknown subflow moneylover" in out
