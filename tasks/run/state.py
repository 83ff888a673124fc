"""What each subflow's last run did, kept in storage for the index page and the run summary."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from config.masking import mask, mask_data
from tasks.storage.base import Storage

PATH_RUN_STATE = "_state/runs/{name}.json"

COMPLETED, FAILED, SKIPPED = "Completed", "Failed", "Skipped"
# Prefect's state types of a run that is over. Here, not beside the Prefect client code that also uses them:
# vprefect's pure transforms read them without loading Prefect.
FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@dataclass
class SubflowResult:
    """One subflow's outcome in a run: state, timing, what it wrote and why it failed."""

    name: str
    state: str
    started: str = ""
    duration_s: float = 0.0
    rows: int = 0
    uploads: int = 0
    skips: int = 0
    files: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # the pages the index links
    rebuilt: list[str] = field(default_factory=list)  # every page rendered by this run (archives too)
    newest: str | None = None
    message: str = ""
    rows_read: int | None = None  # when a subflow reads more rows than it writes
    warnings: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)  # sent at most once a day, in prod only
    fingerprint: str | None = None  # of the inputs as this run left them (tasks/run/fingerprint.py)
    unchanged: bool = False  # not run: its inputs and outputs were as the last good run left them

    def __setattr__(self, name: str, value) -> None:
        # Messages and warnings may quote an API's answer: secrets are masked as they are set, so no
        # record, summary, artifact or page built from a result can carry one.
        object.__setattr__(self, name, mask_data(value) if name in MASKED_FIELDS else value)


MASKED_FIELDS = ("message", "warnings", "reminders")


# What only says when and how long: a record differing in nothing else is not worth rewriting.
TIMING_FIELDS = ("started", "duration_s", "uploads", "skips", "rebuilt", "unchanged")


def write_run_states(storage: Storage, results: list[SubflowResult]) -> list[str]:
    """Record every subflow's run in one batch of uploads; returns the names recorded."""
    records = {r.name: run_record(storage, r) for r in results}
    changed = {PATH_RUN_STATE.format(name=n): text.encode() for n, text in records.items() if text is not None}
    storage.write_many(changed)
    return [n for n, text in records.items() if text is not None]


def run_record(storage: Storage, result: SubflowResult) -> str | None:
    """The JSON to record for a run; a failed run keeps the newest data date of the last good one.

    None when the run changed nothing (no upload, same outcome): an hourly run with nothing new leaves
    storage untouched, and the record keeps saying when data last changed.
    """
    if result.unchanged:
        return None
    record = asdict(result)
    previous = read_run_state(storage, result.name)
    if result.state != COMPLETED:
        record["newest"] = previous.newest if previous else None
    # An unchanged report is not rebuilt, but it still exists: keep listing it on the index.
    record["reports"] = result.reports or (previous.reports if previous else [])
    if (
        previous is not None
        and not result.uploads
        and not result.rebuilt
        and _outcome(record) == _outcome(asdict(previous))
    ):
        return None
    return mask(json.dumps(record, indent=2))


def _outcome(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in TIMING_FIELDS}


def unchanged_result(previous: SubflowResult, started: str) -> SubflowResult:
    """A subflow not run because nothing it reads changed: the last good run's outcome, nothing written."""
    return SubflowResult(
        previous.name,
        COMPLETED,
        started=started,
        rows=previous.rows,
        files=previous.files,
        reports=previous.reports,
        newest=previous.newest,
        message=f"inputs unchanged since {previous.started}",
        rows_read=previous.rows_read,
        fingerprint=previous.fingerprint,
        unchanged=True,  # its warnings and reminders were given when it ran
    )


def read_run_state(storage: Storage, name: str) -> SubflowResult | None:
    path = PATH_RUN_STATE.format(name=name)
    if not storage.exists(path):
        return None
    known = SubflowResult.__dataclass_fields__
    return SubflowResult(**{k: v for k, v in json.loads(storage.read_text(path)).items() if k in known})


def failure_message(results: list[SubflowResult]) -> str:
    """`2 subflows failed: vbooks (InputError: ...); expensor (skipped: ...)`, or "" when none did."""
    bad = [r for r in results if r.state != COMPLETED]
    if not bad:
        return ""
    failed = sum(r.state == FAILED for r in bad)
    details = "; ".join(f"{r.name} {r.state.lower()} ({r.message})" for r in bad)
    return mask(f"{failed} subflow(s) failed, {len(bad) - failed} skipped: {details}")
