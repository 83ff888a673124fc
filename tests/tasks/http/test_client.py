"""The JSON client over real HTTP against a local emulator: retries, Retry-After, bounded failures, bad bodies."""

import time

import pytest

from tasks.http.client import ApiError, JsonApi, RetryPolicy
from tests.emulators.json_replay import JsonReplayEmulator, Raw

FAST = RetryPolicy(timeout_s=2, retries=2, backoff_s=0.01, max_wait_s=5)


@pytest.fixture
def emulator():
    with JsonReplayEmulator({"/v1/things": [{"id": 1}], "/v1/broken": Raw("<html>oops</html>")}) as emu:
        yield emu


def test_answer_is_decoded_json(emulator):
    assert JsonApi("Things", emulator.url, FAST).get("/v1/things", params={"q": 1}) == [{"id": 1}]
    assert emulator.requests[-1]["query"] == {"q": "1"}


def test_429_waits_retry_after_then_succeeds(emulator):
    emulator.add_fault("/v1/things", status=429, retry_after=1)
    waits = []
    api = JsonApi("Things", emulator.url, FAST, sleep=lambda s: (waits.append(s), time.sleep(s)))
    assert api.get("/v1/things") == [{"id": 1}]
    assert waits == [1.0]  # the header's second, not the 0.01 s backoff
    assert emulator.calls["/v1/things"] == 2


def test_5xx_retries_with_exponential_backoff_then_succeeds(emulator):
    emulator.add_fault("/v1/things", status=503, count=2)
    waits = []
    assert JsonApi("Things", emulator.url, FAST, sleep=waits.append).get("/v1/things") == [{"id": 1}]
    assert len(waits) == 2 and 0.005 <= waits[0] <= 0.01 and 0.01 <= waits[1] <= 0.02  # doubled, with jitter


def test_persistent_5xx_fails_after_bounded_attempts_naming_the_api(emulator):
    emulator.add_fault("/v1/things", status=502, count=10)
    with pytest.raises(ApiError, match=r"Things GET /v1/things: failed after 3 attempts; last: HTTP 502"):
        JsonApi("Things", emulator.url, FAST, sleep=lambda s: None).get("/v1/things", params={"key": "s3cret"})
    assert emulator.calls["/v1/things"] == 3


def test_query_secrets_never_appear_in_errors(emulator):
    with pytest.raises(ApiError) as err:
        JsonApi("Things", emulator.url, FAST).get("/v1/missing", params={"api_key": "s3cret"})
    assert "s3cret" not in str(err.value) and "HTTP 404" in str(err.value)


def test_4xx_is_not_retried(emulator):
    with pytest.raises(ApiError, match="HTTP 404"):
        JsonApi("Things", emulator.url, FAST, sleep=lambda s: None).get("/v1/missing")
    assert emulator.calls["/v1/missing"] == 1


def test_dropped_connection_is_retried(emulator):
    emulator.add_fault("/v1/things", drop_connection=True)
    assert JsonApi("Things", emulator.url, FAST).get("/v1/things") == [{"id": 1}]
    assert emulator.calls["/v1/things"] == 2


def test_timeout_is_retried_then_fails_bounded(emulator):
    emulator.add_fault("/v1/things", latency_s=0.6, count=2)
    api = JsonApi("Things", emulator.url, RetryPolicy(timeout_s=0.2, retries=1, backoff_s=0))
    with pytest.raises(ApiError, match=r"failed after 2 attempts; last: ReadTimeout"):
        api.get("/v1/things")


def test_malformed_json_names_api_path_and_body(emulator):
    with pytest.raises(ApiError, match=r"Things GET /v1/broken: expected a JSON body, got '<html>oops</html>'"):
        JsonApi("Things", emulator.url, FAST).get("/v1/broken")


@pytest.mark.parametrize("retries", [0, 1])
def test_503_then_200_follows_the_shared_policy(emulator, retries):
    emulator.add_fault("/v1/things", status=503)
    api = JsonApi("Things", emulator.url, RetryPolicy(timeout_s=2, retries=retries, backoff_s=0))
    if retries:
        assert api.get("/v1/things") == [{"id": 1}]
    else:
        with pytest.raises(ApiError, match=r"Things GET /v1/things: failed after 1 attempts; last: HTTP 503"):
            api.get("/v1/things")
    assert emulator.calls["/v1/things"] == 1 + retries
