"""The `vtasks.expensor` subflow: money tables from the expensor spreadsheet and upstream subflows, and reports."""

from __future__ import annotations

import pandas as pd
from prefect import flow, get_run_logger

from config.cryptos import CryptosSettings
from config.expensor import ExpensorSettings
from config.indexa import IndexaSettings
from config.subflows import load_subflow_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from reports.expensor import expensor_report
from reports.expensor_archive import write_month_reports
from reports.page_step import Page
from tasks.clients import Clients
from tasks.expensor.demo import demo_frames as expensor_frames
from tasks.expensor.steps import extract_money_tables
from tasks.expensor.written_back import SheetValue, sheet_values
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.expensor", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def expensor(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(ExpensorSettings)
    locale = clients.settings.locale
    extracted = extract_money_tables(
        clients.sheets, clients.storage, cfg, run.date, written_back_values(), guard_for(run, clients.settings)
    )
    for warning in extracted["warnings"]:
        get_run_logger().warning(warning)
    main = SUBFLOW.render(clients, run, cfg)
    months = write_month_reports(clients.storage, cfg, locale, run.generated_at)
    # The index links the main report every run; `rebuilt` says what this run actually rendered.
    return SubflowOutput.of(extracted, reports=[cfg.paths.report], rebuilt=main + months)


def written_back_values() -> list[SheetValue]:
    """The columns cryptos and indexa write back (their `write_back` settings): read from the sheet, not their tables."""
    return sheet_values(
        load_subflow_settings(CryptosSettings).write_back, load_subflow_settings(IndexaSettings).write_back
    )


def expensor_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(ExpensorSettings)
    values = written_back_values()
    upstream = (cfg.inputs.transactions, cfg.inputs.cryptos, cfg.inputs.indexa)
    # Its tables, pages (`{year}` folders) and the folder of its archive's plotly.js.
    outputs = [p for key, p in cfg.paths.model_dump().items() if key != "assets"] + [f"{cfg.paths.assets}/*"]
    spreadsheets = tuple(dict.fromkeys([cfg.spreadsheet] + [v.spreadsheet for v in values]))
    return Inputs(
        files=upstream,
        spreadsheets=spreadsheets,
        settings=cfg.model_dump_json(),
        extra={"locale": clients.settings.locale, "written_back": repr(values)},
        uses=tuple(outputs),
    )


def expensor_page(cfg: ExpensorSettings, run: RunInfo, locale: str) -> Page:
    paths = cfg.paths
    inputs = (
        paths.monthly,
        paths.yearly,
        paths.categories,
        paths.balances,
        paths.worth,
        paths.comparison,
        paths.salary,
        paths.colors,
    )
    # Tables by their file's name (`monthly`, `worth`, ...), as the report reads them.
    by_name = lambda t: {p.rsplit("/", 1)[-1].removesuffix(".parquet"): t[p] for p in inputs}  # noqa: E731
    build = lambda t: expensor_report(by_name(t), cfg, pd.Timestamp(run.date), locale, run.generated_at)  # noqa: E731
    # The whole date: the dashboard labels the current month "so far" with the days it covers.
    return Page(
        paths.report,
        inputs,
        build,
        extra={"locale": locale, "date": run.date.isoformat(), "settings": cfg.model_dump_json()},
    )


SUBFLOW = Subflow(
    "expensor",
    expensor,
    "Money: incomes, expenses, worth and FIRE figures, a report and a monthly archive",
    settings=ExpensorSettings,
    upstreams=("money_lover", "cryptos", "indexa"),
    inputs=expensor_inputs,
    reports=(expensor_page,),
    demo=lambda seed, end, years, scale: {"expensor_data": expensor_frames(seed, end, years, scale)},
)
