"""A subflow's input fingerprint: when it equals the last good run's, the subflow has nothing new to do.

Costs no download: storage files are compared by the content hashes of the run's one listing, and a
spreadsheet by its Drive `modifiedTime` (or its workbook's hash).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from tasks.http.recorded import uses_recorded
from tasks.run.report_state import renderer_version
from tasks.sheets.base import SheetsClient
from tasks.storage.base import Storage
from tasks.storage.paths import Folder, folders_used


@dataclass(frozen=True)
class Inputs:
    """What a subflow reads. `live` marks a source (an HTTP API) that cannot be compared without asking it."""

    files: tuple[str, ...] = ()  # storage paths or globs (`battery/export/*.csv`)
    spreadsheets: tuple[str, ...] = ()
    settings: str = ""  # the subflow's settings as JSON: a changed rule is a changed input
    live: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    # What else it reads or writes in storage (paths, globs, `{year}` templates): listed once per run.
    uses: tuple[str, ...] = ()

    def folders(self) -> tuple[Folder, ...]:
        """The folder listings that answer every check on its files (see tasks.storage.paths.folders_used)."""
        return folders_used([*self.files, *self.uses])

    def paths(self) -> tuple[str, ...]:
        """Every storage path, glob or template it names, in its declared order."""
        return tuple(dict.fromkeys([*self.files, *self.uses]))


def api_inputs(cfg, profile: str) -> Inputs:
    """What a subflow reading an HTTP API reads (cryptos, indexa: `source`, `write_back`, `paths` settings): the
    API itself (live, unless its recorded answers are used), the demo's recordings, and the spreadsheet it writes
    back to (a hand edit there is rewritten)."""
    written = (cfg.write_back.spreadsheet,) if cfg.write_back else ()
    return Inputs(
        files=("_demo/**",),
        spreadsheets=written,
        settings=cfg.model_dump_json(),
        live=not uses_recorded(cfg.source, profile),
        uses=tuple(cfg.paths.model_dump().values()),
    )


def inputs_fingerprint(
    inputs: Inputs, storage: Storage, sheets: SheetsClient, run_date: date, stamps: dict[str, str | None] | None = None
) -> str | None:
    """A digest of everything the subflow would read today, or None when that cannot be known cheaply.

    The run date is part of it: date-dependent work (backups, reminders, the month shown) reruns daily.
    `stamps` keeps spreadsheet versions already asked for, so a second fingerprint costs no call.
    """
    stamps = {} if stamps is None else stamps
    if inputs.live:
        return None
    # The renderer's digest: an upgrade that changes a page reruns the subflows, whose pages then re-render.
    parts = [f"date={run_date}", f"renderer={renderer_version()}", f"settings={inputs.settings}"]
    parts += [f"{k}={v}" for k, v in sorted(inputs.extra.items())]
    for pattern in inputs.files:
        parts += [f"{path}={storage.metadata(path).content_hash}" for path in storage.list(pattern)]
    for spreadsheet in inputs.spreadsheets:
        if spreadsheet not in stamps:
            stamps[spreadsheet] = sheets.version(spreadsheet)
        stamp = stamps[spreadsheet]
        if stamp is None:
            return None
        parts.append(f"sheet:{spreadsheet}={stamp}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def outputs_present(storage: Storage, paths: list[str]) -> bool:
    """Whether every output the last run wrote is still there (someone may have deleted one)."""
    return all(storage.exists(path) for path in paths if path)
