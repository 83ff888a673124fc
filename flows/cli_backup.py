"""`vtasks backup list|restore` and the hook that adds them and `vtasks archive` to the main command."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows.cli_archive import archive_command
from flows.cli_dates import METAVAR, iso_date

backup_app = typer.Typer(help="Dated backups: list them, restore one.", no_args_is_help=True)
console = Console()
# Imports inside the command, as in flows/cli.py: Prefect and the pipeline load only for the command run.


def add_document_commands(app: typer.Typer) -> None:
    """Register `vtasks archive` and `vtasks backup ...` on the main app."""
    app.command("archive")(archive_command)
    app.add_typer(backup_app, name="backup")


def _context():
    from config.backup import BackupSettings
    from config.settings import load_settings
    from config.subflows import load_subflow_settings
    from tasks.clients import build_clients

    return build_clients(load_settings()).storage, load_subflow_settings(BackupSettings)


@backup_app.command("list")
def list_backups(file: Annotated[str, typer.Argument(help="The file, e.g. vault/passwords.kdbx.")]) -> None:
    """The backups of a file, oldest first."""
    from tasks.backup.backups import backups_of

    storage, cfg = _context()
    table = Table(title=f"Backups of {file}")
    for column in ("date", "time", "size", "content hash", "path"):
        table.add_column(column)
    for entry in backups_of(storage, cfg, file):
        meta = storage.metadata(entry.path)
        table.add_row(entry.day.isoformat(), entry.time or "-", str(meta.size), meta.content_hash[:12], entry.path)
    console.print(table)


@backup_app.command("restore")
def restore(
    file: Annotated[str, typer.Argument(help="The file to restore, e.g. vault/passwords.kdbx.")],
    backup_date: Annotated[
        date,
        typer.Option(
            "--date", parser=iso_date, metavar=METAVAR, help="Restore the newest backup of this day, YYYY-MM-DD."
        ),
    ],
    today: Annotated[
        date | None,
        typer.Option(parser=iso_date, metavar=METAVAR, help="Date to file the current version under (default: today)."),
    ] = None,
) -> None:
    """Put back a dated backup; the current file is first kept as a backup itself."""
    from tasks.backup.backups import restore_file
    from tasks.storage.base import StorageError

    storage, cfg = _context()
    day, filed = backup_date, today or date.today()
    existed = storage.exists(file)
    try:
        source, kept = restore_file(storage, cfg, file, day, filed, datetime.now().strftime("%H%M%S"))
    except StorageError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    note = (
        f"; the previous version is kept as {kept}"
        if kept
        else "; the previous version was already backed up"
        if existed
        else "; there was no current file"
    )
    console.print(f"Restored {file} from {source}{note}", highlight=False, soft_wrap=True)
