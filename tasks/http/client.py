"""A small JSON-over-HTTP client: one `requests.Session`, timeouts, the shared retry policy."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from tasks.retry import (
    NETWORK_ERRORS,
    GaveUp,
    RetryPolicy,
    Transient,
    call_with_retries,
    retried_status,
    transient_answer,
)

__all__ = ["ApiError", "JsonApi", "RetryPolicy"]
SNIPPET_CHARS = 120


class ApiError(Exception):
    """An API call failed; the message names the API, the method, the URL path and the status."""


class JsonApi:
    """Calls one API under `base_url`; answers are decoded JSON or an ApiError.

    Only network failures, 429 and 5xx are retried: a 4xx means the request itself is wrong.
    """

    def __init__(
        self,
        name: str,
        base_url: str,
        policy: RetryPolicy = RetryPolicy(),
        headers: dict | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.name, self.base_url, self.policy, self.sleep = name, base_url.rstrip("/"), policy, sleep
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": "vtasks", "Accept": "application/json", **(headers or {})})

    def __repr__(self) -> str:  # never shows headers: they may carry tokens
        return f"JsonApi({self.name}, {self.base_url})"

    def get(self, path: str, params: dict | None = None, headers: dict | None = None) -> Any:
        return self.request("GET", path, params=params, headers=headers)

    def post(
        self,
        path: str,
        data: dict | str | None = None,
        headers: dict | None = None,
        signed: Callable[[], dict] | None = None,
    ) -> Any:
        """`signed()`, when given, builds `data` and `headers` afresh for every attempt (nonces)."""
        return self.request("POST", path, data=data, headers=headers, signed=signed)

    def request(self, method: str, path: str, signed: Callable[[], dict] | None = None, **kwargs) -> Any:
        where = f"{self.name} {method} {path}"  # the path only: query strings may carry secrets

        def attempt() -> requests.Response:
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    timeout=self.policy.timeout_s,
                    **{**kwargs, **(signed() if signed else {})},
                )
            except NETWORK_ERRORS as exc:
                raise Transient(f"{type(exc).__name__} (no answer)") from None
            if response.status_code < 400:
                return response
            problem = f"HTTP {response.status_code} {_snippet(response.text)}".strip()
            if retried_status(response.status_code):
                raise transient_answer(response, problem)
            raise ApiError(f"{where}: {problem}")

        try:
            return _decoded(call_with_retries(self.policy, attempt, where, self.sleep), where)
        except GaveUp as failed:
            raise ApiError(f"{where}: failed after {failed.attempts} attempts; last: {failed.last.problem}") from None


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
