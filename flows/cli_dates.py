"""Dates on the command line: `YYYY-MM-DD` parsed once, at the edge, into `datetime.date` for typer options."""

from __future__ import annotations

from datetime import date

import typer

METAVAR = "YYYY-MM-DD"


def iso_date(value: str | date) -> date:
    """typer's `parser=` for a date option; a bad value is a usage error (exit 2) naming the value."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date as {METAVAR}") from None
