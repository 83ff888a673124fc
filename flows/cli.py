"""The `vtasks` command: run the pipeline, seed demo inputs, list subflows."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows.cli_dates import METAVAR, iso_date
from tasks.run.leases import LEASE_STORAGE_ENV

# Each command imports Prefect and the pipeline inside itself: `run` first sets Prefect's environment, which
# Prefect reads once when imported, and `vtasks --help` answers without loading either.
app = typer.Typer(help="vtasks: a personal data pipeline on Prefect 3.", no_args_is_help=True, add_completion=False)
console = Console()

# Prefect's own telemetry can't reach anything from a personal machine's pipeline; keep it quiet.
# Arrow's system pool hands freed memory back, which keeps a run under a 512 MB dyno (prefect-facts.md).
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}
# A first temporary server (new PREFECT_HOME, migrations) can take over Prefect's 20 s on a busy laptop.
PREFECT_DEFAULTS["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"


def _names(values: list[str] | None) -> list[str]:
    """Accept `--only a,b` as well as `--only a --only b`."""
    return [n.strip() for v in values or [] for n in v.split(",") if n.strip()]


@app.command()
def run(
    only: Annotated[list[str] | None, typer.Option(help="Run only these subflows (comma-separated).")] = None,
    skip: Annotated[list[str] | None, typer.Option(help="Skip these subflows (comma-separated).")] = None,
    env: Annotated[str | None, typer.Option(help="dev or prod (default: VTASKS_ENV or dev).")] = None,
    run_date: Annotated[
        date | None,
        typer.Option("--date", parser=iso_date, metavar=METAVAR, help="The run's date, YYYY-MM-DD (default: today)."),
    ] = None,
    summary_json: Annotated[Path | None, typer.Option(help="Also write the run summary as JSON to this file.")] = None,
    force: Annotated[bool, typer.Option(help="Run every subflow, even those whose inputs did not change.")] = False,
    via_deployments: Annotated[
        bool,
        typer.Option(help="Start each subflow as a run of its deployment (prefect.yaml), for a work pool's workers."),
    ] = False,
    accept_shrink: Annotated[
        list[str] | None,
        typer.Option(help="Let these subflows' history tables lose rows in this run only (comma-separated)."),
    ] = None,
) -> None:
    """Run the pipeline once; exits non-zero when any subflow failed."""
    for key, value in {**PREFECT_DEFAULTS, **LEASE_STORAGE_ENV}.items():
        os.environ.setdefault(key, value)
    from tasks.run.memory import limit_malloc_arenas

    limit_malloc_arenas()
    from prefect import tags
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from config.masking import mask, mask_data
    from config.settings import load_settings
    from flows.graph import PlanError, run_plan
    from flows.registry import NEEDS
    from flows.runners import RunnerError, check_runner
    from flows.vtasks import vtasks
    from tasks.run.masked_output import install_log_masking
    from tasks.run.memory import freeze_imported_objects

    settings = load_settings(env=env)  # registers the secrets it holds
    install_log_masking()
    try:
        run_plan(NEEDS, settings.enabled, _names(only), _names(skip))
        unknown = [n for n in _names(accept_shrink) if n not in NEEDS]
        if unknown:
            raise PlanError(f"--accept-shrink: unknown subflow {', '.join(unknown)} (known: {', '.join(NEEDS)})")
        if not via_deployments:  # a bad runner setting fails here, before a run is recorded as started
            check_runner(settings.task_runner, settings.dask_address)
    except (PlanError, RunnerError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if not os.environ.get("PREFECT_API_URL"):
        console.print("[dim]No PREFECT_API_URL: starting a temporary local Prefect server for this run.[/dim]")
    # Heartbeats cost every sync flow a 1 s join on exit (prefect-facts.md); a one-off run does not need them.
    freeze_imported_objects()
    with tags(f"env:{settings.env}"), temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        state = vtasks(
            only=_names(only),
            skip=_names(skip),
            env=settings.env,
            run_date=run_date or date.today(),
            force=force,
            via_deployments=via_deployments,
            accept_shrink=_names(accept_shrink),
            return_state=True,
        )
    summary = mask_data(state.result(raise_on_failure=False))  # the console never shows a secret
    if isinstance(summary, dict) and summary.get("overlap"):
        console.print(f"[yellow]{summary['overlap']}[/yellow]")
        return
    if isinstance(summary, dict):
        print_summary(summary)
        if summary_json:
            summary_json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    if not state.is_completed():
        console.print(f"[bold red]Run failed:[/bold red] {mask(state.message)}")
        raise typer.Exit(1)
    console.print("[bold green]Run completed.[/bold green]")


def _rebuilt(pages: list[str]) -> str:
    """Names when few, a count when an archive of pages was rendered."""
    return (", ".join(pages) or "-") if len(pages) <= 3 else f"{len(pages)} pages"


def print_summary(summary: dict) -> None:
    """One row per subflow, narrow enough for an 80-column terminal; errors and warnings below it."""
    table = Table(title="vtasks run")
    for column in ("subflow", "state", "seconds", "rows", "uploaded", "unchanged"):
        table.add_column(column, no_wrap=True)
    table.add_column("reports rebuilt")
    colours = {"Completed": "green", "Failed": "red", "Skipped": "yellow"}
    for r in summary["results"]:
        state = "Up to date" if r.get("unchanged") else r["state"]  # not run: its inputs did not change
        table.add_row(
            r["name"],
            f"[{colours.get(r['state'], 'white')}]{state}[/]",
            f"{r['duration_s']:.1f}",
            str(r["rows"]),
            str(r["uploads"]),
            str(r["skips"]),
            _rebuilt(r.get("rebuilt", r["reports"])),
        )
    console.print(table)
    for r in summary["results"]:
        if r["message"] and not r.get("unchanged"):
            console.print(f"[red]{r['name']} {r['state'].lower()}:[/red] {r['message']}")
        for warning in r.get("warnings", []):
            console.print(f"[yellow]{r['name']} warning:[/yellow] {warning}")
    console.print(f"Data: {summary['storage']}")
    console.print(f"Reports: open {summary['index']}")


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same inputs.")] = 42,
    years: Annotated[int, typer.Option(min=1, help="Years of history.")] = 5,
    scale: Annotated[float, typer.Option(min=0.01, help="Row multiplier (10 = ten times the rows).")] = 1.0,
    end: Annotated[
        date | None,
        typer.Option(parser=iso_date, metavar=METAVAR, help="Last day of the history, YYYY-MM-DD (default: today)."),
    ] = None,
) -> None:
    """Write deterministic demo inputs for every subflow into the configured storage."""
    from config.settings import load_settings
    from flows.registry import DEMO_GENERATORS
    from tasks.clients import build_clients
    from tasks.demo import DemoError, DemoOptions, seed_demo
    from tasks.sheets.base import SheetsError

    clients = build_clients(load_settings())
    options = DemoOptions(seed=seed, years=years, scale=scale, end=end or date.today())
    try:
        written = seed_demo(clients.storage, clients.sheets, options, DEMO_GENERATORS)
    except (DemoError, SheetsError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"Demo inputs written to {clients.storage.describe()}: {', '.join(written)}")


@app.command("list")
def list_subflows() -> None:
    """List the subflows, their upstreams and whether they are enabled."""
    from config.settings import load_settings
    from flows.registry import SUBFLOWS

    enabled = load_settings().enabled
    table = Table(title="vtasks subflows")
    for column in ("subflow", "needs", "enabled", "what it does"):
        table.add_column(column)
    for s in SUBFLOWS.values():
        table.add_row(
            s.name,
            ", ".join(s.upstreams) or "-",
            "yes" if enabled is None or s.name in enabled else "no",
            s.description,
        )
    console.print(table)


__import__("flows.cli_backup").cli_backup.add_document_commands(app)  # `vtasks archive`, `vtasks backup ...`
__import__("flows.cli_doctor").cli_doctor.add_doctor_command(app)  # `vtasks doctor`

if __name__ == "__main__":
    app()
