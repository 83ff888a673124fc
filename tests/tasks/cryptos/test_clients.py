"""CoinGecko and Kraken clients over real HTTP against local emulators; Kraken signing by the book."""

import base64
import hashlib
import hmac
import time
from datetime import UTC, date, datetime

import pytest

from config.cryptos import CryptosSettings
from config.subflows import load_subflow_settings
from tasks.cryptos.clients import CoinGecko, Kraken, kraken_signature
from tasks.cryptos.sources import coingecko_api
from tasks.http.client import ApiError, JsonApi, RetryPolicy
from tests.emulators.coingecko_api import DEMO_KEY, PRO_KEY, CoinGeckoEmulator
from tests.emulators.kraken_api import KRAKEN_KEY, KRAKEN_SECRET, KrakenEmulator

FAST = RetryPolicy(timeout_s=2, retries=2, backoff_s=0.01)
# The example of Kraken's REST authentication guide.
DOC_SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
DOC_DATA = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
CHART = "/api/v3/coins/bitcoin/market_chart/range"
DOC_SIGN = "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="


def test_kraken_signature_matches_the_documented_example():
    assert kraken_signature("/0/private/AddOrder", DOC_DATA, "1616492376594", DOC_SECRET) == DOC_SIGN


def test_kraken_signature_follows_the_algorithm_step_by_step():
    secret = base64.b64encode(b"k" * 64).decode()
    inner = hashlib.sha256(b"42" + b"nonce=42").digest()
    expected = base64.b64encode(hmac.new(b"k" * 64, b"/0/private/Balance" + inner, hashlib.sha512).digest()).decode()
    assert kraken_signature("/0/private/Balance", "nonce=42", "42", secret) == expected


def test_coingecko_markets_asks_for_the_coins_and_currency():
    with CoinGeckoEmulator() as emu:
        answer = CoinGecko(JsonApi("CoinGecko", emu.url, FAST)).markets(["bitcoin", "solana"], "eur")
    assert [c["id"] for c in answer] == ["bitcoin", "solana"]
    assert emu.requests[0]["query"]["vs_currency"] == "eur" and emu.requests[0]["query"]["ids"] == "bitcoin,solana"


def test_coingecko_429_with_retry_after_then_success():
    with CoinGeckoEmulator() as emu:
        emu.add_fault("/api/v3/coins/markets", status=429, retry_after=1)
        waits = []
        api = JsonApi("CoinGecko", emu.url, FAST, sleep=waits.append)
        assert len(CoinGecko(api).markets(["bitcoin"], "eur")) == 1
    assert waits == [1.0] and emu.calls["/api/v3/coins/markets"] == 2


def test_kraken_balances_signed_requests_are_accepted_with_rising_nonces():
    with KrakenEmulator() as emu:
        kraken = Kraken(JsonApi("Kraken", emu.url, FAST), KRAKEN_KEY, KRAKEN_SECRET)
        first, second = kraken.balances(), kraken.balances()
    assert first == second and float(first["result"]["XXBT"]) > 0
    sent = emu.requests[0]
    assert sent["body"].startswith("nonce=") and KRAKEN_SECRET not in str(sent)


@pytest.mark.parametrize(
    "key, secret, error",
    [
        ("wrong", KRAKEN_SECRET, "EAPI:Invalid key"),
        (KRAKEN_KEY, base64.b64encode(b"not the secret").decode(), "EAPI:Invalid signature"),
    ],
)
def test_kraken_errors_in_the_body_become_api_errors(key, secret, error):
    with KrakenEmulator() as emu:
        with pytest.raises(ApiError, match=f"Kraken POST /0/private/Balance: {error}"):
            Kraken(JsonApi("Kraken", emu.url, FAST), key, secret).balances()


def test_kraken_stale_nonce_is_refused_and_one_client_never_repeats_its_own():
    with KrakenEmulator() as emu:
        kraken = Kraken(JsonApi("Kraken", emu.url, FAST), KRAKEN_KEY, KRAKEN_SECRET, nonce=lambda: 7)
        kraken.balances(), kraken.balances()  # same clock reading twice: 7 then 8
        # Another machine with the same key and a clock behind: Kraken refuses its nonce.
        behind = Kraken(JsonApi("Kraken", emu.url, FAST), KRAKEN_KEY, KRAKEN_SECRET, nonce=lambda: 5)
        with pytest.raises(ApiError, match="EAPI:Invalid nonce"):
            behind.balances()
    assert [r["body"] for r in emu.requests] == ["nonce=7", "nonce=8", "nonce=5"]


def test_kraken_repr_hides_credentials():
    assert KRAKEN_SECRET not in repr(Kraken(JsonApi("Kraken", "http://x", FAST), KRAKEN_KEY, KRAKEN_SECRET))


