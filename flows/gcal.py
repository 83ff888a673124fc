"""The `vtasks.gcal` subflow: Google calendar feeds to expanded events in parquet and a time report."""

from __future__ import annotations

from prefect import flow

from config.gcal import GcalSettings
from config.subflows import load_subflow_settings
from flows.naming import RunInfo, subflow_run_name
from reports.gcal import write_gcal_report
from tasks.clients import Clients
from tasks.gcal.refresh import CalendarsFailed, FeedSources
from tasks.gcal.steps import extract_events
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.gcal", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def gcal(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(GcalSettings)
    sources = FeedSources(cfg, clients.storage, demo=clients.settings.active_profile == "demo")
    extracted = extract_events(clients.storage, cfg, sources, run.date, guard_for(run, clients.settings))
    rebuilt = write_gcal_report(clients.storage, cfg, clients.settings.locale, run.date, run.generated_at)
    if extracted["failed"]:  # the others are refreshed and reported; the run still says which calendar failed
        raise CalendarsFailed(extracted["failed"], len(cfg.calendars))
    return {**extracted, "reports": rebuilt}


def gcal_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(GcalSettings)
    # A calendar with an address is fetched over HTTP (conditionally, by ETag): only demo files compare here.
    live = any(c.secret_url() is not None for c in cfg.calendars)
    outputs = [p for key, p in cfg.paths.model_dump().items() if key != "demo_dir"]
    return Inputs(files=(f"{cfg.paths.demo_dir}/*.ics",), settings=cfg.model_dump_json(), live=live,
                  extra={"locale": clients.settings.locale}, uses=tuple(outputs))
