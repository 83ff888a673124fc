"""The run lock in storage: one pipeline run at a time, so two runs never write the same file at once.

The lock is `_state/run_lock.json` with an owner and an expiry; a killed run's lock lapses at expiry.
"""

from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from pydantic_settings import BaseSettings, SettingsConfigDict

from tasks.storage.base import NotFoundError, Storage, StorageError

PATH_LOCK = "_state/run_lock.json"


class LockSettings(BaseSettings):
    """`VTASKS_LOCK_TTL_SECONDS`: how long a lock holds without its run; `..._WAIT_SECONDS`: how long to wait."""

    model_config = SettingsConfigDict(env_prefix="VTASKS_LOCK_", env_file=".env", extra="ignore")

    ttl_seconds: int = 3600
    wait_seconds: float = 60
    poll_seconds: float = 2


def lock_owner(run_id: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{run_id}"


def _record(owner: str, ttl: int, now: datetime) -> str:
    return json.dumps({"owner": owner, "since": now.isoformat(timespec="seconds"),
                       "expires": (now + timedelta(seconds=ttl)).isoformat(timespec="seconds")})  # fmt: skip


def try_lock(storage: Storage, owner: str, ttl: int, now: datetime) -> dict | None:
    """Take the lock; return None when taken, else the record of whoever holds it."""
    try:
        data, rev = storage.read_with_rev(PATH_LOCK)
    except NotFoundError:
        # Create it exclusively: a move onto an existing file fails, so only one creator wins.
        mine = f"_state/locks/{owner.replace(':', '_')}.json"
        storage.write_text(mine, _record(owner, ttl, now))
        try:
            storage.move(mine, PATH_LOCK)
            return None
        except StorageError:
            storage.delete(mine)
            return read_lock(storage) or {"owner": "unknown", "expires": ""}
    holder = json.loads(data)
    if holder["owner"] != owner and datetime.fromisoformat(holder["expires"]) > now:
        return holder
    try:  # expired (or ours): take it over only if nobody else did since we read it
        storage.write_text(PATH_LOCK, _record(owner, ttl, now), expected_rev=rev)
        return None
    except StorageError:
        return read_lock(storage) or holder


def wait_for_lock(storage: Storage, owner: str, settings: LockSettings) -> dict | None:
    """Try until `wait_seconds` passed; None when the lock is ours, else the holder."""
    deadline = time.monotonic() + settings.wait_seconds
    while True:
        holder = try_lock(storage, owner, settings.ttl_seconds, datetime.now(timezone.utc))
        if holder is None or time.monotonic() >= deadline:
            return holder
        time.sleep(settings.poll_seconds)


def read_lock(storage: Storage) -> dict | None:
    try:
        return json.loads(storage.read_text(PATH_LOCK))
    except NotFoundError:
        return None


def release_lock(storage: Storage, owner: str) -> None:
    """Remove the lock if it is still ours (after expiry another run may have taken it)."""
    holder = read_lock(storage)
    if holder and holder["owner"] == owner:
        storage.delete(PATH_LOCK)


@contextmanager
def run_lock(storage: Storage):
    """Hold the run lock for the block; yields None when held, else the record of the run holding it."""
    from prefect.runtime import flow_run

    owner = lock_owner(str(flow_run.id))
    holder = wait_for_lock(storage, owner, LockSettings())
    try:
        yield holder
    finally:
        if holder is None:
            release_lock(storage, owner)


def overlap_message(holder: dict) -> str:
    return f"Another run is still going ({holder.get('owner')}, lock until {holder.get('expires')}); this one did nothing."
