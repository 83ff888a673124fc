"""Notifications through apprise: reminders at most once a day (failures once per problem:
tasks/ops/notify_problems.py).

Reminders are a subflow's `reminders` list (plain strings); they are sent only in `prod`, and which
were sent on which day is kept in storage so separate processes (hourly dynos) agree.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, timedelta

from prefect.logging import get_logger

from config.masking import mask
from config.notify import NotifySettings
from tasks.storage.base import ConflictError, Storage

PATH_NOTIFICATIONS = "_state/notifications.json"
KEEP_DAYS = 7  # sent-reminder records older than this are dropped so the file stays small


def send(urls: list[str], title: str, body: str) -> bool:
    """Send to every URL; True when all accepted. apprise is kept quiet: its messages may name a URL."""
    import apprise  # deferred: it loads every notification plugin, worth it only when sending

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
            storage.write_text(
                PATH_NOTIFICATIONS, json.dumps({"reminders": kept}, indent=2, sort_keys=True), expected_rev=rev
            )
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


def notify_reminders(storage: Storage, env: str, results, today: date) -> list[str]:
    """Subflows' reminders, in prod only, at most once a day each; never raises into the run."""
    if env != "prod":
        return []
    reminders = {r.name: r.reminders for r in results if r.reminders}
    try:
        return send_reminders(storage, NotifySettings().urls(), reminders, today) if reminders else []
    except Exception as exc:  # noqa: BLE001 - a reminder is never worth failing the run for
        get_logger("vtasks.notify").warning("Reminders not sent: %s", type(exc).__name__)
        return []
