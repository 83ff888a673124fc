"""A Heroku build and Scheduler run, as the buildpack and a one-off dyno do them, at the benchmark household.

The build is `pip install -r requirements.txt` in a fresh virtual environment from the files `git push`
sends; the run is the Procfile's process (under honcho) with the README's config vars, against the Dropbox
and Sheets emulators and a local Prefect API. Its process tree must stay under an Eco dyno's 512 MB.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from flows.registry import SUBFLOWS
from tests.deploy.tree_rss import TreeRssSampler

REPO = Path(__file__).resolve().parents[2]
DYNO_MB = 512
# Test-only settings on top of the README's config vars: where the emulators are, and the demo profile
# for the sources that have no emulator (calendar feeds, Indexa), whose answers the household seeds.
OWN_PREFIXES = ("VTASKS_", "DROPBOX_", "PREFECT_", "GCAL_", "KRAKEN_", "GOOGLE_", "INDEXA_", "PYTHONPATH")


def heroku_section() -> str:
    readme = (REPO / "README.md").read_text()
    return readme[readme.index("### Heroku Scheduler") : readme.index("### Prefect deployments")]


def readme_config_vars() -> list[str]:
    lines = [line for line in heroku_section().splitlines() if line.startswith("heroku config:set ")]
    return [name for line in lines for name in re.findall(r"\b([A-Z][A-Z0-9_]+)=", line)]


def pushed_files(app: Path) -> None:
    """What `git push heroku main` sends: the tracked files (and new ones not ignored), as on disk now."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (app / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, app / name)


def build(app: Path, venv: Path) -> None:
    """The buildpack's install: a Python of `.python-version`, then `pip install -r requirements.txt`."""
    wanted = (app / ".python-version").read_text().strip()
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == wanted, f"the buildpack would use Python {wanted}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [
            str(venv / "bin/pip"),
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--exists-action=w",
            "--progress-bar",
            "off",
            "-r",
            "requirements.txt",
        ],
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def flow_runs(api_url: str, since: str) -> dict[str, str]:
    names = ["vtasks", *(f"vtasks.{name}" for name in SUBFLOWS)]
    body = {"flows": {"name": {"any_": names}}, "flow_runs": {"start_time": {"after_": since}}, "limit": 100}
    runs = httpx.post(f"{api_url}/flow_runs/filter", json=body, timeout=30).json()
    flows = {f["id"]: f["name"] for f in httpx.post(f"{api_url}/flows/filter", json={"limit": 100}, timeout=30).json()}
    return {flows[r["flow_id"]]: r["state_type"] for r in runs}


def test_readme_steps_are_the_procfile_and_buildpack():
    procfile = dict(line.split(":", 1) for line in (REPO / "Procfile").read_text().splitlines() if ":" in line)
    section = heroku_section()
    assert f"the job `{procfile['pipeline'].strip()}` every hour" in section
    assert "heroku buildpacks:set heroku/python" in section and "git push heroku main" in section
    assert (REPO / ".python-version").read_text().strip() == "3.11"
    assert {"VTASKS_ENV", "PREFECT_API_URL", "DROPBOX_REFRESH_TOKEN", "GOOGLE_SERVICE_ACCOUNT_JSON"} <= set(
        readme_config_vars()
    )


@pytest.mark.slow
@pytest.mark.timeout(1500)
def test_buildpack_install_runs_the_procfile_process_within_an_eco_dyno(prefect_api, tmp_path):
    from tests.benchmark.servers import emulators
    from tests.tasks.sheets.test_gspread_faults import service_account_json

    app, venv = tmp_path / "app", tmp_path / "venv"
    pushed_files(app)
    build(app, venv)
    # The installed vtasks, not this checkout, must be what runs.
    where = subprocess.run(
        [str(venv / "bin/python"), "-c", "import flows.cli, config; print(flows.cli.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"]},
    )
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr

    config_vars = {
        "VTASKS_ENV": "prod",
        "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "false",
        "PREFECT_API_URL": prefect_api,
        "PREFECT_API_KEY": "unused-by-a-local-server",
        "DROPBOX_REFRESH_TOKEN": "emulated-refresh-token",
        "DROPBOX_APP_KEY": "emulated-app",
        "DROPBOX_APP_SECRET": "emulated-secret",
        "VTASKS_DROPBOX_ROOT": "/vtasks",
        "GOOGLE_SERVICE_ACCOUNT_JSON": service_account_json(),
    }
    assert set(readme_config_vars()) == set(config_vars), "the README's config vars are the ones tested"
    base = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    with emulators(0) as (urls, emulator_env):
        env = {
            **base,
            **config_vars,
            **emulator_env,
            "VTASKS_PROFILE": "demo",
            "PREFECT_HOME": str(tmp_path / "home"),
            "PATH": f"{venv / 'bin'}{os.pathsep}{base['PATH']}",
            "COLUMNS": "200",
        }
        today = date.today().isoformat()
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.benchmark.household", "--scale", "1", "--end", today],
            cwd=REPO,
            env={**env, "PATH": base["PATH"]},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert seeded.returncode == 0, seeded.stdout[-2000:] + seeded.stderr[-2000:]

        since = datetime.now(UTC).isoformat()
        honcho = shutil.which("honcho", path=str(Path(sys.executable).parent)) or "honcho"
        process = subprocess.Popen(
            [honcho, "-f", str(app / "Procfile"), "-d", str(app), "start", "pipeline"],
            cwd=app,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        with TreeRssSampler(process.pid) as memory:
            output, _ = process.communicate(timeout=900)
        time.sleep(0.5)
    assert process.returncode == 0, output[-4000:]
    assert "Run completed." in output and "temporary" not in output, output[-4000:]
    runs = flow_runs(prefect_api, since)
    assert runs == {name: "COMPLETED" for name in ["vtasks", *(f"vtasks.{n}" for n in SUBFLOWS)]}, runs
    print(f"Procfile process tree peak: {memory.peak_mb:.0f} MB over {memory.peak_pids} processes")  # shown with -s
    assert 50 < memory.peak_mb < DYNO_MB, f"peak {memory.peak_mb:.0f} MB over {memory.peak_pids} processes"
