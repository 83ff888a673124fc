"""The `vtasks.backup` subflow: dated, hash-checked copies of important files, retention and mirrors."""

from __future__ import annotations

from prefect import flow, get_run_logger

from config.backup import BackupSettings
from config.subflows import load_subflow_settings
from flows.clients import Clients
from flows.naming import RunInfo, subflow_run_name
from tasks.backup.steps import back_up_targets, mirror_copies, prune_target_backups


@flow(name="vtasks.backup", flow_run_name=subflow_run_name, validate_parameters=False)
def backup(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(BackupSettings)
    made = back_up_targets(clients.storage, cfg, run.date, run.generated_at)
    pruned = prune_target_backups(clients.storage, cfg, run.date)
    mirrored = mirror_copies(clients.storage, cfg)
    get_run_logger().info(
        "%d backup(s) made, %d pruned, %d mirror copies written", len(made), len(pruned["deleted"]), len(mirrored)
    )
    return {"rows": len(made), "files": made + mirrored, "newest": pruned["newest"], "reports": [], "warnings": []}
