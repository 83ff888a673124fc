"""DropboxStorage under faults injected by the emulator: the real SDK over HTTP, no mocks."""

from __future__ import annotations

import logging
import os
import time

import pytest

from tasks.storage.base import StorageError
from tasks.storage.content_hash import content_hash


def calls(emu, route: str) -> int:
    return emu.counts()["routes"].get(route, 0)


def test_429_waits_for_retry_after_then_succeeds(emu, make_dropbox):
    storage = make_dropbox()
    storage.write_text("r/a.txt", "x")
    emu.add_fault("files/download", status=429, retry_after=1)
    started = time.monotonic()
    assert storage.read_text("r/a.txt") == "x"
    assert 1.0 <= time.monotonic() - started < 2.0
    assert calls(emu, "files/download") == 2


def test_429_longer_than_the_budget_fails_at_once(emu, make_dropbox):
    storage = make_dropbox(budget_s=0.5)
    storage.write_text("r/a.txt", "x")
    emu.add_fault("files/download", status=429, retry_after=30)
    started = time.monotonic()
    with pytest.raises(StorageError, match=r"read 'r/a.txt'.*rate limited"):
        storage.read_text("r/a.txt")
    assert time.monotonic() - started < 0.5


def test_5xx_is_retried_then_succeeds(emu, make_dropbox):
    storage = make_dropbox()
    emu.add_fault("files/upload", status=503, count=2)
    assert storage.write_text("s/a.txt", "payload").uploaded
    assert calls(emu, "files/upload") == 3
    assert storage.read_text("s/a.txt") == "payload"


def test_persistent_5xx_gives_a_clear_error_within_budget(emu, make_dropbox, caplog):
    storage = make_dropbox(retries=3)
    emu.add_fault("files/get_metadata", status=500, count=100)
    started = time.monotonic()
    with caplog.at_level(logging.DEBUG), pytest.raises(StorageError) as raised:
        storage.metadata("reports/q1.csv")
    message = str(raised.value)
    assert "metadata 'reports/q1.csv'" in message and "HTTP 500" in message and "4 attempt" in message
    assert time.monotonic() - started < 1.0
    assert calls(emu, "files/get_metadata") == 4
    assert "test-access-token" not in message + caplog.text + repr(storage)


def test_timeout_is_retried(emu, make_dropbox):
    storage = make_dropbox(timeout_s=0.3)
    storage.write_text("t/a.txt", "slow")
    emu.add_fault("files/download", latency_s=1.0)
    started = time.monotonic()
    assert storage.read_text("t/a.txt") == "slow"
    assert time.monotonic() - started < 1.0
    assert calls(emu, "files/download") == 2


def test_dropped_connection_is_retried(emu, make_dropbox):
    storage = make_dropbox()
    emu.add_fault("files/upload", drop_connection=True)
    assert storage.write_text("d/a.txt", "data").uploaded
    assert calls(emu, "files/upload") == 2 and emu.counts()["uploads"] == 1


def test_write_that_landed_before_the_drop_is_not_duplicated(emu, make_dropbox):
    storage = make_dropbox()
    emu.add_fault("files/upload", drop_after=True)
    meta = storage.write_text("d/a.txt", "data").meta
    assert calls(emu, "files/upload") == 2 and emu.counts()["uploads"] == 1  # the retry was a no-op
    assert meta.rev == storage.metadata("d/a.txt").rev


def test_delete_that_landed_before_the_drop_succeeds(emu, make_dropbox):
    storage = make_dropbox()
    storage.write_text("d/a.txt", "data")
    emu.add_fault("files/delete_v2", drop_after=True)
    storage.delete("d/a.txt")
    assert not storage.exists("d/a.txt")


def test_expired_token_is_refreshed_once(emu, make_dropbox):
    storage = make_dropbox(access_token=None, refresh_token="refresh-secret", app_key="key", app_secret="shh")
    storage.write_text("auth/a.txt", "x")
    assert calls(emu, "oauth2/token") == 1
    emu.expire_tokens()
    assert storage.read_text("auth/a.txt") == "x"
    assert calls(emu, "oauth2/token") == 2 and calls(emu, "files/download") == 2


def test_expired_static_token_fails_without_leaking_it(emu, make_dropbox):
    storage = make_dropbox()
    emu.tokens.expire("test-access-token")
    with pytest.raises(StorageError, match=r"read 'auth/a.txt'.*expired_access_token") as raised:
        storage.read_text("auth/a.txt")
    assert "test-access-token" not in str(raised.value)


def test_bad_refresh_token_is_a_clear_credentials_error(emu, make_dropbox):
    emu.tokens.refresh_tokens = {"the-good-one"}
    storage = make_dropbox(access_token=None, refresh_token="refresh-secret", app_key="key")
    with pytest.raises(StorageError, match="rejected the credentials") as raised:
        storage.exists("x.txt")
    assert "refresh-secret" not in str(raised.value)


def test_large_file_goes_through_an_upload_session(emu, make_dropbox):
    storage = make_dropbox(upload_chunk_bytes=1000)
    data = os.urandom(3500)
    emu.add_fault("files/upload_session/append_v2", drop_after=True)  # the retry must see the chunk landed
    meta = storage.write_bytes("big/blob.bin", data).meta
    assert meta.size == 3500 and meta.content_hash == content_hash(data)
    counts = emu.counts()["routes"]
    assert counts["files/upload_session/start"] == 1 and counts["files/upload_session/finish"] == 1
    assert counts["files/upload_session/append_v2"] == 3 and "files/upload" not in counts
    assert storage.read_bytes("big/blob.bin") == data


def test_list_follows_cursor_pages(emu, make_dropbox):
    storage = make_dropbox(list_page_limit=2)
    names = [f"many/f{i}.txt" for i in range(7)]
    for name in names:
        storage.write_text(name, name)
    assert storage.list("many/*.txt") == names
    assert calls(emu, "files/list_folder/continue") >= 3


def test_list_page_fault_is_retried_with_the_same_cursor(emu, make_dropbox):
    storage = make_dropbox(list_page_limit=2)
    for i in range(5):
        storage.write_text(f"p/f{i}.txt", "x")
    emu.add_fault("files/list_folder/continue", drop_after=True)
    assert len(storage.list("p/*.txt")) == 5


@pytest.mark.parametrize("retries", [0, 1])
def test_503_then_200_follows_the_shared_policy(emu, make_dropbox, retries):
    storage = make_dropbox(retries=retries, backoff_s=0)
    storage.write_text("p/a.txt", "x")
    emu.add_fault("files/download", status=503)
    if retries:
        assert storage.read_text("p/a.txt") == "x"
    else:
        with pytest.raises(StorageError, match=r"read 'p/a.txt'.*1 attempt.*HTTP 503"):
            storage.read_text("p/a.txt")
    assert calls(emu, "files/download") == 1 + retries
