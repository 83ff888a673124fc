"""Two `vtasks run` processes in prod, in one week, on the real Prefect engine: the receiver gets one digest."""

from tests.flows.test_cli import RUN_DATE, vtasks_cli
from tests.tasks.ops.receiver import Receiver


def test_one_digest_a_week_across_two_processes(prefect_api, tmp_path):
    with Receiver() as receiver:
        env = {"VTASKS_ENV": "prod", "VTASKS_NOTIFY_URLS": receiver.url}
        # Only the subflows whose tables the digest reads (hours, monthly spending, books); it follows any selection.
        runs = [
            vtasks_cli(
                "run",
                "--date",
                RUN_DATE,
                "--skip",
                "battery,archive,backup,vprefect",
                cwd=tmp_path,
                api_url=prefect_api,
                extra_env=env,
            )
            for _ in range(2)
        ]
    assert all(r.returncode == 0 for r in runs), [r.stdout[-2000:] + r.stderr[-2000:] for r in runs]
    digests = [m for m in receiver.messages if m["title"].startswith("vtasks weekly digest")]
    assert len(digests) == 1, receiver.messages
    body = digests[0]["message"]
    assert (
        body.startswith("Hours last week: ")
        and "Spent this month so far: " in body
        and "Books finished last week: " in body
    )
    assert "12-month average" in body and receiver.token not in body
    assert (tmp_path / "data/_state/digest.json").is_file()
