"""The `vtasks.archive` subflow: documents moved into dated folders by the rules in `config/archive.yaml`."""

from __future__ import annotations

from prefect import flow

from config.archive import ArchiveSettings
from config.subflows import load_subflow_settings
from flows.naming import RunInfo, subflow_run_name
from tasks.archive.steps import archive_documents
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.archive", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def archive(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(ArchiveSettings)
    done = archive_documents(clients.storage, cfg)
    return {"rows": done["rows"], "files": done["files"], "newest": None, "reports": [], "warnings": done["warnings"]}


def archive_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(ArchiveSettings)
    folders = {f"{r.folder}/**" if getattr(r, "subfolders", False) else f"{r.folder}/*" for r in [*cfg.rules, *cfg.zips]}
    # Where files go: a rule's output template, a zip rule's output folder.
    outputs = [r.output for r in cfg.rules] + [f"{z.output.rstrip('/')}/*" for z in cfg.zips]
    return Inputs(files=tuple(sorted(folders)), settings=cfg.model_dump_json(), uses=tuple(outputs))
