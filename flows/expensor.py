"""The `vtasks.expensor` subflow: money tables from the expensor spreadsheet and upstream subflows, and reports."""

from __future__ import annotations

from prefect import flow, get_run_logger

from config.cryptos import CryptosSettings
from config.expensor import ExpensorSettings
from config.indexa import IndexaSettings
from config.subflows import load_subflow_settings
from flows.naming import RunInfo, subflow_run_name
from reports.expensor import write_expensor_report
from reports.expensor_archive import write_month_reports
from tasks.clients import Clients
from tasks.expensor.steps import extract_money_tables
from tasks.expensor.written_back import SheetValue, sheet_values
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.expensor", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def expensor(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(ExpensorSettings)
    locale = clients.settings.locale
    extracted = extract_money_tables(
        clients.sheets, clients.storage, cfg, run.date, written_back_values(), guard_for(run, clients.settings)
    )
    for warning in extracted["warnings"]:
        get_run_logger().warning(warning)
    main = write_expensor_report(clients.storage, cfg, locale, run.date, run.generated_at)
    months = write_month_reports(clients.storage, cfg, locale, run.generated_at)
    # The index links the main report every run; `rebuilt` says what this run actually rendered.
    return {**extracted, "reports": [cfg.paths.report], "rebuilt": main + months}


def written_back_values() -> list[SheetValue]:
    """The columns cryptos and indexa write back (their `write_back` settings): read from the sheet, not their tables."""
    return sheet_values(load_subflow_settings(CryptosSettings).write_back, load_subflow_settings(IndexaSettings).write_back)


def expensor_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(ExpensorSettings)
    values = written_back_values()
    upstream = (cfg.inputs.transactions, cfg.inputs.cryptos, cfg.inputs.indexa)
    # Its tables, pages (`{year}` folders) and the folder of its archive's plotly.js.
    outputs = [p for key, p in cfg.paths.model_dump().items() if key != "assets"] + [f"{cfg.paths.assets}/*"]
    spreadsheets = tuple(dict.fromkeys([cfg.spreadsheet] + [v.spreadsheet for v in values]))
    return Inputs(files=upstream, spreadsheets=spreadsheets, settings=cfg.model_dump_json(),
                  extra={"locale": clients.settings.locale, "written_back": repr(values)}, uses=tuple(outputs))
