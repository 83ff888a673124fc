"""`vtasks doctor`: one line per check (settings, credentials, storage, Prefect API, sources, orphan runs)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False, soft_wrap=True)
COLOURS = {"ok": "green", "warn": "yellow", "FAIL": "red"}
# Imports inside the command, as in flows/cli.py: Prefect and the pipeline load only for the command run.


def doctor(
    fix_orphans: Annotated[bool, typer.Option("--fix-orphans", help="Mark runs left Running as Crashed.")] = False,
    older_than: Annotated[int | None, typer.Option(help="Minutes Running before a run counts as orphaned.")] = None,
) -> None:
    """Check that vtasks can run here; exits non-zero when a check fails. Never prints a secret."""
    from flows.contract import Sources
    from flows.doctor import (  # noqa: I001
        FAIL,
        Check,
        check_credentials,
        check_paths,
        check_prefect_api,
        check_settings,
        check_sources,
        check_storage,
        subflow_settings,
    )
    from flows.registry import SUBFLOWS
    from tasks.clients import build_clients

    checks, settings = check_settings()
    if settings is not None:
        checks += check_credentials(settings)
        clients = build_clients(settings)
        checks.append(check_storage(clients))
        # What each subflow's contract declares: its settings class, paths and sources (flows/contract.py).
        for name, cfg, error in subflow_settings({n: s.settings for n, s in SUBFLOWS.items()}):
            checks.append(Check(f"{name} settings", FAIL if cfg is None else "ok", error or "valid"))
            if cfg is not None:
                subflow = SUBFLOWS[name]
                checks += check_paths(clients, name, subflow.inputs)
                sources = subflow.sources(cfg) if subflow.sources else Sources()
                checks += check_sources(clients, name, sources.sheets, sources.urls, settings.active_profile == "demo")
    api = check_prefect_api()
    checks.append(api)
    if api.status == "ok":
        checks.append(_orphans(fix_orphans, older_than))
    for check in checks:
        console.print(f"[{COLOURS[check.status]}]{check.status:>4}[/] {check.name}: {check.detail}")
    if any(c.status == FAIL for c in checks):
        raise typer.Exit(1)


def _orphans(fix: bool, older_than: int | None):
    from prefect.client.orchestration import get_client

    from config.subflows import load_subflow_settings
    from config.vprefect import VprefectSettings
    from flows.doctor import Check
    from tasks.run.orphans import find_orphans, mark_crashed

    minutes = older_than if older_than is not None else load_subflow_settings(VprefectSettings).orphan_after_minutes
    with get_client(sync_client=True) as client:
        runs = find_orphans(client, minutes)
        names = ", ".join(r.name for r in runs[:5])
        if runs and fix:
            return Check("orphan runs", "ok", f"marked {mark_crashed(client, runs)} Crashed: {names}")
    if runs:
        return Check(
            "orphan runs",
            "warn",
            f"{len(runs)} Running for over {minutes} min: {names}; --fix-orphans marks them Crashed",
        )
    return Check("orphan runs", "ok", f"none Running for over {minutes} min")


def add_doctor_command(app: typer.Typer) -> None:
    app.command()(doctor)
