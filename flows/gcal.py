"""The `vtasks.gcal` subflow: Google calendar feeds to expanded events in parquet and a time report."""

from __future__ import annotations

from prefect import flow

from config.gcal import GcalSettings
from config.subflows import load_subflow_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from reports.gcal import gcal_report
from reports.page_step import Page
from tasks.clients import Clients
from tasks.gcal.demo import demo_files
from tasks.gcal.refresh import CalendarsFailed, FeedSources
from tasks.gcal.steps import extract_events
from tasks.gcal.transform import ReportInputs
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.gcal", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def gcal(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(GcalSettings)
    sources = FeedSources(cfg, clients.storage, demo=clients.settings.active_profile == "demo")
    extracted = extract_events(clients.storage, cfg, sources, run.date, guard_for(run, clients.settings))
    rebuilt = SUBFLOW.render(clients, run, cfg)
    if extracted["failed"]:  # the others are refreshed and reported; the run still says which calendar failed
        raise CalendarsFailed(extracted["failed"], len(cfg.calendars))
    return SubflowOutput.of(extracted, reports=rebuilt)


def gcal_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(GcalSettings)
    # A calendar with an address is fetched over HTTP (conditionally, by ETag): only demo files compare here.
    live = any(c.secret_url() is not None for c in cfg.calendars)
    outputs = [p for key, p in cfg.paths.model_dump().items() if key != "demo_dir"]
    return Inputs(
        files=(f"{cfg.paths.demo_dir}/*.ics",),
        settings=cfg.model_dump_json(),
        live=live,
        extra={"locale": clients.settings.locale},
        uses=tuple(outputs),
    )


def gcal_page(cfg: GcalSettings, run: RunInfo, locale: str) -> Page:
    paths = (cfg.paths.day_hours, cfg.paths.title_counts)
    build = lambda t: gcal_report(ReportInputs(*(t[p] for p in paths)), cfg, run.date, locale, run.generated_at)  # noqa: E731
    calendars = cfg.timezone + ";" + ";".join(f"{c.name},{c.colour},{c.main}" for c in cfg.calendars)
    # The cards show last month: a new month needs a new page even with the same events.
    return Page(
        cfg.paths.report, paths, build, extra={"locale": locale, "month": f"{run.date:%Y-%m}", "calendars": calendars}
    )


SUBFLOW = Subflow(
    "gcal",
    gcal,
    "Time: Google calendars (secret iCal addresses) expanded to events, hours per calendar",
    settings=GcalSettings,
    inputs=gcal_inputs,
    reports=(gcal_page,),
    demo=demo_files,
)
