"""The benchmark household: every registered subflow's demo inputs, sized as a real household at scale 1.

`python -m tests.benchmark.household --scale N --end YYYY-MM-DD` seeds the configured storage, like
`vtasks demo`, but gives each subflow the years and row multiplier of the benchmark's household.
"""

from __future__ import annotations

import argparse
from datetime import date
from unittest import mock

from tasks import demo

YEARS = 15
# Each subflow's (years, rows multiplier at scale 1) so scale 1 is the household of the issue:
# 15 years of transactions, about 60,000 calendar events, 1,500 books (24 a year in the generator).
SHAPES: dict[str, tuple[int, float]] = {
    "vbooks": (YEARS, 1500 / (24 * YEARS)),
    "gcal": (YEARS, 60_000 / 73_588),  # its generator gives 73,588 events in 15 years at scale 1
}


def shaped(name: str, generate, scale: float):
    years, multiplier = SHAPES.get(name, (YEARS, 1.0))
    return lambda seed, end, _years, _scale: generate(seed, end, years, multiplier * scale)


def seed_household(storage, sheets, scale: float, end: date, seed: int = 42) -> list[str]:
    """Seed every generator that exists now with the household's shape at `scale`."""
    generators = {name: shaped(name, g, scale) for name, g in demo.GENERATORS.items()}
    with mock.patch.dict(demo.GENERATORS, generators):
        return demo.seed_demo(storage, sheets, demo.DemoOptions(seed=seed, years=YEARS, scale=scale, end=end))


def create_in_emulator(sheets, api_url: str) -> None:
    """A service account only sees spreadsheets that exist: create each in the emulator before its first write."""
    from tests.benchmark.servers import http_json

    created: set[str] = set()
    write_frames = sheets.write_frames

    def create_then_write(spreadsheet: str, frames) -> None:
        if spreadsheet not in created:
            http_json(f"{api_url}/__emulator__/spreadsheets", {"title": spreadsheet, "worksheets": {}})
            created.add(spreadsheet)
        write_frames(spreadsheet, frames)

    sheets.write_frames = create_then_write


def main(argv: list[str] | None = None) -> None:
    from config.settings import load_settings
    from tasks.clients import build_clients

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--end", required=True, type=date.fromisoformat)
    args = parser.parse_args(argv)
    settings = load_settings()
    clients = build_clients(settings)
    if settings.sheets_backend == "gspread" and settings.sheets_api_url:
        create_in_emulator(clients.sheets, settings.sheets_api_url)
    written = seed_household(clients.storage, clients.sheets, args.scale, args.end)
    print(f"Benchmark household (scale {args.scale:g}) written to {clients.storage.describe()}: {', '.join(written)}")


if __name__ == "__main__":
    main()
