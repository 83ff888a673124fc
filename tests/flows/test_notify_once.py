"""Failure notifications once per problem, across separate `vtasks run` processes, to a local receiver."""

import json

import pytest

from tests.flows.test_cli import RUN_DATE, vtasks_cli
from tests.tasks.ops.receiver import Receiver

MISSING_PATHS = "spreadsheet: books_data\n"  # vbooks without its `paths`: a ConfigError
BAD_WORKSHEET = "spreadsheet: books_data\nbooks_worksheet: 42\n"  # the same subflow, another reason


@pytest.mark.slow  # seven `vtasks run` processes in a row
def test_a_failure_is_announced_once_and_its_recovery_once(prefect_api, tmp_path):
    own = tmp_path / "config"
    own.mkdir()
    with Receiver() as receiver:
        env = {"VTASKS_NOTIFY_URLS": receiver.url, "VTASKS_CONFIG_DIR": str(own)}

        def run(vbooks_yaml: str | None, date: str = RUN_DATE) -> int:
            if vbooks_yaml is None:
                (own / "vbooks.yaml").unlink(missing_ok=True)  # the packaged settings again
            else:
                (own / "vbooks.yaml").write_text(vbooks_yaml)
            done = vtasks_cli(
                "run", "--only", "vbooks", "--date", date, cwd=tmp_path, api_url=prefect_api, extra_env=env
            )
            assert receiver.token not in done.stdout + done.stderr
            return done.returncode

        def titles() -> list[str]:
            return [m["title"].split(":")[0] for m in receiver.messages]

        assert run(MISSING_PATHS) == 1
        assert titles() == ["vtasks failed"]
        assert "vbooks failed (ConfigError: subflow 'vbooks'" in receiver.messages[0]["message"]
        state = json.loads((tmp_path / "data/_state/notify.json").read_text())
        assert list(state["failing"]) == ["vbooks"]

        # The same failure an hour later (and the next day: dates and counts in a message do not count).
        assert run(MISSING_PATHS) == 1 and run(MISSING_PATHS, "2026-11-23") == 1
        assert titles() == ["vtasks failed"], "the same problem must not be announced again"

        assert run(BAD_WORKSHEET) == 1
        assert titles() == ["vtasks failed", "vtasks failed"], "a new reason is a new problem"
        assert "books_worksheet" in receiver.messages[-1]["message"]

        assert run(None) == 0
        assert titles() == ["vtasks failed", "vtasks failed", "vtasks recovered"]
        assert receiver.messages[-1]["message"].startswith("vbooks recovered (failing since ")
        assert json.loads((tmp_path / "data/_state/notify.json").read_text()) == {"failing": {}}

        assert run(None) == 0
        assert len(receiver.messages) == 3, "a recovery is announced once"
