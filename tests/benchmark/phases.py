"""One measured phase: a pipeline subprocess's wall time and peak RSS, and the emulators' counters around it."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmark.rss import RssSampler
from tests.benchmark.servers import http_json


@dataclass
class Phase:
    """What one phase cost; `api_calls` are per emulator and route, `uploads` committed files."""

    wall_s: float
    peak_rss_mb: float
    api_calls: dict[str, int]
    uploads: int
    reports_built: int
    exit_code: int
    output_uploads: int = 0  # of subflow outputs, from the run summary; `uploads` adds run records and index
    subflows: list[dict] = field(default_factory=list)


def run_measured(cmd: list[str], env: dict, log_path: Path, cwd: Path) -> tuple[float, float, int, RssSampler]:
    """Run `cmd`; return wall seconds, its peak RSS in MB (from the kernel's rusage), exit code, RSS samples."""
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = RssSampler(process.pid).start()
        # wait4 gives this child's own maximum resident set: exact, whatever the sampling missed.
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode, sampler


def counters(urls: dict[str, str]) -> dict[str, dict]:
    """Each emulator's counters; the small JSON-replay ones (prices) keep none and are left out."""
    found = {}
    for name, url in urls.items():
        try:
            found[name] = http_json(f"{url}/__emulator__/counters")
        except (OSError, ValueError):
            continue
    return found


def calls_between(before: dict, after: dict) -> tuple[dict[str, int], int]:
    """API calls per `emulator:route`, and uploads committed, between two counter snapshots."""
    calls: Counter[str] = Counter()
    uploads = 0
    for name, end in after.items():
        start = before.get(name, {})
        for route, count in end.get("routes", {}).items():
            delta = count - start.get("routes", {}).get(route, 0)
            if delta:
                calls[f"{name}:{route}"] = delta
        uploads += end.get("uploads", 0) - start.get("uploads", 0)
    return dict(sorted(calls.items())), uploads


def measure(cmd: list[str], env: dict, urls: dict[str, str], out: Path, label: str, cwd: Path) -> Phase:
    """Run one phase and read its run summary (written by the command to `<label>.summary.json`)."""
    summary_path = out / f"{label}.summary.json"
    summary_path.unlink(missing_ok=True)
    before = counters(urls)
    wall, rss, code, sampler = run_measured([*cmd, "--summary-json", str(summary_path)], env, out / f"{label}.log", cwd)
    calls, uploads = calls_between(before, counters(urls))
    # The memory curve, to line up with the timestamps in `<label>.log` when a peak needs explaining.
    (out / f"{label}.rss.tsv").write_text("".join(f"{t:.2f}\t{mb:.1f}\n" for t, mb in sampler.samples))
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {"results": []}
    results = summary.get("results", [])
    # `rebuilt` is what a run rendered; `reports` lists every page the index links, rebuilt or not.
    for r in results:
        r["reports"] = r.get("rebuilt", r.get("reports")) or []
    subflows = [
        {
            **{k: r.get(k) for k in ("name", "state", "duration_s", "rows", "uploads", "skips", "reports", "message")},
            "peak_rss_mb": sampler.peak_between(r.get("started", ""), r.get("duration_s") or 0),
        }
        for r in results
    ]
    return Phase(
        round(wall, 2),
        round(rss, 1),
        calls,
        uploads,
        sum(len(r.get("reports") or []) for r in results),
        code,
        sum(int(r.get("uploads") or 0) for r in results),
        subflows,
    )
