"""The `vtasks.indexa` subflow: invested amount and value of each Indexa Capital account, monthly."""

from __future__ import annotations

from prefect import flow

from config.indexa import IndexaSettings
from config.subflows import load_subflow_settings
from flows.contract import Sources, Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from tasks.clients import Clients
from tasks.indexa.clients import build_indexa
from tasks.indexa.demo import demo_files
from tasks.indexa.steps import extract_indexa
from tasks.run.fingerprint import Inputs, api_inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors
from tasks.write_back.steps import write_back_indexa


@flow(name="vtasks.indexa", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def indexa(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(IndexaSettings)
    source = build_indexa(cfg, clients.storage, clients.settings.active_profile, run.date)
    extracted = extract_indexa(source, clients.storage, cfg, run.date, guard_for(run, clients.settings))
    if cfg.write_back is not None:  # after the table: a bad target fails the run with its data kept
        write_back_indexa(clients.sheets, clients.storage, cfg, run.date)
    return SubflowOutput.of(extracted)


def indexa_inputs(clients: Clients, run: RunInfo) -> Inputs:
    return api_inputs(load_subflow_settings(IndexaSettings), clients.settings.active_profile)


SUBFLOW = Subflow(
    "indexa",
    indexa,
    "Indexa Capital: invested amount and value of each account, monthly",
    settings=IndexaSettings,
    inputs=indexa_inputs,
    demo=demo_files,
    sources=lambda cfg: Sources(urls={"api_url": cfg.api_url}),
)
