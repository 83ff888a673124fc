"""`vtasks archive [--dry-run]`: apply the document archive rules now, or list what they would do."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console()
# Imports inside the command, as in flows/cli.py: Prefect and the pipeline load only for the command run.


def archive_command(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would move; change nothing.")] = False,
) -> None:
    """Extract matching zips and move matching documents into their folders (never overwriting)."""
    from config.archive import ArchiveSettings
    from config.settings import load_settings
    from config.subflows import ConfigError, load_subflow_settings
    from tasks.archive.apply import apply_archive, archive_plan, describe_plan
    from tasks.clients import build_clients
    from tasks.validation import InputError

    storage = build_clients(load_settings()).storage
    try:
        cfg = load_subflow_settings(ArchiveSettings)
        if dry_run:
            plan = archive_plan(storage, cfg)
            lines, warnings = describe_plan(plan), plan.warnings
        else:
            done = apply_archive(storage, cfg)
            lines, warnings = [f"moved to {path}" for path in done["files"]], done["warnings"]
    except (ConfigError, InputError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    heading = "Dry run, nothing changed; would" if dry_run else "Done"
    console.print(f"{heading}: {len(lines)} action(s) in {storage.describe()}", highlight=False)
    for line in lines:
        console.print(f"  {line}", highlight=False, soft_wrap=True)
    for warning in warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)
