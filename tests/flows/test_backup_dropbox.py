"""The backup subflow on Dropbox (the real SDK against the emulator): backups are server-side copies."""

from datetime import date

from config.settings import load_settings
from flows.backup import backup
from flows.naming import RunInfo
from tasks.clients import Clients
from tasks.retry import RetryPolicy
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.dropbox_storage import DropboxStorage
from tests.emulators.dropbox_api import DropboxEmulator

VAULT = "vault/passwords.kdbx"


def test_backups_are_copy_v2_without_uploads(prefect_api, vtasks_env):
    with DropboxEmulator() as emu:
        storage = DropboxStorage("/vtasks", access_token="test-token", api_url=emu.url, policy=RetryPolicy(retries=0))
        clients = Clients(settings=load_settings(), storage=storage, sheets=WorkbookSheets(storage))
        storage.write_bytes(VAULT, bytes(range(256)) * 400)
        before = emu.counts()

        result = backup(clients=clients, run=RunInfo(date(2026, 11, 20), "dev", "2026-11-20T08:00:00+00:00"))
        after = emu.counts()
        assert result["files"] == ["vault/Backups/2026/2026_11_20 passwords.kdbx", "vault_mirror/passwords.kdbx"]
        copies = after["routes"].get("files/copy_v2", 0) - before["routes"].get("files/copy_v2", 0)
        assert copies == 2 and after["uploads"] == before["uploads"]  # server-side: no byte went up again
        assert storage.read_bytes("vault/Backups/2026/2026_11_20 passwords.kdbx") == bytes(range(256)) * 400

        unchanged = backup(clients=clients, run=RunInfo(date(2026, 11, 21), "dev", "2026-11-21T08:00:00+00:00"))
        assert unchanged["files"] == [] and emu.counts()["uploads"] == after["uploads"]
        assert emu.counts()["routes"].get("files/copy_v2", 0) == after["routes"]["files/copy_v2"]
