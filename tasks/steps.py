"""The `@step` decorator: a Prefect task named `vtasks.<subflow>.<step>` that never caches on its inputs."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE


def step(name: str, **options):
    """Wrap a function as a Prefect task. Inputs are clients and paths, so input hashing is off."""
    return task(name=f"vtasks.{name}", cache_policy=NO_CACHE, **options)
