"""`vtasks doctor` as a user runs it: one line per check, no secret printed, orphan runs marked Crashed."""

import os
import subprocess
import sys

from prefect.client.orchestration import get_client
from prefect.states import Running


def doctor(*args, cwd, api_url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VTASKS_", "DROPBOX_"))}
    env.update(PREFECT_API_URL=api_url, VTASKS_DATA_DIR=str(cwd / "data"), COLUMNS="200", **extra)
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "doctor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def lines(out: str) -> dict[str, str]:
    return {line.split(":", 1)[0].split(None, 1)[1]: line.split(None, 1)[0] for line in out.splitlines() if ":" in line}


def test_doctor_checks_each_part_and_never_prints_secrets(prefect_api, tmp_path):
    secret = "json://vtasks:T0PSECRET@127.0.0.1:9/"
    empty = doctor(cwd=tmp_path, api_url=prefect_api, VTASKS_NOTIFY_URLS=secret)
    assert empty.returncode == 1 and "T0PSECRET" not in empty.stdout + empty.stderr
    status = lines(empty.stdout)
    assert status["settings"] == "ok" and status["storage"] == "ok" and status["prefect API"] == "ok"
    assert status["vbooks source"] == "FAIL" and "notification URLs: 1 set" in empty.stdout
    assert "dropbox credentials: not set" in empty.stdout

    seeded = subprocess.run(
        [sys.executable, "-m", "flows.cli", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "VTASKS_DATA_DIR": str(tmp_path / "data")},
        timeout=120,
    )
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    healthy = doctor(cwd=tmp_path, api_url=prefect_api, VTASKS_VBOOKS__BOOKS_WORKSHEET="Books")
    assert healthy.returncode == 0, healthy.stdout
    assert lines(healthy.stdout)["vbooks source"] == "ok" and "rows" in healthy.stdout

    broken = doctor(cwd=tmp_path, api_url="http://127.0.0.1:9/api")
    assert broken.returncode == 1 and lines(broken.stdout)["prefect API"] == "FAIL"


def test_fix_orphans_marks_runs_left_running_as_crashed(prefect_api, tmp_path):
    from prefect import flow

    @flow(name="vtasks")
    def killed():
        pass

    with get_client(sync_client=True) as client:
        run = client.create_flow_run(killed, name="vtasks killed")
        client.set_flow_run_state(run.id, Running(), force=True)
    found = doctor(cwd=tmp_path, api_url=prefect_api, VTASKS_ENABLED='["vbooks"]')
    assert "orphan runs: none Running for over 180 min" in found.stdout
    fixed = doctor("--fix-orphans", "--older-than", "0", cwd=tmp_path, api_url=prefect_api)
    assert "orphan runs: marked" in fixed.stdout and "vtasks killed" in fixed.stdout
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(run.id).state.type.value == "CRASHED"


def test_doctor_prints_each_subflows_resolved_paths(prefect_api, tmp_path):
    from tests.emulators.standalone import REPO

    default = lines_with(doctor(cwd=tmp_path, api_url=prefect_api).stdout, "paths")
    data = tmp_path / "data"
    assert (
        f"{data}/battery/export/*.csv" in default["battery paths"]
        and f"{data}/vbooks/books.parquet" in default["vbooks paths"]
    )
    examples = lines_with(
        doctor(cwd=tmp_path, api_url=prefect_api, VTASKS_CONFIG_DIR=str(REPO / "config/examples")).stdout, "paths"
    )
    # Absolute paths map under the data dir on local storage; relative ones stay where they were.
    assert f"{data}/Aplicaciones/pixel/bmw_history.txt" in examples["battery paths"]
    assert (
        f"{data}/Docs/Legal/{{year}}/" in examples["archive paths"]
        and f"{data}/vprefect/vprefect.html" in examples["vprefect paths"]
    )


def lines_with(out: str, word: str) -> dict[str, str]:
    found = {}
    for line in out.splitlines():
        name, _, detail = line.strip().partition(": ")
        if word in name:
            found[name.split(None, 1)[1]] = detail
    return found
