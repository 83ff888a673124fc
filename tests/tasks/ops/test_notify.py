"""Reminder bookkeeping in storage and sending through apprise to a local receiver."""

import json
from datetime import date

from tasks.ops.notify import PATH_NOTIFICATIONS, claim_reminders, due_reminders, reminder_id, send, send_reminders
from tasks.storage.local import LocalStorage
from tests.tasks.ops.receiver import Receiver


def test_due_reminders_skip_those_sent_today():
    sent = {reminder_id("charge"): "2026-11-22", reminder_id("old"): "2026-11-21"}
    assert due_reminders(sent, ["charge", "old", "new", "new"], date(2026, 11, 22)) == ["old", "new"]


def test_claim_marks_reminders_and_forgets_old_days(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.write_text(PATH_NOTIFICATIONS, json.dumps({"reminders": {"stale": "2026-01-01"}}))
    assert claim_reminders(storage, ["charge"], date(2026, 11, 22)) == ["charge"]
    assert claim_reminders(storage, ["charge"], date(2026, 11, 22)) == []
    assert claim_reminders(storage, ["charge"], date(2026, 11, 23)) == ["charge"]
    assert json.loads(storage.read_text(PATH_NOTIFICATIONS))["reminders"] == {reminder_id("charge"): "2026-11-23"}


def test_send_reaches_receiver_and_reports_bad_urls(tmp_path):
    with Receiver() as receiver:
        assert send([receiver.url], "title", "body")
        assert not send([receiver.url, "nonsense://nowhere"], "t", "b")
        assert not send([], "t", "b")
        sent = send_reminders(
            LocalStorage(tmp_path), [receiver.url], {"battery": ["charge the phone"]}, date(2026, 11, 22)
        )
    assert sent == ["battery: charge the phone"]
    assert [(m["title"], m["message"]) for m in receiver.messages] == [
        ("title", "body"),
        ("t", "b"),
        ("vtasks reminders 2026-11-22", "battery: charge the phone"),
    ]
