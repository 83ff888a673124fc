"""Backups on a real local storage: dated copies only on change, same-day suffixes, mirrors, restore."""

from datetime import date

import pytest

from config.backup import BackupSettings, BackupTarget, CopyRule, Retention
from tasks.backup.backups import back_up_file, backups_of, mirror_file, restore_file, target_files
from tasks.storage.base import NotFoundError
from tasks.storage.local import LocalStorage

VAULT = "vault/passwords.kdbx"


@pytest.fixture
def storage(tmp_path):
    store = LocalStorage(tmp_path / "store")
    store.write_bytes(VAULT, b"version 1")
    return store


@pytest.fixture
def cfg(vtasks_env):
    return BackupSettings(
        backups_folder="Backups",
        retention=Retention(),
        copies=[],
        targets=[BackupTarget(folder="vault", pattern="*.kdbx")],
    )


def test_backup_only_when_content_changed_with_same_day_suffix(storage, cfg):
    day = date(2026, 11, 22)
    assert back_up_file(storage, cfg, VAULT, day, "080000") == "vault/Backups/2026/2026_11_22 passwords.kdbx"
    assert back_up_file(storage, cfg, VAULT, day, "090000") is None
    storage.write_bytes(VAULT, b"version 2")
    assert back_up_file(storage, cfg, VAULT, day, "100000") == "vault/Backups/2026/2026_11_22_100000 passwords.kdbx"
    storage.write_bytes(VAULT, b"version 3")
    assert back_up_file(storage, cfg, VAULT, day, "100000") == "vault/Backups/2026/2026_11_22_100000-1 passwords.kdbx"
    assert [storage.read_bytes(e.path) for e in backups_of(storage, cfg, VAULT)] == [
        b"version 1",
        b"version 2",
        b"version 3",
    ]
    assert target_files(storage, cfg) == [VAULT]  # backups are never targets themselves


def test_mirror_writes_only_when_content_differs(storage):
    rule = CopyRule(source=VAULT, to=["mirror", "phone/sync"])
    assert mirror_file(storage, rule) == ["mirror/passwords.kdbx", "phone/sync/passwords.kdbx"]
    rev = storage.metadata("mirror/passwords.kdbx").rev
    assert mirror_file(storage, rule) == []
    assert storage.metadata("mirror/passwords.kdbx").rev == rev
    storage.write_bytes(VAULT, b"version 2")
    assert mirror_file(storage, rule) == ["mirror/passwords.kdbx", "phone/sync/passwords.kdbx"]
    assert storage.read_bytes("phone/sync/passwords.kdbx") == b"version 2"


def test_restore_keeps_the_current_file_first(storage, cfg):
    back_up_file(storage, cfg, VAULT, date(2026, 11, 1), "080000")
    storage.write_bytes(VAULT, b"a bad edit")
    source, kept = restore_file(storage, cfg, VAULT, date(2026, 11, 1), date(2026, 11, 22), "120000")
    assert source == "vault/Backups/2026/2026_11_01 passwords.kdbx"
    assert kept == "vault/Backups/2026/2026_11_22 passwords.kdbx"
    assert storage.read_bytes(VAULT) == b"version 1" and storage.read_bytes(kept) == b"a bad edit"
    with pytest.raises(NotFoundError, match="no backup from 2026-10-01"):
        restore_file(storage, cfg, VAULT, date(2026, 10, 1), date(2026, 11, 22), "120000")
