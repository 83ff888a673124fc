"""The `vtasks.vbooks` subflow: the reading log from its spreadsheet to parquet and a report."""

from __future__ import annotations

from prefect import flow

from config.subflows import load_subflow_settings
from config.vbooks import VbooksSettings
from flows.naming import RunInfo, subflow_run_name
from reports.vbooks import write_vbooks_report
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors
from tasks.vbooks.steps import extract_reading_log


@flow(name="vtasks.vbooks", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def vbooks(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(VbooksSettings)
    extracted = extract_reading_log(clients.sheets, clients.storage, cfg, guard_for(run, clients.settings))
    rebuilt = write_vbooks_report(clients.storage, cfg, clients.settings.locale, run.generated_at)
    return {**extracted, "reports": rebuilt}


def vbooks_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(VbooksSettings)
    return Inputs(spreadsheets=(cfg.spreadsheet,), settings=cfg.model_dump_json(), uses=tuple(cfg.paths.model_dump().values()))
