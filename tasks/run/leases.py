"""Leases under a temporary Prefect server: kept on disk, and taken back by the next run.

A temporary server (no `PREFECT_API_URL`) dies with its run and runs none of Prefect's background
services, so nothing would ever free the slot of a killed run. With the filesystem lease storage the
leases outlive it (in `PREFECT_HOME`), and the next run does the repossessor's job for expired ones.
"""

from __future__ import annotations

from datetime import UTC, datetime

# Set for the temporary server's process by the CLI before it starts (the server reads it from the environment).
LEASE_STORAGE_ENV = {"PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE": "prefect.server.concurrency.lease_storage.filesystem"}


def uses_temporary_server() -> bool:
    # deferred: the CLI imports this module before it sets Prefect's environment
    from prefect.settings import get_current_settings

    return not get_current_settings().api.url


def repossess_local_leases(storage=None) -> int:
    """Give back the slots of expired leases found on disk (in PREFECT_HOME unless `storage` says otherwise),
    as Prefect's repossessor does; returns how many."""
    # deferred: the CLI imports this module before it sets Prefect's environment; the server package is heavy
    from prefect.client.orchestration import get_client
    from prefect.server.concurrency.lease_storage.filesystem import ConcurrencyLeaseStorage
    from prefect.utilities.asyncutils import run_coro_as_sync

    storage = storage or ConcurrencyLeaseStorage()
    if not storage.storage_path.exists():
        return 0
    taken = 0
    for lease_id in run_coro_as_sync(storage.read_expired_lease_ids()):
        lease = run_coro_as_sync(storage.read_lease(lease_id))
        try:  # whoever removes the file frees the slot: two runs never free it twice
            (storage.storage_path / f"{lease_id}.json").unlink()
        except FileNotFoundError:
            continue
        run_coro_as_sync(storage.revoke_lease(lease_id))
        # A task run's lease for its tags names no limit when none matches them: nothing to give back.
        if lease is None or lease.metadata is None or not lease.resource_ids:
            continue
        with get_client(sync_client=True) as client:
            names = [client.read_global_concurrency_limit_by_name(str(rid)).name for rid in lease.resource_ids]
            seconds = max((datetime.now(UTC) - lease.created_at).total_seconds(), 0.001)
            client.release_concurrency_slots(names, lease.metadata.slots, seconds)
        taken += 1
    return taken
