"""The `vtasks.money_lover` subflow: Money Lover exports in storage to one tidy transactions table."""

from __future__ import annotations

from prefect import flow, get_run_logger

from config.money_lover import MoneyLoverSettings
from config.subflows import load_subflow_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from tasks.clients import Clients
from tasks.money_lover.demo import demo_files
from tasks.money_lover.steps import extract_transactions
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.money_lover", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def money_lover(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(MoneyLoverSettings)
    result = extract_transactions(clients.storage, cfg, guard_for(run, clients.settings))
    for warning in result["warnings"]:
        get_run_logger().warning(warning)
    return SubflowOutput.of(result)


def money_lover_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(MoneyLoverSettings)
    return Inputs(
        files=(f"{cfg.exports_folder}/**",),
        settings=cfg.model_dump_json(),
        uses=(f"{cfg.archive_folder}/**", *cfg.paths.model_dump().values()),
    )


SUBFLOW = Subflow(
    "money_lover",
    money_lover,
    "Money Lover exports: the newest as transactions.parquet, older ones archived",
    settings=MoneyLoverSettings,
    inputs=money_lover_inputs,
    demo=demo_files,
)
