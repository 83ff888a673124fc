"""The Indexa client over real HTTP against the local emulator: token header, faults, bad bodies."""

import pytest

from tasks.http.client import ApiError, JsonApi, RetryPolicy
from tasks.indexa.clients import Indexa
from tests.emulators.indexa_api import INDEXA_TOKEN, IndexaEmulator
from tests.emulators.json_replay import Raw

FAST = RetryPolicy(timeout_s=2, retries=2, backoff_s=0.01)


def client(emu, token=INDEXA_TOKEN):
    return Indexa(JsonApi("Indexa", emu.url, FAST, headers={"X-AUTH-TOKEN": token}), "live")


def test_token_header_reaches_the_api_and_answers_decode():
    with IndexaEmulator() as emu:
        me = client(emu).me()
        perf = client(emu).performance(me["accounts"][0]["account_number"])
    assert [a["account_number"] for a in me["accounts"]] == ["DEMO1FND", "DEMO2PEN"]
    assert perf["return"]["total_amount"] > 0


def test_wrong_token_fails_at_once_naming_api_path_and_status_not_the_token():
    with IndexaEmulator() as emu:
        with pytest.raises(ApiError, match=r"Indexa GET /users/me: HTTP 401") as err:
            client(emu, token="stolen-token-123").me()
    assert "stolen-token-123" not in str(err.value) and emu.calls["/users/me"] == 1


def test_429_then_success_and_persistent_500_bounded():
    with IndexaEmulator() as emu:
        emu.add_fault("/users/me", status=429, retry_after=0)
        assert client(emu).me()["accounts"]
        emu.add_fault("/accounts/DEMO1FND/performance", status=500, count=5)
        with pytest.raises(ApiError, match=r"Indexa GET /accounts/DEMO1FND/performance: failed after 3 attempts"):
            client(emu).performance("DEMO1FND")
    assert emu.calls["/users/me"] == 2 and emu.calls["/accounts/DEMO1FND/performance"] == 3


def test_malformed_json_is_a_clear_error():
    with IndexaEmulator({"/users/me": Raw('{"accounts": [', content_type="application/json")}) as emu:
        with pytest.raises(ApiError, match=r"Indexa GET /users/me: expected a JSON body, got '\{\"accounts\": \['"):
            client(emu).me()
