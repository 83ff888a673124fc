"""Backup names and retention on hand-made dates: all kept for N days, then the newest of each month."""

from datetime import date

import pytest

from tasks.backup.naming import backup_path, parsed_backup, time_of
from tasks.backup.retention import expired_backups


def entry(stamp: str, name: str = "passwords.kdbx"):
    return parsed_backup(f"vault/Backups/{stamp[:4]}/{stamp} {name}")


def names(entries):
    return [e.path.rsplit("/", 1)[1].split(" ", 1)[0] for e in entries]


def test_backup_paths_round_trip():
    path = backup_path("vault/passwords.kdbx", date(2026, 3, 9), "Backups")
    assert path == "vault/Backups/2026/2026_03_09 passwords.kdbx"
    again = backup_path("vault/passwords.kdbx", date(2026, 3, 9), "Backups", "103000", 2)
    assert again == "vault/Backups/2026/2026_03_09_103000-2 passwords.kdbx"
    parsed = parsed_backup(again)
    assert (parsed.day, parsed.time, parsed.serial, parsed.name) == (date(2026, 3, 9), "103000", 2, "passwords.kdbx")
    assert backup_path("top.txt", date(2026, 1, 1), "Backups") == "Backups/2026/2026_01_01 top.txt"


@pytest.mark.parametrize("name", ["notes.txt", "2026_13_01 x.kdbx", "2026_01_01x.kdbx", "2026_02_30 x.kdbx"])
def test_other_names_are_not_backups(name):
    assert parsed_backup(f"vault/Backups/2026/{name}") is None


def test_names_with_spaces_and_digits_survive():
    assert parsed_backup("v/Backups/2026/2026_01_02 2025 taxes v2.pdf").name == "2025 taxes v2.pdf"


def test_time_of_a_run():
    assert time_of("2026-11-22T05:07:09+00:00") == "050709"


def test_everything_young_is_kept():
    entries = [entry("2026_11_01"), entry("2026_11_01_120000"), entry("2026_11_20")]
    assert expired_backups(entries, date(2026, 11, 22), 30, monthly=True) == []


def test_older_than_the_window_keeps_the_newest_of_each_month():
    entries = [
        entry(s)
        for s in [
            "2026_08_03",
            "2026_08_20",
            "2026_09_10",
            "2026_09_25",
            "2026_10_05",
            "2026_10_05_101500",
            "2026_10_30",
            "2026_11_20",
        ]
    ]
    # today 2026-11-22, 30 days: 2026-10-23 onwards is young. Sep keeps the 25th, Aug the 20th,
    # Oct keeps the 30th (young, and the newest of October), so both 5 October backups go.
    expired = expired_backups(entries, date(2026, 11, 22), 30, monthly=True)
    assert names(expired) == ["2026_08_03", "2026_09_10", "2026_10_05", "2026_10_05_101500"]


def test_without_monthly_only_the_window_and_the_newest_stay():
    entries = [entry(s) for s in ["2026_01_01", "2026_02_01", "2026_03_01"]]
    assert names(expired_backups(entries, date(2026, 11, 22), 30, monthly=False)) == ["2026_01_01", "2026_02_01"]


def test_keep_all_days_zero_still_keeps_monthly_and_the_newest():
    entries = [entry(s) for s in ["2026_11_01", "2026_11_21", "2026_11_22"]]
    assert names(expired_backups(entries, date(2026, 11, 22), 0, monthly=True)) == ["2026_11_01", "2026_11_21"]
