"""The `vtasks.backup` subflow: dated, hash-checked copies of important files, retention and mirrors."""

from __future__ import annotations

from prefect import flow, get_run_logger

from config.backup import BackupSettings
from config.subflows import load_subflow_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from tasks.backup.demo import demo_files
from tasks.backup.steps import back_up_targets, mirror_copies, prune_target_backups
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.backup", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def backup(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(BackupSettings)
    made = back_up_targets(clients.storage, cfg, run.date, run.generated_at)
    pruned = prune_target_backups(clients.storage, cfg, run.date)
    mirrored = mirror_copies(clients.storage, cfg)
    get_run_logger().info(
        "%d backup(s) made, %d pruned, %d mirror copies written", len(made), len(pruned["deleted"]), len(mirrored)
    )
    return SubflowOutput(rows=len(made), files=made + mirrored, newest=pruned["newest"])


def backup_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(BackupSettings)
    # Each target's folder with its backups: a changed source or a pruned backup both count.
    folders = {f"{t.folder}/**" for t in cfg.targets} | {c.source for c in cfg.copies}
    folders |= {f"{folder}/*" for c in cfg.copies for folder in c.to}
    return Inputs(files=tuple(sorted(folders)), settings=cfg.model_dump_json())


SUBFLOW = Subflow(
    "backup",
    backup,
    "Backups: dated, hash-checked copies of the files in backup.yaml, retention, mirrors",
    settings=BackupSettings,
    upstreams=("vbooks", "battery"),
    inputs=backup_inputs,
    demo=demo_files,
)
