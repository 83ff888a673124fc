"""The `vtasks.indexa` subflow: invested amount and value of each Indexa Capital account, monthly."""

from __future__ import annotations

from prefect import flow

from config.indexa import IndexaSettings
from config.subflows import load_subflow_settings
from flows.clients import Clients
from flows.naming import RunInfo, subflow_run_name
from tasks.ops.masked_output import masked_errors
from tasks.indexa.clients import build_indexa
from tasks.indexa.steps import extract_indexa
from tasks.fingerprint import Inputs
from tasks.history_guard import guard_for
from tasks.http.recorded import uses_recorded


@flow(name="vtasks.indexa", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def indexa(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(IndexaSettings)
    source = build_indexa(cfg, clients.storage, clients.settings.active_profile, run.date)
    return {**extract_indexa(source, clients.storage, cfg, run.date, guard_for(run, clients.settings)), "reports": []}


def indexa_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(IndexaSettings)
    recorded = uses_recorded(cfg.source, clients.settings.active_profile)
    return Inputs(files=("_demo/**",), settings=cfg.model_dump_json(), live=not recorded,
                  uses=tuple(cfg.paths.model_dump().values()))
