"""The `@step` decorator: a Prefect task named `vtasks.<subflow>.<step>` that never caches on its inputs."""

from __future__ import annotations

import functools

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.run.masked_output import masked_errors
from tasks.run.memory import release_freed_memory


def step(name: str, **options):
    """Wrap a function as a Prefect task. Inputs are clients and paths, so input hashing is off."""
    # A failure's message is masked before Prefect turns it into the task run's state.
    return lambda fn: task(name=f"vtasks.{name}", cache_policy=NO_CACHE, **options)(masked_errors(_tidied(fn)))


def _tidied(fn):
    """The step, handing its freed pages back when it ends: the next step (a report after its data) starts from a
    low floor on a 512 MB dyno."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            release_freed_memory()

    return run
