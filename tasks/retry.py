"""The one retry policy of every HTTP client, on tenacity: what is retried, how long it waits, when it stops."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import TypeVar

import requests
import tenacity

from config.retry import RetryPolicy

log = logging.getLogger(__name__)
__all__ = [
    "NETWORK_ERRORS",
    "GaveUp",
    "RetryPolicy",
    "Transient",
    "call_with_retries",
    "retried_status",
    "retry_after_s",
    "transient_answer",
    "wait_s",
]
T = TypeVar("T")
# No answer, or an answer cut off while its body was read: another try may get through.
NETWORK_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


def wait_s(policy: RetryPolicy, retry: int, retry_after: float | None = None) -> float:
    """The wait before retry number `retry` (1 for the first)."""
    if retry_after is not None:  # the server said when; sooner only earns another 429
        return max(0.0, min(retry_after, policy.max_wait_s))
    # Jitter keeps subflows that hit the same quota at once from retrying in lockstep.
    return min(policy.backoff_s * 2 ** (retry - 1), policy.max_wait_s) * random.uniform(0.5, 1.0)


class Transient(Exception):
    """A failure another try may cure: raised by a client's attempt to ask for a retry.

    `problem` says what went wrong without secrets; `status` is the HTTP status (None: no answer).
    """

    def __init__(self, problem: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(problem)
        self.problem, self.status, self.retry_after = problem, status, retry_after


class GaveUp(Exception):
    """Every allowed attempt failed with a Transient, or the next wait would overrun the budget."""

    def __init__(self, attempts: int, elapsed_s: float, last: Transient):
        super().__init__(f"gave up after {attempts} attempt(s) in {elapsed_s:.1f}s: {last.problem}")
        self.attempts, self.elapsed_s, self.last = attempts, elapsed_s, last


def retried_status(status: int) -> bool:
    """The rule for answers: 429 and 5xx are retried; any other 4xx means the request itself is wrong."""
    return status == 429 or 500 <= status <= 599


def transient_answer(response: requests.Response, problem: str) -> Transient:
    return Transient(problem, response.status_code, retry_after_s(response.headers.get("Retry-After")))


def retry_after_s(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def call_with_retries(
    policy: RetryPolicy, attempt: Callable[[], T], what: str, sleep: Callable[[float], None] = time.sleep
) -> T:
    """`attempt()` until it returns; it raises Transient to be retried, anything else fails at once.

    Raises GaveUp when the attempts or the time budget run out. `what` names the call in logs (no secrets).
    """

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception()
        return wait_s(policy, state.attempt_number, getattr(error, "retry_after", None))

    def warn(state: tenacity.RetryCallState) -> None:
        log.warning(
            "%s: %s; retry %d in %.2fs", what, state.outcome.exception(), state.attempt_number, state.upcoming_sleep
        )

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(Transient),
        wait=wait,
        sleep=sleep,
        reraise=True,
        stop=tenacity.stop_after_attempt(policy.retries + 1) | tenacity.stop_before_delay(policy.budget_s),
        before_sleep=warn,
    )
    started = time.monotonic()
    try:
        return retrying(attempt)
    except Transient as last:
        raise GaveUp(retrying.statistics.get("attempt_number", 1), time.monotonic() - started, last) from None
