"""A tiny benchmark run end to end: every phase measured, results written, a no-change run uploads no outputs."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.benchmark.postgres import postgres_bin
from tests.emulators.standalone import REPO

KEYS = {"wall_s", "peak_rss_mb", "api_calls", "uploads", "reports_built"}
# Subflows whose input is the pipeline's own run history: the run before always changed it.
SELF_OBSERVING = {"vprefect"}


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_benchmark_smoke(tmp_path):
    out = tmp_path / "bench"
    clusters_before = set(Path(tempfile.gettempdir()).glob("vtasks-bench-pg-*"))
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmark", "--scale", "0.02", "--latency-ms", "0", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    bench = json.loads((out / "bench.json").read_text())
    # The server runs on PostgreSQL wherever it is installed (CI installs it), and leaves no cluster behind.
    assert bench["meta"]["prefect_db"] == ("sqlite" if postgres_bin() is None else "postgresql")
    assert set(Path(tempfile.gettempdir()).glob("vtasks-bench-pg-*")) == clusters_before
    for phase in ("full", "nochange", "naive", "scale10"):
        assert KEYS <= set(bench[phase]), phase
        # 1 is a run with a failed subflow (reported in bench.md); anything else is a crash.
        assert bench[phase]["exit_code"] in (0, 1), (phase, (out / f"{phase}.log").read_text()[-3000:])
        assert bench[phase]["wall_s"] > 0 and bench[phase]["peak_rss_mb"] > 10
    full, nochange, naive = bench["full"], bench["nochange"], bench["naive"]
    assert full["reports_built"] >= 1 and full["output_uploads"] >= 1 and sum(full["api_calls"].values()) > 0
    # Nothing unchanged is uploaded again; reports re-rendered to identical bytes show in bench.md.
    for subflow in nochange["subflows"]:
        if subflow["name"] not in SELF_OBSERVING:
            assert subflow["uploads"] == 0, subflow
    assert naive["output_uploads"] >= 1 and naive["reports_built"] >= 1
    assert "| full / naive |" in (out / "bench.md").read_text()
