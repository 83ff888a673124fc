"""The `vtasks.vbooks` subflow: the reading log from its spreadsheet to parquet and a report."""

from __future__ import annotations

from prefect import flow

from config.subflows import load_subflow_settings
from config.vbooks import VbooksSettings
from flows.contract import Sources, Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from reports.page_step import Page
from reports.vbooks import vbooks_report
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors
from tasks.vbooks.demo import demo_frames
from tasks.vbooks.steps import extract_reading_log


@flow(name="vtasks.vbooks", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def vbooks(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(VbooksSettings)
    extracted = extract_reading_log(clients.sheets, clients.storage, cfg, guard_for(run, clients.settings))
    return SubflowOutput.of(extracted, reports=SUBFLOW.render(clients, run, cfg))


def vbooks_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(VbooksSettings)
    return Inputs(
        spreadsheets=(cfg.spreadsheet,), settings=cfg.model_dump_json(), uses=tuple(cfg.paths.model_dump().values())
    )


def vbooks_page(cfg: VbooksSettings, run: RunInfo, locale: str) -> Page:
    paths = cfg.paths
    build = lambda tables: vbooks_report(tables[paths.books], tables[paths.todo], locale, run.generated_at)  # noqa: E731
    return Page(paths.report, (paths.books, paths.todo), build, extra={"locale": locale})


SUBFLOW = Subflow(
    "vbooks",
    vbooks,
    "Reading log: books read and the reading list, from the books spreadsheet",
    settings=VbooksSettings,
    inputs=vbooks_inputs,
    reports=(vbooks_page,),
    sources=lambda cfg: Sources(sheets=((cfg.spreadsheet, cfg.books_worksheet),)),
    demo=lambda seed, end, years, scale: {"books_data": demo_frames(seed, end, years, scale)},
)
