"""The CoinGecko emulator answers as the service does: the 365-day window, calls per minute, key headers."""

from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from tests.emulators.coingecko_api import DEMO_KEY, PRO_KEY, CoinGeckoEmulator

TODAY = date(2026, 11, 22)
CHART = "/api/v3/coins/bitcoin/market_chart/range"
NOW = datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC)


def chart(url: str, days_back: float, headers: dict | None = None, days: float | None = None):
    start = NOW - timedelta(days=days_back)
    end = start + timedelta(days=days if days is not None else days_back)
    params = {"vs_currency": "eur", "from": int(start.timestamp()), "to": int(end.timestamp())}
    return requests.get(url + CHART, params=params, headers=headers or {}, timeout=5)


@pytest.mark.parametrize("headers", [{}, {"x-cg-demo-api-key": DEMO_KEY}])
def test_keyless_and_demo_callers_get_the_past_365_days_only(headers):
    with CoinGeckoEmulator(today=TODAY) as emu:
        inside = chart(emu.url, 364.9, headers)
        outside = chart(emu.url, 366, headers)
    assert inside.status_code == 200 and len(inside.json()["prices"]) == 364  # daily, 2025-11-24 to 2026-11-22
    assert outside.status_code == 401
    status = outside.json()["error"]["status"]
    assert status["error_code"] == 10012
    assert (
        "Public API users are limited to querying historical data within the past 365 days" in status["error_message"]
    )


def test_a_pro_key_on_the_pro_url_gets_older_history():
    with CoinGeckoEmulator(today=TODAY) as emu:
        answer = chart(emu.pro_url, 700, {"x-cg-pro-api-key": PRO_KEY}, days=200)
    assert answer.status_code == 200 and len(answer.json()["prices"]) == 200


@pytest.mark.parametrize(
    "base, headers, status, code",
    [
        ("pro", {"x-cg-demo-api-key": DEMO_KEY}, 400, 10011),  # a demo key belongs on the public URL
        ("public", {"x-cg-pro-api-key": PRO_KEY}, 400, 10010),  # a pro key belongs on the pro URL
        ("pro", {}, 401, 10002),
        ("public", {"x-cg-demo-api-key": "CG-wrong"}, 401, 10002),
    ],
)
def test_keys_in_the_wrong_place_are_refused_as_coingecko_does(base, headers, status, code):
    with CoinGeckoEmulator(today=TODAY) as emu:
        answer = chart(emu.pro_url if base == "pro" else emu.url, 30, headers)
    assert answer.status_code == status and answer.json()["status"]["error_code"] == code


def test_ranges_of_90_days_or_less_come_back_hourly():
    with CoinGeckoEmulator(today=TODAY) as emu:
        points = chart(emu.url, 30, days=2).json()["prices"]  # 10-23 23:59:59 to 10-25 23:59:59
    assert len(points) == 48 and {b[0] - a[0] for a, b in zip(points, points[1:])} == {3_600_000}


def test_calls_over_the_minute_limit_get_429_with_retry_after():
    with CoinGeckoEmulator(today=TODAY, limits={"keyless": 2}) as emu:
        answers = [
            requests.get(emu.url + "/api/v3/coins/markets", params={"vs_currency": "eur"}, timeout=5) for _ in range(3)
        ]
        demo = requests.get(
            emu.url + "/api/v3/coins/markets",
            params={"vs_currency": "eur"},
            headers={"x-cg-demo-api-key": DEMO_KEY},
            timeout=5,
        )
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert 1 <= int(answers[2].headers["Retry-After"]) <= 60
    assert answers[2].json() == {
        "status": {"error_code": 429, "error_message": answers[2].json()["status"]["error_message"]}
    }
    assert "exceeded the Rate Limit" in answers[2].json()["status"]["error_message"]
    assert demo.status_code == 200  # a key has its own allowance
    assert emu.counts()["statuses"] == {"200": 3, "429": 1}
