"""The shared retry policy over real HTTP: which answers are retried, Retry-After honoured and capped, bounds kept."""

from __future__ import annotations

import threading
import time
from email.utils import formatdate

import pytest
import requests

from tasks.retry import (
    NETWORK_ERRORS,
    GaveUp,
    RetryPolicy,
    Transient,
    call_with_retries,
    retried_status,
    transient_answer,
    wait_s,
)
from tests.emulators.http_base import BackgroundServer, EmulatorHandler

FAST = RetryPolicy(timeout_s=2, retries=3, backoff_s=0.01, max_wait_s=1, budget_s=5)


class ScriptedHandler(EmulatorHandler):
    def do_GET(self) -> None:
        status, headers = self.server.emulator.next_answer()
        if status is None:
            return self.drop_connection()
        body = b'{"ok": true}' if status == 200 else b'{"error": "scripted"}'
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class ScriptedServer(BackgroundServer):
    """Answers GETs from a script of (status, headers); status None drops the connection; then 200s."""

    handler = ScriptedHandler

    def __init__(self, *answers: tuple[int | None, dict]):
        super().__init__()
        self.answers, self.calls, self._lock = list(answers), 0, threading.Lock()

    def next_answer(self) -> tuple[int | None, dict]:
        with self._lock:
            self.calls += 1
            return self.answers.pop(0) if self.answers else (200, {})


def get(server: ScriptedServer, policy: RetryPolicy = FAST) -> dict:
    """A GET as every client makes it: network errors and retried statuses become Transient."""

    def attempt() -> dict:
        try:
            response = requests.get(server.url, timeout=policy.timeout_s)
        except NETWORK_ERRORS as exc:
            raise Transient(type(exc).__name__) from None
        if retried_status(response.status_code):
            raise transient_answer(response, f"HTTP {response.status_code}")
        response.raise_for_status()
        return response.json()

    return call_with_retries(policy, attempt, "scripted GET")


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_429_and_5xx_are_retried(status):
    with ScriptedServer((status, {})) as server:
        assert get(server) == {"ok": True}
    assert server.calls == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 408, 409, 422])
def test_other_4xx_are_never_retried(status):
    with ScriptedServer((status, {}), (status, {})) as server, pytest.raises(requests.HTTPError, match=str(status)):
        get(server)
    assert server.calls == 1


def test_a_dropped_connection_is_retried():
    with ScriptedServer((None, {})) as server:
        assert get(server) == {"ok": True}
    assert server.calls == 2


@pytest.mark.parametrize("retry_after", ["1", "date"])
def test_retry_after_is_honoured_in_seconds_or_as_a_date(retry_after):
    # An HTTP date has whole seconds: two seconds ahead waits between one and two.
    header = formatdate(time.time() + 2, usegmt=True) if retry_after == "date" else retry_after
    policy = FAST.model_copy(update={"max_wait_s": 5})
    with ScriptedServer((429, {"Retry-After": header})) as server:
        started = time.monotonic()
        assert get(server, policy) == {"ok": True}
        assert 0.95 <= time.monotonic() - started < 3
    assert server.calls == 2


def test_retry_after_is_capped_by_max_wait():
    with ScriptedServer((503, {"Retry-After": "3600"})) as server:
        started = time.monotonic()
        assert get(server, FAST.model_copy(update={"max_wait_s": 0.2})) == {"ok": True}
        assert 0.2 <= time.monotonic() - started < 1.5


def test_attempts_are_bounded():
    with (
        ScriptedServer(*[(503, {})] * 10) as server,
        pytest.raises(GaveUp, match=r"4 attempt\(s\).*HTTP 503") as failed,
    ):
        get(server)
    assert server.calls == 4 and failed.value.attempts == 4 and failed.value.last.status == 503


def test_total_wait_is_bounded_by_the_budget():
    policy = RetryPolicy(timeout_s=2, retries=10, backoff_s=0.2, max_wait_s=0.2, budget_s=0.7)
    with ScriptedServer(*[(500, {})] * 20) as server:
        started = time.monotonic()
        with pytest.raises(GaveUp):
            get(server, policy)
        assert time.monotonic() - started < 0.9
    assert 2 <= server.calls < 11  # stopped by the budget, not by the attempt count


def test_a_retry_after_past_the_budget_fails_at_once():
    policy = FAST.model_copy(update={"max_wait_s": 30, "budget_s": 0.5})
    with ScriptedServer((429, {"Retry-After": "30"})) as server:
        started = time.monotonic()
        with pytest.raises(GaveUp, match="1 attempt"):
            get(server, policy)
        assert time.monotonic() - started < 0.5
    assert server.calls == 1


def test_errors_that_are_not_transient_fail_at_once():
    calls = []

    def attempt():
        calls.append(1)
        raise ValueError("a bug, not the network")

    with pytest.raises(ValueError):
        call_with_retries(FAST, attempt, "bug")
    assert calls == [1]


def test_waits_double_with_jitter_and_stay_under_the_cap():
    policy = RetryPolicy(backoff_s=1, max_wait_s=5)
    for retry, full in [(1, 1), (2, 2), (3, 4), (4, 5), (8, 5)]:
        assert full / 2 <= wait_s(policy, retry) <= full
    assert wait_s(policy, 1, retry_after=3600) == 5 and wait_s(policy, 1, retry_after=2) == 2
