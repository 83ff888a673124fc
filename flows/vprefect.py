"""The `vtasks.vprefect` subflow: the pipeline's own runs from the Prefect API to parquet and a report."""

from __future__ import annotations

from prefect import flow

from config.subflows import load_subflow_settings
from config.vprefect import VprefectSettings
from flows.clients import Clients
from flows.naming import RunInfo, subflow_run_name
from tasks.vprefect.steps import export_runs, write_vprefect_report
from tasks.fingerprint import Inputs
from tasks.history_guard import guard_for


@flow(name="vtasks.vprefect", flow_run_name=subflow_run_name, validate_parameters=False)
def vprefect(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(VprefectSettings)
    exported = export_runs(clients.storage, cfg, run.generated_at, guard_for(run, clients.settings))
    rebuilt = write_vprefect_report(clients.storage, cfg, clients.settings.locale, run.generated_at)
    return {**exported, "reports": rebuilt}


def vprefect_inputs(clients: Clients, run: RunInfo) -> Inputs:
    """Its input is the run history, new every hour: it exports once a day, with the day's first run."""
    cfg = load_subflow_settings(VprefectSettings)
    return Inputs(settings=cfg.model_dump_json(), extra={"locale": clients.settings.locale},
                  uses=tuple(cfg.paths.model_dump().values()))
