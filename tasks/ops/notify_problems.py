"""Failure notifications once per problem: when a subflow starts failing (or fails for a new reason), and
once when it recovers. What was announced is kept in storage, so hourly processes agree.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from prefect.context import FlowRunContext
from prefect.logging import get_logger

from config.masking import mask
from config.notify import NotifySettings
from config.settings import load_settings
from tasks.clients import build_storage
from tasks.ops.notify import failure_body, send
from tasks.run.state import COMPLETED, FAILED, SubflowResult, failure_message
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


def notify_problems(
    storage: Storage, urls: list[str], results: list[SubflowResult], run_name: str, since: str
) -> list[str]:
    """Send what changed since the last announcement; return the titles sent. Storage is written only
    when something was announced; a message that could not be sent is tried again by the next run."""
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
        body = "\n".join(
            f"{name} recovered (failing since {known[name].get('since', '?')})" for name in changes.recovered
        )
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


def notify_run_problems(storage: Storage, results, since: str) -> None:
    """Subflows that started failing (or fail for a new reason) or recovered, announced once; never raises."""

    context = FlowRunContext.get()
    run_id, run_name = (str(context.flow_run.id), context.flow_run.name) if context else ("", "vtasks")
    urls = NotifySettings().urls()
    try:
        sent = notify_problems(storage, urls, results, run_name, since)
    except Exception as exc:  # noqa: BLE001 - a notification is never worth failing the run for
        get_logger("vtasks.notify").warning("Failure notification not sent: %s", type(exc).__name__)
        return
    HANDLED_RUNS[run_id] = failure_message(results)  # the root's Failed state: already announced
    if sent:
        get_logger("vtasks.notify").info("Sent: %s (%d target(s))", "; ".join(sent), len(urls))


def notify_failed_run(flow, flow_run, state) -> None:
    """Prefect `on_failure`/`on_crashed` hook of the root flow: the root's own failure, once per problem.

    Subflows' failures were announced by the run itself (`notify_run_problems`)."""

    if str(flow_run.id) in HANDLED_RUNS and mask(HANDLED_RUNS[str(flow_run.id)]) == mask(state.message or ""):
        return
    urls = NotifySettings().urls()
    if not urls:
        return
    title, body = failure_body(state.message, flow_run.name)
    storage, known, rev = _root_storage(), {}, None
    try:
        known, rev = read_problems(storage) if storage else ({}, None)
    except Exception:  # noqa: BLE001 - storage may be the very thing failing: announce regardless
        storage = None
    if known.get(ROOT, {}).get("reason") == reason_key(body):
        return  # announced by an earlier run
    sent = send(urls, title, body)
    if sent and storage is not None:
        known[ROOT] = {
            "reason": reason_key(body),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "message": mask(body)[:300],
        }
        try:
            write_problems(storage, known, rev)
        except Exception:  # noqa: BLE001 - the next failing run announces again, no worse than before
            pass
    get_logger("vtasks.notify").info(
        "Failure notification %s (%d target(s))", "sent" if sent else "NOT sent", len(urls)
    )


def _root_storage() -> Storage | None:
    try:
        return build_storage(load_settings())
    except Exception:  # noqa: BLE001
        return None