def test_kraken_retry_after_a_lost_answer_is_signed_again_with_a_fresh_nonce():
    with KrakenEmulator() as emu:
        emu.add_fault("/0/private/Balance", drop_after=True)  # the call lands, the answer is lost
        kraken = Kraken(JsonApi("Kraken", emu.url, FAST), KRAKEN_KEY, KRAKEN_SECRET, nonce=lambda: 1000)
        assert kraken.balances()["error"] == []
    nonces = [r["body"] for r in emu.requests]
    assert nonces == ["nonce=1000", "nonce=1001"]


def test_kraken_secret_that_is_not_base64_is_a_config_error_without_the_secret():
    from config.subflows import ConfigError

    with KrakenEmulator() as emu:
        with pytest.raises(ConfigError, match="KRAKEN_API_SECRET is not valid base64") as err:
            Kraken(JsonApi("Kraken", emu.url, FAST), KRAKEN_KEY, "not*base64!").balances()
    assert "not*base64!" not in str(err.value) and sum(emu.calls.values()) == 0


def test_coingecko_rate_limit_is_waited_out_as_retry_after_says():
    with CoinGeckoEmulator(today=date(2026, 11, 22), limits={"keyless": 1}, window_s=1) as emu:
        gecko = CoinGecko(JsonApi("CoinGecko", emu.url, RetryPolicy(timeout_s=2, retries=2, max_wait_s=5)))
        started = time.monotonic()
        gecko.markets(["bitcoin"], "eur"), gecko.markets(["bitcoin"], "eur")
    assert emu.statuses == {200: 2, 429: 1} and time.monotonic() - started >= 0.9


def test_coingecko_range_refusal_names_the_365_day_limit_and_the_setting():
    with CoinGeckoEmulator(today=date(2026, 11, 22)) as emu:
        gecko = CoinGecko(JsonApi("CoinGecko", emu.url, FAST))
        with pytest.raises(ApiError) as err:
            gecko.market_chart("bitcoin", "eur", datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC))
    message = str(err.value)
    assert message.startswith("CoinGecko GET /api/v3/coins/bitcoin/market_chart/range: HTTP 401")
    assert "past 365 days only (asked from 2025-01-01)" in message and "history_days" in message
    assert "VTASKS_CRYPTOS__COINGECKO_PLAN=pro" in message and emu.calls[CHART] == 1  # a 401 is not retried


@pytest.mark.parametrize(
    "plan, key, header", [("demo", DEMO_KEY, "x-cg-demo-api-key"), ("pro", PRO_KEY, "x-cg-pro-api-key")]
)
def test_the_key_goes_in_its_plans_header_to_its_plans_url(vtasks_env, monkeypatch, plan, key, header):
    with CoinGeckoEmulator(today=date(2026, 11, 22)) as emu:
        for name, value in {
            "COINGECKO_API_KEY": key,
            "VTASKS_CRYPTOS__COINGECKO_PLAN": plan,
            "VTASKS_CRYPTOS__COINGECKO_URL": emu.url,
            "VTASKS_CRYPTOS__COINGECKO_PRO_URL": emu.pro_url,
        }.items():
            monkeypatch.setenv(name, value)
        cfg = load_subflow_settings(CryptosSettings)
        api = coingecko_api(cfg)
        assert [c["id"] for c in CoinGecko(api, cfg.coingecko_tier).markets(["bitcoin"], "eur")] == ["bitcoin"]
    sent = {k.lower(): v for k, v in emu.requests[0]["headers"].items()}
    assert sent[header] == key and emu.statuses == {200: 1}
    assert key not in repr(cfg) + repr(api) + str(cfg.model_dump())


def test_a_refused_key_is_named_by_setting_never_by_value(vtasks_env, monkeypatch):
    with CoinGeckoEmulator(today=date(2026, 11, 22)) as emu:
        monkeypatch.setenv("COINGECKO_API_KEY", "CG-secretButWrong")
        monkeypatch.setenv("VTASKS_CRYPTOS__COINGECKO_URL", emu.url)
        cfg = load_subflow_settings(CryptosSettings)
        with pytest.raises(ApiError) as err:
            CoinGecko(coingecko_api(cfg), cfg.coingecko_tier).markets(["bitcoin"], "eur")
    assert "HTTP 401" in str(err.value) and "check COINGECKO_API_KEY" in str(err.value)
    assert "CG-secretButWrong" not in str(err.value)


def test_a_pro_plan_without_a_key_is_a_config_error(vtasks_env, monkeypatch):
    from config.subflows import ConfigError

    monkeypatch.setenv("VTASKS_CRYPTOS__COINGECKO_PLAN", "pro")
    with pytest.raises(ConfigError, match="coingecko_plan 'pro' needs coingecko_api_key set"):
        load_subflow_settings(CryptosSettings)
