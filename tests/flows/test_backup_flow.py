"""Backups over simulated dates through the root flow, retention, then `vtasks backup list/restore` as a user runs it."""

from pathlib import Path

from flows.vtasks import vtasks
from tests.flows.test_cli import vtasks_cli

VAULT = "vault/passwords.kdbx"


def run_backup(date, force=False):
    state = vtasks(run_date=date, only=["backup"], force=force, return_state=True)
    assert state.is_completed(), state.message
    return next(r for r in state.result()["results"] if r["name"] == "backup")


def stamps(data: Path) -> list[str]:
    folder = data / "vault/Backups"
    return sorted(p.name.split(" ", 1)[0] for p in folder.rglob("*passwords.kdbx")) if folder.exists() else []


def test_dated_copies_retention_and_restore(prefect_api, vtasks_env):
    data = vtasks_env / "data"
    vault = data / VAULT
    first = run_backup("2026-09-10")  # seeds the demo vault, then backs it up
    original = vault.read_bytes()
    assert stamps(data) == ["2026_09_10"] and first["rows"] == 1
    assert (data / "vault/Backups/2026/2026_09_10 passwords.kdbx").read_bytes() == original
    assert (data / "vault_mirror/passwords.kdbx").read_bytes() == original

    vault.write_bytes(b"second version")
    run_backup("2026-09-25")
    vault.write_bytes(b"third version")
    run_backup("2026-10-05")
    assert run_backup("2026-10-05")["unchanged"]  # nothing changed: not even run
    assert run_backup("2026-10-05", force=True)["rows"] == 0  # run anyway: the content is backed up, no copy
    vault.write_bytes(b"fourth version")
    same_day = run_backup("2026-10-05")
    names = stamps(data)
    assert names[:3] == ["2026_09_10", "2026_09_25", "2026_10_05"] and len(names) == 4
    assert names[3].startswith("2026_10_05_") and len(names[3]) == len("2026_10_05_HHMMSS")
    assert [Path(f).name for f in same_day["files"]] == [f"{names[3]} passwords.kdbx", "passwords.kdbx"]
    assert (data / "vault_mirror/passwords.kdbx").read_bytes() == b"fourth version"

    # Six weeks on, nothing changed: only the newest backup of each month outlives the 30 days.
    later = run_backup("2026-11-20")
    assert later["rows"] == 0 and later["newest"] == "2026-10-05"
    assert stamps(data) == ["2026_09_25", names[3]]

    listing = vtasks_cli("backup", "list", VAULT, cwd=vtasks_env, api_url=prefect_api)
    assert listing.returncode == 0, listing.stderr
    assert "2026-09-25" in listing.stdout and "2026-10-05" in listing.stdout and "2026-09-10" not in listing.stdout

    vault.write_bytes(b"a bad edit")
    restored = vtasks_cli(
        "backup", "restore", VAULT, "--date", "2026-09-25", "--today", "2026-11-21", cwd=vtasks_env, api_url=prefect_api
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert vault.read_bytes() == b"second version"
    assert (data / "vault/Backups/2026/2026_11_21 passwords.kdbx").read_bytes() == b"a bad edit"
    missing = vtasks_cli("backup", "restore", VAULT, "--date", "2026-09-10", cwd=vtasks_env, api_url=prefect_api)
    assert missing.returncode == 1 and "no backup from 2026-09-10" in missing.stdout
