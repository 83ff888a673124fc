"""The knobs of the shared retry policy (`http:` in a subflow's settings); the rules are in tasks/retry.py."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RetryPolicy(BaseModel):
    """Timeouts and retry bounds of one HTTP client.

    Up to `retries` more attempts after the first. Each wait is the server's Retry-After, or
    `backoff_s * 2**n` with jitter, never more than `max_wait_s`; a wait that would end past
    `budget_s` since the first attempt is not taken: the call fails at once instead.
    """

    model_config = ConfigDict(frozen=True)

    timeout_s: float = Field(30.0, gt=0)
    retries: int = Field(4, ge=0, le=10)
    backoff_s: float = Field(1.0, ge=0)
    max_wait_s: float = Field(30.0, ge=0)
    budget_s: float = Field(60.0, ge=0)
