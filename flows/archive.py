"""The `vtasks.archive` subflow: documents moved into dated folders by the rules in `config/archive.yaml`."""

from __future__ import annotations

from prefect import flow

from config.archive import ArchiveSettings
from config.subflows import load_subflow_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from tasks.archive.demo import demo_files
from tasks.archive.steps import archive_documents
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.archive", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def archive(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(ArchiveSettings)
    done = archive_documents(clients.storage, cfg)
    return SubflowOutput(rows=done["rows"], files=done["files"], warnings=done["warnings"])


def archive_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(ArchiveSettings)
    folders = {
        f"{r.folder}/**" if getattr(r, "subfolders", False) else f"{r.folder}/*" for r in [*cfg.rules, *cfg.zips]
    }
    # Where files go: a rule's output template, a zip rule's output folder.
    outputs = [r.output for r in cfg.rules] + [f"{z.output.rstrip('/')}/*" for z in cfg.zips]
    return Inputs(files=tuple(sorted(folders)), settings=cfg.model_dump_json(), uses=tuple(outputs))


SUBFLOW = Subflow(
    "archive",
    archive,
    "Documents: files named with dates moved into dated folders by the rules in archive.yaml",
    settings=ArchiveSettings,
    inputs=archive_inputs,
    demo=demo_files,
)
