"""The `vtasks.vprefect` subflow: the pipeline's own runs from the Prefect API to parquet and a report."""

from __future__ import annotations

from prefect import flow
from prefect.client.orchestration import get_client

from config.subflows import load_subflow_settings
from config.vprefect import VprefectSettings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from reports.page_step import Page
from reports.vprefect import vprefect_report
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors
from tasks.vprefect.fetch import newest_finished_root
from tasks.vprefect.steps import export_runs


@flow(name="vtasks.vprefect", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def vprefect(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(VprefectSettings)
    exported = export_runs(clients.storage, cfg, run.generated_at, guard_for(run, clients.settings))
    return SubflowOutput.of(exported, reports=SUBFLOW.render(clients, run, cfg))


def vprefect_inputs(clients: Clients, run: RunInfo) -> Inputs:
    """Its input is the run history: it exports when a root run finished since its last export (the run
    before this one, with its final state), and with the day's first run; one API call to know."""
    cfg = load_subflow_settings(VprefectSettings)
    with get_client(sync_client=True) as client:
        finished = newest_finished_root(client, cfg.root_flow)
    return Inputs(
        settings=cfg.model_dump_json(),
        extra={"locale": clients.settings.locale, "finished": finished},
        uses=tuple(cfg.paths.model_dump().values()),
    )


def vprefect_page(cfg: VprefectSettings, run: RunInfo, locale: str) -> Page:
    build = lambda tables: vprefect_report(tables[cfg.paths.flow_runs], cfg, locale, run.generated_at)  # noqa: E731
    return Page(cfg.paths.report, (cfg.paths.flow_runs,), build, extra={"locale": locale})


# It reports on every other subflow's runs: it waits for all of them (new ones included by themselves)
# and runs even when some failed, since it reports those failures.
SUBFLOW = Subflow(
    "vprefect",
    vprefect,
    "Pipeline runs: flow and task runs from the Prefect API, run health report",
    settings=VprefectSettings,
    inputs=vprefect_inputs,
    reports=(vprefect_page,),
    after_all=True,
)
