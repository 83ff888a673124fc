"""The `vtasks.battery` subflow: phone battery exports appended to parquet, a stale-log reminder, a report."""

from __future__ import annotations

from prefect import flow

from config.battery import BatterySettings
from config.subflows import load_subflow_settings
from flows.contract import Subflow, SubflowOutput
from flows.naming import RunInfo, subflow_run_name
from reports.battery import battery_report
from reports.page_step import Page
from tasks.battery.demo import demo_files
from tasks.battery.steps import import_exports, remind_if_stale
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.battery", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def battery(clients: Clients, run: RunInfo) -> SubflowOutput:
    cfg = load_subflow_settings(BatterySettings)
    imported = import_exports(clients.storage, cfg, guard_for(run, clients.settings))
    reminders = remind_if_stale(clients.storage, cfg, imported["newest"], run.date)
    rebuilt = SUBFLOW.render(clients, run, cfg)
    # The same text goes to the notifier (tasks/ops/notify.py), which sends reminders in prod only.
    return SubflowOutput.of(imported, reports=rebuilt, warnings=imported["warnings"] + reminders, reminders=reminders)


def battery_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(BatterySettings)
    # The log itself too: a 2023 `battery.parquet` put in its place is converted on the next run.
    paths = cfg.paths
    return Inputs(
        files=(*paths.exports, paths.data), settings=cfg.model_dump_json(), uses=(paths.report, paths.reminder)
    )


def battery_page(cfg: BatterySettings, run: RunInfo, locale: str) -> Page:
    build = lambda tables: battery_report(tables[cfg.paths.data], locale, run.generated_at)  # noqa: E731
    return Page(cfg.paths.report, (cfg.paths.data,), build, extra={"locale": locale}, optional=True)


SUBFLOW = Subflow(
    "battery",
    battery,
    "Phone battery log: 3C Battery Manager exports to parquet, a stale-log reminder",
    settings=BatterySettings,
    inputs=battery_inputs,
    reports=(battery_page,),
    demo=demo_files,
)
