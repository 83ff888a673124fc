"""Failure notifications once per problem: when a subflow starts failing (or fails for a new reason), and
once when it recovers. What was announced is kept in storage, so hourly processes agree.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from tasks.ops.masking import mask
from tasks.run_state import COMPLETED, FAILED, SubflowResult, failure_message
from tasks.storage.base import ConflictError, Storage

PATH_NOTIFY_STATE = "_state/notify.json"
ROOT = "vtasks"  # the root run's own failure (storage unreachable, a crash), apart from its subflows'
# Root runs whose subflows' failures were announced here; their Failed state needs no second message.
HANDLED_RUNS: dict[str, str] = {}  # root flow run id -> its failure message


def reason_key(message: str) -> str:
    """The same problem an hour later has the same key: numbers (rows, dates, counts, ports) are ignored."""
    return hashlib.sha256(re.sub(r"\d+", "#", mask(message or "")).encode()).hexdigest()[:16]


@dataclass
class Changes:
    """What this run has to announce, and the problems to remember afterwards."""

    failed: list[SubflowResult]  # started failing, or failing for a new reason
    recovered: list[str]
    problems: dict[str, dict]


def problem_changes(known: dict[str, dict], results: list[SubflowResult], since: str) -> Changes:
    """Compare this run's failures with the announced ones. Subflows not run (or skipped) keep theirs."""
    problems = dict(known)
    failed, recovered = [], []
    for r in results:
        if r.state == FAILED:
            key = reason_key(r.message)
            if known.get(r.name, {}).get("reason") != key:
                failed.append(r)
                problems[r.name] = {"reason": key, "since": since, "message": mask(r.message)[:300]}
        elif r.state == COMPLETED and r.name in known:
            recovered.append(r.name)
            del problems[r.name]
    if ROOT in known and results:  # the root got as far as running subflows: its own problem is over
        recovered.append(ROOT)
        problems.pop(ROOT, None)
    return Changes(failed, recovered, problems)


def read_problems(storage: Storage) -> tuple[dict[str, dict], str | None]:
    if not storage.exists(PATH_NOTIFY_STATE):
        return {}, None
    data, rev = storage.read_with_rev(PATH_NOTIFY_STATE)
    return json.loads(data).get("failing", {}), rev


def write_problems(storage: Storage, problems: dict[str, dict], rev: str | None) -> None:
    storage.write_text(PATH_NOTIFY_STATE, json.dumps({"failing": problems}, indent=2, sort_keys=True), expected_rev=rev)


def notify_problems(storage: Storage, urls: list[str], results: list[SubflowResult], run_name: str, since: str) -> list[str]:
    """Send what changed since the last announcement; return the titles sent. Storage is written only
    when something was announced; a message that could not be sent is tried again by the next run."""
    from tasks.ops.notify import send

    if not urls:
        return []
    known, rev = read_problems(storage)
    changes = problem_changes(known, results, since)
    sent, problems = [], dict(known)
    if changes.failed:
        title, body = f"vtasks failed: {run_name}", failure_message(changes.failed)
        still = sorted(set(changes.problems) - {r.name for r in changes.failed})
        if still:
            body += f"\nstill failing: {', '.join(still)}"
        if send(urls, title, body):
            sent.append(title)
            problems.update({r.name: changes.problems[r.name] for r in changes.failed})
    if changes.recovered:
        title = f"vtasks recovered: {run_name}"
        body = "\n".join(f"{name} recovered (failing since {known[name].get('since', '?')})" for name in changes.recovered)
        if send(urls, title, body):
            sent.append(title)
            for name in changes.recovered:
                problems.pop(name, None)
    if problems != known:
        try:
            write_problems(storage, problems, rev)
        except ConflictError:  # another process announced meanwhile; the next run compares again
            pass
    return sent
