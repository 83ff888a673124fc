"""The run lock on a local folder: exclusive, expiring, released only by its owner."""

from datetime import datetime, timedelta, timezone

from tasks.ops.lock import PATH_LOCK, read_lock, release_lock, try_lock
from tasks.storage.local import LocalStorage

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)


def test_lock_is_exclusive_until_it_expires(tmp_path):
    storage = LocalStorage(tmp_path)
    assert try_lock(storage, "a", 600, NOW) is None
    held = try_lock(storage, "b", 600, NOW + timedelta(minutes=5))
    assert held["owner"] == "a" and held["expires"] == "2026-11-22T10:10:00+00:00"
    assert try_lock(storage, "a", 600, NOW + timedelta(minutes=5)) is None  # the owner renews
    assert try_lock(storage, "b", 600, NOW + timedelta(minutes=16)) is None  # a killed run's lock lapses
    assert read_lock(storage)["owner"] == "b"
    assert storage.list("_state/locks/*") == []


def test_only_the_owner_releases(tmp_path):
    storage = LocalStorage(tmp_path)
    try_lock(storage, "a", 600, NOW)
    release_lock(storage, "b")
    assert storage.exists(PATH_LOCK)
    release_lock(storage, "a")
    assert not storage.exists(PATH_LOCK) and try_lock(storage, "b", 600, NOW) is None
