"""The `vtasks.battery` subflow: phone battery exports appended to parquet, a stale-log reminder, a report."""

from __future__ import annotations

from prefect import flow

from config.battery import BatterySettings
from config.subflows import load_subflow_settings
from flows.naming import RunInfo, subflow_run_name
from reports.battery import write_battery_report
from tasks.battery.steps import import_exports, remind_if_stale
from tasks.clients import Clients
from tasks.run.fingerprint import Inputs
from tasks.run.history_guard import guard_for
from tasks.run.masked_output import masked_errors


@flow(name="vtasks.battery", flow_run_name=subflow_run_name, validate_parameters=False)
@masked_errors  # the failed state keeps a masked message
def battery(clients: Clients, run: RunInfo) -> dict:
    cfg = load_subflow_settings(BatterySettings)
    imported = import_exports(clients.storage, cfg, guard_for(run, clients.settings))
    reminders = remind_if_stale(clients.storage, cfg, imported["newest"], run.date)
    rebuilt = write_battery_report(clients.storage, cfg, clients.settings.locale, run.generated_at)
    return {
        "rows": imported["rows"], "files": imported["files"], "newest": imported["newest"],
        # The same text goes to the notifier (tasks/ops/notify.py), which sends reminders in prod only.
        "reports": rebuilt, "warnings": imported["warnings"] + reminders, "reminders": reminders,
    }


def battery_inputs(clients: Clients, run: RunInfo) -> Inputs:
    cfg = load_subflow_settings(BatterySettings)
    # The log itself too: a 2023 `battery.parquet` put in its place is converted on the next run.
    paths = cfg.paths
    return Inputs(
        files=(*paths.exports, paths.data), settings=cfg.model_dump_json(), uses=(paths.report, paths.reminder)
    )
