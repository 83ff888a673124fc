"""Notifications end to end: a failed root run sends one message; a reminder goes out once a day across processes."""

import logging
import os
import subprocess
import sys

from flows.vtasks import vtasks
from tests.tasks.ops.receiver import Receiver

REMIND = """
import sys
from datetime import date
from tasks.ops.notify import notify_reminders
from tasks.run.state import SubflowResult
from tasks.storage.local import LocalStorage
result = SubflowResult("battery", "Completed", reminders=["the battery log is 9 days old"])
sent = notify_reminders(LocalStorage(sys.argv[1]), sys.argv[2], [result], date(2026, 11, 22))
print("sent", len(sent))
"""


def test_failed_run_sends_exactly_one_message_without_leaking_the_url(prefect_api, vtasks_env, monkeypatch, caplog):
    own = vtasks_env / "config"
    own.mkdir()
    (own / "vbooks.yaml").write_text("spreadsheet: books_data\n")
    monkeypatch.setenv("VTASKS_CONFIG_DIR", str(own))
    caplog.set_level(logging.DEBUG)
    with Receiver() as receiver:
        monkeypatch.setenv("VTASKS_NOTIFY_URLS", f"{receiver.url}, ")
        state = vtasks(run_date="2026-11-22", only=["vbooks"], return_state=True)
    assert state.is_failed()
    [message] = receiver.messages
    assert message["title"] == "vtasks failed: vtasks 2026-11-22 dev"
    assert "vbooks failed (ConfigError: subflow 'vbooks'" in message["message"]
    assert receiver.token not in caplog.text
    assert not any(
        receiver.token in p.read_text(errors="ignore") for p in (vtasks_env / "data").rglob("*") if p.is_file()
    )


def test_completed_run_sends_nothing(prefect_api, vtasks_env, monkeypatch):
    with Receiver() as receiver:
        monkeypatch.setenv("VTASKS_NOTIFY_URLS", receiver.url)
        assert vtasks(run_date="2026-11-22", only=["vbooks"], return_state=True).is_completed()
    assert receiver.messages == []


def test_reminder_sent_once_a_day_across_processes_and_only_in_prod(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_"))}

    def remind(run_env):
        done = subprocess.run(
            [sys.executable, "-c", REMIND, str(tmp_path / "data"), run_env],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()[-1]

    with Receiver() as receiver:
        env["VTASKS_NOTIFY_URLS"] = receiver.url
        assert [remind("dev"), remind("prod"), remind("prod")] == ["0", "1", "0"]
    assert [m["message"] for m in receiver.messages] == ["battery: the battery log is 9 days old"]
