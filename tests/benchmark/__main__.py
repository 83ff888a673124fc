"""`python -m tests.benchmark [--scale N] [--latency-ms MS] [--out DIR]`: measure `vtasks run` end to end.

Starts the emulators and a local Prefect server (on a throwaway PostgreSQL when installed), seeds the
benchmark household into the emulated Dropbox, then measures `full`, `nochange`, `naive` and `scale10` (and,
when named in --phases, `dask` and `pool`: full runs on two Dask workers, on two work-pool workers) and
writes DIR/bench.json and bench.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from tests.benchmark.phases import Phase, measure
from tests.benchmark.postgres import server_database
from tests.benchmark.report import DEFAULT_PHASES, PHASES, write_results
from tests.benchmark.scaleout import SCALE_OUT_PHASES, scale_out
from tests.benchmark.servers import emulators, http_json, prefect_server
from tests.emulators.standalone import REPO

# Any bearer token satisfies the emulator; it is not a credential.
EMULATOR_TOKEN = "benchmark-token"


# Anything that still tries to reach the internet goes to a closed local port and fails at once.
NO_EGRESS = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1,localhost"}
OWN_PREFIXES = (
    "VTASKS_",
    "DROPBOX_",
    "PREFECT_",
    "GCAL_",
    "KRAKEN_",
    "GOOGLE_",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
)


def pipeline_env(emulator_env: dict[str, str], api_url: str, home: Path, work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    env.update(
        {**NO_EGRESS, **emulator_env},
        PYTHONPATH=str(REPO),
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(home),
        VTASKS_DROPBOX_ROOT="/vtasks",
        DROPBOX_ACCESS_TOKEN=EMULATOR_TOKEN,
        # Sources without an emulator yet (calendar feeds, Indexa) read their seeded demo answers
        # from the emulated Dropbox instead of asking for real URLs and keys.
        VTASKS_PROFILE="demo",
        COLUMNS="200",
        VTASKS_WORKDIR=str(work),
    )
    return env


def seed(env: dict, scale: float, run_date: str, out: Path, label: str) -> None:
    cmd = [sys.executable, "-m", "tests.benchmark.household", "--scale", f"{scale:g}", "--end", run_date]
    with open(out / f"{label}.seed.log", "wb") as log:
        subprocess.run(cmd, cwd=env["VTASKS_WORKDIR"], env=env, stdout=log, stderr=subprocess.STDOUT, check=True)


def reset(urls: dict[str, str]) -> None:
    """Empty every emulator (files, counters) before seeding the next household."""
    for name in ("dropbox", "sheets"):
        if name in urls:
            http_json(f"{urls[name]}/__emulator__/reset", {})


def run_benchmark(
    scale: float,
    latency_ms: float,
    out: Path,
    phases: list[str],
    run_date: str,
    extra_env: dict[str, str] | None = None,
    prefect_db: str = "auto",
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Phase] = {}
    with tempfile.TemporaryDirectory(prefix="vtasks-bench-") as tmp:
        home, work = Path(tmp) / "prefect", Path(tmp) / "work"
        home.mkdir()
        work.mkdir()
        with (
            emulators(latency_ms) as (urls, emulator_env),
            server_database(prefect_db, out) as (database, db_url),
            prefect_server(home, out / "prefect-server.log", db_url) as api_url,
        ):
            env = {**pipeline_env(emulator_env, api_url, home, work), **(extra_env or {})}
            run_cmd = [sys.executable, "-m", "flows.cli", "run", "--date", run_date]
            naive_cmd = [sys.executable, "-m", "tests.benchmark.naive", "--date", run_date]
            seed(env, scale, run_date, out, "household")
            for name in [p for p in PHASES if p in phases]:
                if name == "scale10":
                    reset(urls)
                    seed(env, scale * 10, run_date, out, "scale10")
                if name in SCALE_OUT_PHASES:  # a full run elsewhere: the household as it was before `full`
                    reset(urls)
                    seed(env, scale, run_date, out, name)
                    with scale_out(name, env, out, work) as (more_env, more_args):
                        results[name] = measure([*run_cmd, *more_args], {**env, **more_env}, urls, out, name, cwd=work)
                else:
                    cmd = naive_cmd if name == "naive" else run_cmd
                    results[name] = measure(cmd, env, urls, out, name, cwd=work)
                print(
                    f"{name}: {results[name].wall_s:.1f} s, {results[name].peak_rss_mb:.0f} MB, "
                    f"{sum(results[name].api_calls.values())} calls, {results[name].uploads} uploads, "
                    f"exit {results[name].exit_code}",
                    flush=True,
                )
            subflows = sorted({s["name"] for p in results.values() for s in p.subflows})
    meta = {
        "scale": scale,
        "latency_ms": latency_ms,
        "run_date": run_date,
        "subflows": subflows,
        "when": datetime.now(UTC).isoformat(timespec="minutes"),
        "cpus": os.cpu_count(),
        "prefect_db": database,
        "load_avg": [round(x, 1) for x in os.getloadavg()],
        "settings": extra_env or {},
    }
    return write_results(out, results, meta)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="household size (1 = the issue's household)")
    parser.add_argument("--latency-ms", type=float, default=150.0, help="added to every emulated API call")
    parser.add_argument("--out", type=Path, default=Path("bench"), help="where bench.json, bench.md and logs go")
    parser.add_argument(
        "--phases",
        default=",".join(DEFAULT_PHASES),
        help=f"comma-separated, in run order, of {', '.join(PHASES)} (dask and pool: scale-out, only when named)",
    )
    parser.add_argument("--date", default=None, help="the run's date and the demo history's end (default: today)")
    parser.add_argument(
        "--prefect-db",
        choices=("auto", "postgresql", "sqlite"),
        default="auto",
        help="the Prefect server's database (auto: PostgreSQL when installed, else SQLite)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra pipeline environment, e.g. VTASKS_MAX_CONCURRENCY=4 (repeatable)",
    )
    args = parser.parse_args(argv)
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}")
    extra = dict(item.split("=", 1) for item in args.set if "=" in item)
    run_benchmark(
        args.scale,
        args.latency_ms,
        args.out.resolve(),
        phases,
        args.date or date.today().isoformat(),
        extra,
        args.prefect_db,
    )
    print(f"Wrote {args.out / 'bench.json'} and {args.out / 'bench.md'}")


if __name__ == "__main__":
    main()
