"""Notifications through apprise: failures once per problem (tasks/ops/notify_problems.py), reminders at
most once a day.

Reminders are a subflow's `reminders` list (plain strings); they are sent only in `prod`, and which
were sent on which day is kept in storage so separate processes (hourly dynos) agree.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, timedelta

from tasks.ops.masking import mask
from tasks.storage.base import ConflictError, Storage

PATH_NOTIFICATIONS = "_state/notifications.json"
KEEP_DAYS = 7  # sent-reminder records older than this are dropped so the file stays small


def send(urls: list[str], title: str, body: str) -> bool:
    """Send to every URL; True when all accepted. apprise is kept quiet: its messages may name a URL."""
    import apprise

    if not urls:
        return False
    title, body = mask(title), mask(body)  # a failure's message may quote an API's answer
    notifier = apprise.Apprise()
    for url in urls:
        notifier.add(url)
    quiet = logging.getLogger("apprise")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        # Send to the URLs apprise understood even when one is malformed; report that as not sent.
        return bool(len(notifier) and notifier.notify(body=body, title=title)) and len(notifier) == len(urls)
    finally:
        quiet.setLevel(level)


def failure_body(message: str | None, run_name: str) -> tuple[str, str]:
    """Title and body of the one message sent when a root run fails."""
    return f"vtasks failed: {run_name}", message or "the run failed without a message"


def reminder_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def due_reminders(sent: dict[str, str], reminders: list[str], today: date) -> list[str]:
    """Reminders not yet sent today (`sent`, as stored: reminder id to the day it was last sent, YYYY-MM-DD)."""
    return [r for r in dict.fromkeys(reminders) if sent.get(reminder_id(r)) != today.isoformat()]


def claim_reminders(storage: Storage, reminders: list[str], today: date, attempts: int = 5) -> list[str]:
    """Mark today's due reminders as sent before sending, with a conditional write, and return them.

    Another process that claimed them first makes our write conflict; we re-read and see them sent.
    """
    for _ in range(attempts):
        if storage.exists(PATH_NOTIFICATIONS):
            data, rev = storage.read_with_rev(PATH_NOTIFICATIONS)
            sent = json.loads(data).get("reminders", {})
        else:
            sent, rev = {}, None
        due = due_reminders(sent, reminders, today)
        if not due:
            return []
        cutoff = (today - timedelta(days=KEEP_DAYS)).isoformat()  # stored days are ISO: they sort as text
        kept = {k: day for k, day in sent.items() if day >= cutoff}
        kept.update({reminder_id(r): today.isoformat() for r in due})
        try:
            storage.write_text(PATH_NOTIFICATIONS, json.dumps({"reminders": kept}, indent=2, sort_keys=True),
                               expected_rev=rev)  # fmt: skip
        except ConflictError:
            continue
        return due
    return []


def send_reminders(storage: Storage, urls: list[str], reminders: dict[str, list[str]], today: date) -> list[str]:
    """Send each subflow's due reminders in one message; return those sent."""
    flat = [f"{name}: {text}" for name, texts in reminders.items() for text in texts]
    due = claim_reminders(storage, flat, today) if urls and flat else []
    if due:
        send(urls, f"vtasks reminders {today}", "\n".join(due))
    return due


def notify_run_problems(storage: Storage, results, since: str) -> None:
    """Subflows that started failing (or fail for a new reason) or recovered, announced once; never raises."""
    from prefect.context import FlowRunContext
    from prefect.logging import get_logger

    from config.notify import NotifySettings
    from tasks.ops.notify_problems import HANDLED_RUNS, notify_problems
    from tasks.run_state import failure_message

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
    from prefect.logging import get_logger

    from config.notify import NotifySettings
    from tasks.ops.notify_problems import HANDLED_RUNS, ROOT, read_problems, reason_key, write_problems

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
        from datetime import datetime, timezone

        known[ROOT] = {"reason": reason_key(body), "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                       "message": mask(body)[:300]}  # fmt: skip
        try:
            write_problems(storage, known, rev)
        except Exception:  # noqa: BLE001 - the next failing run announces again, no worse than before
            pass
    get_logger("vtasks.notify").info("Failure notification %s (%d target(s))", "sent" if sent else "NOT sent", len(urls))


def _root_storage() -> Storage | None:
    try:
        from config.settings import load_settings
        from flows.clients import build_storage

        return build_storage(load_settings())
    except Exception:  # noqa: BLE001
        return None


def notify_reminders(storage: Storage, env: str, results, today: date) -> list[str]:
    """Subflows' reminders, in prod only, at most once a day each; never raises into the run."""
    from config.notify import NotifySettings

    if env != "prod":
        return []
    reminders = {r.name: r.reminders for r in results if r.reminders}
    try:
        return send_reminders(storage, NotifySettings().urls(), reminders, today) if reminders else []
    except Exception as exc:  # noqa: BLE001 - a reminder is never worth failing the run for
        from prefect.logging import get_logger

        get_logger("vtasks.notify").warning("Reminders not sent: %s", type(exc).__name__)
        return []
