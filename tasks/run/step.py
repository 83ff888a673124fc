"""The `@step` decorator: a Prefect task named `vtasks.<subflow>.<step>` that never caches on its inputs."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.run.masked_output import masked_errors


def step(name: str, **options):
    """Wrap a function as a Prefect task. Inputs are clients and paths, so input hashing is off."""
    # A failure's message is masked before Prefect turns it into the task run's state.
    return lambda fn: task(name=f"vtasks.{name}", cache_policy=NO_CACHE, **options)(masked_errors(fn))
