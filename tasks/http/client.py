"""A small JSON-over-HTTP client: one `requests.Session`, timeouts, bounded retries with backoff."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any, Callable

import requests
from pydantic import BaseModel, ConfigDict, Field

RETRY_STATUSES = {429, 500, 502, 503, 504}
SNIPPET_CHARS = 120


class ApiError(Exception):
    """An API call failed; the message names the API, the method, the URL path and the status."""


class RetryPolicy(BaseModel):
    """`retries` extra attempts after the first; waits `backoff_s * 2**attempt` (or Retry-After), at most
    `max_wait_s`. Also the `http:` block of a subflow's settings."""

    model_config = ConfigDict(frozen=True)

    timeout_s: float = Field(20.0, gt=0)
    retries: int = Field(3, ge=0, le=10)
    backoff_s: float = Field(1.0, ge=0)
    max_wait_s: float = Field(30.0, ge=0)

    def wait_s(self, attempt: int, retry_after: float | None) -> float:
        wanted = retry_after if retry_after is not None else self.backoff_s * 2**attempt
        return max(0.0, min(wanted, self.max_wait_s))


class JsonApi:
    """Calls one API under `base_url`; answers are decoded JSON or an ApiError.

    Only network failures, 429 and 5xx are retried: a 4xx means the request itself is wrong.
    """

    def __init__(self, name: str, base_url: str, policy: RetryPolicy = RetryPolicy(),
                 headers: dict | None = None, sleep: Callable[[float], None] = time.sleep):
        self.name, self.base_url, self.policy, self.sleep = name, base_url.rstrip("/"), policy, sleep
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": "vtasks", "Accept": "application/json", **(headers or {})})

    def __repr__(self) -> str:  # never shows headers: they may carry tokens
        return f"JsonApi({self.name}, {self.base_url})"

    def get(self, path: str, params: dict | None = None, headers: dict | None = None) -> Any:
        return self.request("GET", path, params=params, headers=headers)

    def post(self, path: str, data: dict | str | None = None, headers: dict | None = None,
             signed: Callable[[], dict] | None = None) -> Any:
        """`signed()`, when given, builds `data` and `headers` afresh for every attempt (nonces)."""
        return self.request("POST", path, data=data, headers=headers, signed=signed)

    def request(self, method: str, path: str, signed: Callable[[], dict] | None = None, **kwargs) -> Any:
        where = f"{self.name} {method} {path}"  # the path only: query strings may carry secrets
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            try:
                response = self.session.request(method, self.base_url + path, timeout=self.policy.timeout_s,
                                                **{**kwargs, **(signed() if signed else {})})
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem, retry_after = f"{type(exc).__name__} (no answer)", None
            else:
                if response.status_code < 400:
                    return _decoded(response, where)
                problem = f"HTTP {response.status_code} {_snippet(response.text)}".strip()
                if response.status_code not in RETRY_STATUSES:
                    raise ApiError(f"{where}: {problem}")
                retry_after = _retry_after(response.headers.get("Retry-After"))
            if attempt + 1 < attempts:
                self.sleep(self.policy.wait_s(attempt, retry_after))
        raise ApiError(f"{where}: failed after {attempts} attempts; last: {problem}")


def _decoded(response: requests.Response, where: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ApiError(
            f"{where}: expected a JSON body, got {_snippet(response.text) or 'an empty body'} "
            f"(Content-Type {response.headers.get('Content-Type', 'missing')})"
        ) from None


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return repr(text[:SNIPPET_CHARS] + ("…" if len(text) > SNIPPET_CHARS else "")) if text else ""


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
