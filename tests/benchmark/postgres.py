"""A throwaway PostgreSQL cluster for the benchmark's Prefect server, as a production server (or Prefect Cloud) has.

On SQLite the server answers 503 to a write that meets one of its own background writers, and the client waits
2 s (then 4 s) before trying again: a benchmark on it measures that lottery more than the pipeline.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.benchmark.servers import free_port

# Debian and Ubuntu keep the server programs out of PATH, one folder per major version.
DEBIAN_BINS = Path("/usr/lib/postgresql")
# PostgreSQL refuses to run as root; this is the account its Debian package creates.
SERVICE_USER = "postgres"


def postgres_bin() -> Path | None:
    """The folder with `initdb` and `pg_ctl`: on PATH, else Debian's newest; None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(DEBIAN_BINS.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return versions[-1].parent if versions else None


def _run_as() -> tuple[list[str], int | None]:
    """The command prefix and uid that run PostgreSQL: ourselves, or its service account when we are root."""
    if os.geteuid() != 0:
        return [], None
    try:
        uid = pwd.getpwnam(SERVICE_USER).pw_uid
    except KeyError:
        raise RuntimeError(f"running as root needs a '{SERVICE_USER}' account to run PostgreSQL as") from None
    return ["runuser", "-u", SERVICE_USER, "--"], uid


@contextmanager
def postgres_database(log_path: Path, bindir: Path) -> Iterator[str]:
    """initdb, start on a free local port, create database `prefect`; yield its SQLAlchemy URL. Stopped and
    deleted on exit (the server's log is copied to `log_path`)."""
    prefix, uid = _run_as()
    root = Path(tempfile.mkdtemp(prefix="vtasks-bench-pg-"))
    if uid is not None:
        os.chown(root, uid, -1)
    data, log, port = root / "data", root / "postgres.log", free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    started = False
    try:
        _pg(prefix, bindir / "initdb", "-D", data, "-A", "trust", "-U", "prefect", "-E", "UTF8")
        _pg(prefix, bindir / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start")
        started = True
        _pg(prefix, bindir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "prefect", "prefect")
        yield f"postgresql+asyncpg://prefect@127.0.0.1:{port}/prefect"
    finally:
        if started:
            subprocess.run(
                [*prefix, bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        if log.exists():
            shutil.copyfile(log, log_path)
        shutil.rmtree(root, ignore_errors=True)


def _pg(prefix: list[str], program: Path, *args) -> None:
    done = subprocess.run([*prefix, program, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        raise RuntimeError(
            f"PostgreSQL: {program.name} exited {done.returncode}: "
            f"{done.stderr.decode(errors='replace').strip()[-500:]}"
        )


@contextmanager
def server_database(kind: str, out: Path) -> Iterator[tuple[str, str | None]]:
    """The Prefect server's database: ("postgresql", url) or ("sqlite", None) for the server's own file.
    `auto` takes PostgreSQL when it is installed."""
    bindir = postgres_bin() if kind in ("auto", "postgresql") else None
    if kind == "postgresql" and bindir is None:
        raise RuntimeError(
            "--prefect-db postgresql: PostgreSQL is not installed (no initdb on PATH or in "
            f"{DEBIAN_BINS}/*/bin); install it (Debian: apt-get install postgresql) or pass sqlite"
        )
    if bindir is None:
        yield "sqlite", None
        return
    with postgres_database(out / "postgres.log", bindir) as url:
        yield "postgresql", url
