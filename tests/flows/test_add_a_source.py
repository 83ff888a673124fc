"""CONTRIBUTING.md's "Add a source" walk-through, followed: its files written into a temporary package,
registered by `VTASKS_EXTRA_SUBFLOWS`, run by the real `vtasks run` against the test Prefect API."""

import os
import re
import subprocess
import sys

import pandas as pd

from tests.emulators.standalone import REPO
from tests.flows.test_cli import RUN_DATE, summary_rows, vtasks_cli

# A fenced block ```python file=<path> ... ``` is one file of the walk-through.
BLOCK = re.compile(r"^```python file=(?P<path>\S+)\n(?P<code>.*?)^```$", re.DOTALL | re.MULTILINE)


def walkthrough_files() -> dict[str, str]:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Add a source") :]
    return {m["path"]: m["code"] for m in BLOCK.finditer(section)}


def test_a_source_added_as_the_walkthrough_says_runs_through_vtasks_run(prefect_api, tmp_path):
    files = walkthrough_files()
    assert {"toy_source/flow.py", "toy_source/settings.py", "toy_source/steps.py"} <= set(files), files
    plugins = tmp_path / "plugins"
    for path, code in files.items():
        (plugins / path).parent.mkdir(parents=True, exist_ok=True)
        (plugins / path).write_text(code, encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(plugins), str(REPO)]), "VTASKS_EXTRA_SUBFLOWS": "toy_source.flow"}

    listed = subprocess.run(
        [sys.executable, "-m", "flows.cli", "list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env, "COLUMNS": "200"},
        timeout=120,
    )
    assert listed.returncode == 0 and "toy " in listed.stdout and "pedometer" in listed.stdout, (
        listed.stdout + listed.stderr
    )

    first = vtasks_cli("run", "--date", RUN_DATE, "--only", "toy", cwd=tmp_path, api_url=prefect_api, extra_env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    data = tmp_path / "data"
    assert "wrote demo inputs" in first.stdout + first.stderr and (data / "toy/export/steps.csv").exists()
    table = pd.read_parquet(data / "toy/steps.parquet")
    assert len(table) == 60 and table["steps"].between(2000, 15000).all()
    assert "<html" in (data / "toy/toy.html").read_text()[:200].lower()
    rows = summary_rows(first.stdout)
    # subflow, state, seconds, rows, uploaded, unchanged, reports rebuilt
    assert rows["toy"][1] == "Completed" and rows["toy"][3] == "60" and rows["toy"][6] == "toy/toy.html", first.stdout
    assert "toy.html" in (data / "index.html").read_text()

    # Its contract's inputs: the same export the next run is not run again.
    again = summary_rows(
        vtasks_cli("run", "--date", RUN_DATE, "--only", "toy", cwd=tmp_path, api_url=prefect_api, extra_env=env).stdout
    )
    assert again["toy"][1] == "Up to date", again
