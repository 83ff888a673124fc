"""The root flow `vtasks`: builds clients once, runs the selected subflows, records runs, rebuilds the index."""

from __future__ import annotations

from datetime import UTC, date, datetime

from prefect import flow, get_run_logger, tags
from prefect.states import Completed, Failed

from config.settings import load_settings
from flows.deployed import deployment_task
from flows.graph import run_plan
from flows.naming import RunInfo, root_run_name, run_date_of, tag_current_run
from flows.pipeline_steps import BOOKKEEPING_FOLDERS, READ_AHEAD, needs_demo_inputs, record_runs, seed_demo_inputs
from flows.registry import DEMO_GENERATORS, NEEDS, SUBFLOWS
from flows.runners import task_runner
from flows.scheduler import prefetch_folders, run_subflows
from reports.digest import send_weekly_digest
from reports.home import write_index
from tasks.clients import build_clients
from tasks.ops.notify import notify_reminders
from tasks.ops.notify_problems import notify_failed_run, notify_run_problems
from tasks.run.artifacts import publish_run_table
from tasks.run.lock import overlap_message, place_tag, run_lock
from tasks.run.masked_output import masked_errors
from tasks.run.state import failure_message


@flow(
    name="vtasks",
    flow_run_name=root_run_name,
    validate_parameters=False,
    on_failure=[notify_failed_run],
    on_crashed=[notify_failed_run],
)
@masked_errors
def vtasks(
    only: list[str] | None = None,
    skip: list[str] | None = None,
    env: str | None = None,
    run_date: date | str | None = None,
    force: bool = False,
    via_deployments: bool = False,
    accept_shrink: list[str] | None = None,
):
    """Run the pipeline. Ends Failed, naming each failed subflow and why, if any did not complete.

    A subflow whose inputs did not change since its last good run is not run, unless `force`. Subflows run
    on the task runner `VTASKS_TASK_RUNNER` names, or with `via_deployments` as runs of their deployments.
    `accept_shrink` names subflows whose history tables may lose rows in this run (tasks/run/history_guard.py)."""
    settings = load_settings(env=env)
    started = datetime.now(UTC)
    run = RunInfo(
        run_date_of(run_date, started.date()),
        settings.env,
        started.isoformat(timespec="seconds"),
        tuple(accept_shrink or ()),
    )
    clients = build_clients(settings)
    logger = get_run_logger()
    tag_current_run(f"env:{settings.env}")
    plan = run_plan(NEEDS, settings.enabled, only or [], skip or [])
    # One listing per folder the planned subflows use, instead of a metadata call per check.
    clients.storage.cache_listings()
    prefetch_folders(plan, SUBFLOWS, clients, run, BOOKKEEPING_FOLDERS, READ_AHEAD)
    logger.info(
        "Run %s on %s storage at %s: %s", run, settings.storage_backend, clients.storage.describe(), ", ".join(plan)
    )
    with tags(f"env:{settings.env}"):
        with run_lock(place_tag(clients.storage)) as holder:
            if holder:  # an hourly run still going: leave it alone and end cleanly, having written nothing
                logger.warning(overlap_message(holder))
                return Completed(message=overlap_message(holder), data={"overlap": overlap_message(holder)})
            if needs_demo_inputs(clients):  # checked outside a task: most runs have nothing to seed
                seed_demo_inputs(clients, run.date, DEMO_GENERATORS)
            # Via deployments the root's threads only start the runs and wait: work pools' workers do the work.
            kind = "thread" if via_deployments else settings.task_runner
            runner = task_runner(kind, settings.max_concurrency, settings.dask_address)
            task = deployment_task if via_deployments else None
            results = run_subflows(plan, SUBFLOWS, clients, run, force, runner, task)
            if via_deployments or settings.task_runner != "thread":
                # Other processes wrote the outputs: list the folders once more.
                clients.storage.cache_listings()
                prefetch_folders(plan, SUBFLOWS, clients, run, BOOKKEEPING_FOLDERS, READ_AHEAD)
            record_runs(clients, results)
            publish_run_table(results)
            notify_reminders(clients.storage, settings.env, results, started.date())
            notify_run_problems(clients.storage, results, run.generated_at)
            send_weekly_digest(clients.storage, settings.env, settings.locale, run.date)
            index = write_index(clients, list(NEEDS), run.generated_at)
    summary = {
        "storage": clients.storage.describe(),
        "index": clients.storage.describe(index),
        "results": [vars(r) for r in results],
    }
    message = failure_message(results)
    if message:
        return Failed(message=message, data=summary)
    return summary
