"""Many files through one storage at once: on a bounded thread pool, failures named together."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from tasks.storage.files import StorageError, normalize_path

# Eight calls in flight hide most of a 150 ms round trip without crowding Dropbox, which locks a
# namespace per write (too many at once answer 429, retried); dropbox_storage pools enough connections.
DEFAULT_WORKERS = 8
T = TypeVar("T")


class BatchError(StorageError):
    """Some files of a batch failed. `failures` maps each failed path to its error; `not_started`
    lists the paths left alone once a failure was seen; every other path was done."""

    def __init__(self, operation: str, failures: dict[str, BaseException], not_started: list[str], total: int):
        self.failures, self.not_started = failures, not_started
        reasons = "; ".join(f"'{path}': {_reason(error)}" for path, error in failures.items())
        reason = f"{len(failures)} of {total} files failed: {reasons}"
        if not_started:
            reason += f"; {len(not_started)} not started after the failure"
        self.operation, self.path, self.reason = operation, next(iter(failures)), reason
        Exception.__init__(self, f"{operation}: {reason}")


def run_each(operation: str, paths: list[str], action: Callable[[str], T], workers: int | None = None) -> dict[str, T]:
    """`action(path)` for each path on up to `workers` threads; after a failure no new path starts."""
    workers = max(1, min(workers or DEFAULT_WORKERS, len(paths)))
    failed = threading.Event()
    skipped = object()

    def attempt(path: str):
        if failed.is_set():
            return skipped
        try:
            return action(path)
        except Exception:
            failed.set()
            raise

    if workers == 1:  # one at a time needs no thread: the caller's stack stays in tracebacks
        outcomes = {path: _outcome(attempt, path) for path in paths}
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix=f"storage-{operation}") as pool:
            # Each file in the caller's context: uploads are counted to the subflow writing them.
            futures = {path: pool.submit(contextvars.copy_context().run, attempt, path) for path in paths}
        outcomes = {path: (f.exception(), None if f.exception() else f.result()) for path, f in futures.items()}
    failures = {path: error for path, (error, _) in outcomes.items() if error is not None}
    if failures and len(paths) == 1:
        raise failures[paths[0]]  # a batch of one fails as the single call would
    if failures:
        not_started = [path for path, (error, value) in outcomes.items() if error is None and value is skipped]
        raise BatchError(operation, failures, not_started, len(paths))
    return {path: value for path, (_, value) in outcomes.items()}


def _outcome(attempt: Callable, path: str) -> tuple[Exception | None, object]:
    try:
        return None, attempt(path)
    except Exception as error:  # noqa: BLE001 - collected and raised together in a BatchError
        return error, None


def refuse_duplicates(files: dict[str, bytes]) -> None:
    # Two spellings of one file (Dropbox ignores case) would race; refuse before writing anything.
    seen: dict[str, str] = {}
    for path in files:
        key = normalize_path(path).lower()
        if key in seen:
            raise StorageError("write", path, f"the batch also writes it as '{seen[key]}'")
        seen[key] = path


def _reason(error: BaseException) -> str:
    return error.reason if isinstance(error, StorageError) else f"{type(error).__name__}: {error}"
