"""The cron-script baseline: the pipeline's own step functions in a plain loop, no Prefect, no skipping.

Every subflow's flow function body runs with its Prefect tasks swapped for their `.fn`, nothing a run
remembers (`_state/`) is seen, every report is stale and every write uploads, as in a cron script.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
import types
from dataclasses import asdict
from datetime import UTC, date, datetime

from prefect import Task

from tasks.run.state import COMPLETED
from tasks.storage.base import NotFoundError, Storage, WriteResult, normalize_path

log = logging.getLogger("vtasks.naive")
STATE_FOLDER = "_state"


def always_write(storage: Storage) -> Storage:
    """Make `storage` upload on every write: no metadata call, no content-hash comparison, and a
    batch of files one after another, as a script's loop would (no thread pool)."""

    def write_bytes(self, path: str, data: bytes, *, expected_rev: str | None = None) -> WriteResult:
        path = normalize_path(path)
        meta = self._write(path, data, expected_rev)
        self._count(self.uploads, path)
        return WriteResult(path, True, meta)

    def write_many(self, files: dict[str, bytes], workers: int | None = None) -> list[WriteResult]:
        return [self.write_bytes(path, data) for path, data in files.items()]

    storage.write_bytes = types.MethodType(write_bytes, storage)
    storage.write_many = types.MethodType(write_many, storage)
    return storage


def without_memory(storage: Storage, folder: str = STATE_FOLDER) -> Storage:
    """Make files under `folder` (what a run remembers: feed digests, last exports) read as missing."""
    known_meta, read_with_meta = storage._known_meta, storage.read_with_meta

    def forgetful_meta(path: str):
        return None if path.startswith(f"{folder}/") else known_meta(path)

    def forgetful_read(path: str):
        if normalize_path(path).startswith(f"{folder}/"):
            raise NotFoundError("read", path, "a cron script remembers nothing between runs")
        return read_with_meta(path)

    storage._known_meta, storage.read_with_meta = forgetful_meta, forgetful_read
    return storage


def without_prefect(fn):
    """Swap the Prefect tasks, run loggers and report freshness checks `fn` (and its steps) see."""
    swapped = set()

    def strip(module_globals: dict) -> None:
        if id(module_globals) in swapped:
            return
        swapped.add(id(module_globals))
        for name, value in list(module_globals.items()):
            if isinstance(value, Task):
                module_globals[name] = value.fn
                strip(value.fn.__globals__)
        if "report_is_current" in module_globals:
            module_globals["report_is_current"] = lambda *args, **kwargs: False
        if "get_run_logger" in module_globals:
            module_globals["get_run_logger"] = lambda: log

    strip(fn.__globals__)
    return fn


def run_naive(run_date: date) -> dict:
    """Every enabled subflow in registry order, then the run records and the index, like `vtasks run`."""
    from config.settings import load_settings
    from flows import contract, pipeline_steps
    from flows.contract import SubflowOutput
    from flows.graph import run_plan
    from flows.naming import RunInfo
    from flows.registry import FLOWS, NEEDS
    from reports import home
    from reports import page_step as pages
    from tasks.clients import build_clients
    from tasks.run.state import FAILED, SubflowResult

    # Taken before any stripping: stripping rewrites module globals for the rest of this process.
    record_runs, write_index = pipeline_steps.record_runs.fn, home.write_index.fn
    # Every subflow renders its pages through one step (reports/page_step.py): plain, and never found current.
    write_page = without_prefect(pages.write_page.fn)
    contract.write_pages = lambda storage, subflow, found: [p for page in found for p in write_page(storage, page)]
    settings = load_settings()
    clients = build_clients(settings)
    without_memory(always_write(clients.storage))
    generated_at = datetime.now(UTC).isoformat(timespec="seconds")
    run = RunInfo(run_date, settings.env, generated_at)
    results = []
    for name in run_plan(NEEDS, settings.enabled, [], []):
        clock, started = time.perf_counter(), datetime.now(UTC).isoformat(timespec="seconds")
        try:
            data, state, message = without_prefect(FLOWS[name].fn)(clients=clients, run=run), COMPLETED, ""
        except Exception as exc:  # like the pipeline, one failed subflow does not stop the others
            log.exception("%s failed", name)
            data, state, message = SubflowOutput(), FAILED, f"{type(exc).__name__}: {exc}"
        results.append(
            SubflowResult(
                name,
                state,
                started=started,
                message=message,
                duration_s=round(time.perf_counter() - clock, 2),
                rows=int(data.rows),
                reports=list(data.reports),
                newest=data.newest,
                # As the pipeline records it: what the run rendered, not every linked page.
                rebuilt=list(data.reports if data.rebuilt is None else data.rebuilt),
                **clients.storage.counts(name),
            )
        )
    without_prefect(record_runs)(clients, results)
    without_prefect(write_index)(clients, list(NEEDS), generated_at)
    return {"storage": clients.storage.describe(), "results": [asdict(r) for r in results]}


def plain_run_logger() -> None:
    """Steps may call `get_run_logger()` (some import it inside the function): give them a plain logger."""
    import prefect
    import prefect.logging
    import prefect.logging.loggers

    for module in (prefect, prefect.logging, prefect.logging.loggers):
        module.get_run_logger = lambda *args, **kwargs: log


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    plain_run_logger()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--date", required=True, type=date.fromisoformat)
    parser.add_argument("--summary-json", required=True)
    args = parser.parse_args(argv)
    summary = run_naive(args.date)
    with open(args.summary_json, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=2)
    if any(r["state"] != COMPLETED for r in summary["results"]):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
