"""The cryptos subflow on the real Prefect engine, its APIs served by local emulators over HTTP."""

from datetime import date

import pandas as pd
import pytest

from config.settings import load_settings
from flows.cryptos import cryptos
from flows.naming import RunInfo
from tasks.clients import build_clients
from tests.emulators.coingecko_api import DEMO_KEY, CoinGeckoEmulator
from tests.emulators.kraken_api import KRAKEN_KEY, KRAKEN_SECRET, KrakenEmulator

COINS = ["bitcoin", "ethereum", "cardano", "solana", "polkadot", "chainlink"]


@pytest.fixture
def apis(vtasks_env, monkeypatch):
    """Both emulators, and settings pointing the subflow at them with fast retries; CoinGecko is called
    with a demo key (30 calls a minute, enough for these tests; the keyless limits: test_cryptos_real)."""
    with CoinGeckoEmulator(today=date(2026, 11, 22)) as gecko, KrakenEmulator() as kraken:
        for key, value in {
            "VTASKS_CRYPTOS__SOURCE": "live",
            "VTASKS_CRYPTOS__COINGECKO_URL": gecko.url,
            "COINGECKO_API_KEY": DEMO_KEY,
            "VTASKS_CRYPTOS__KRAKEN_URL": kraken.url,
            "VTASKS_CRYPTOS__HISTORY_DAYS": "100",
            "VTASKS_CRYPTOS__HTTP__BACKOFF_S": "0.01",
            "KRAKEN_API_KEY": KRAKEN_KEY,
            "KRAKEN_API_SECRET": KRAKEN_SECRET,
        }.items():
            monkeypatch.setenv(key, value)
        yield gecko, kraken


def run_cryptos(day: str):
    return cryptos(
        clients=build_clients(load_settings()),
        run=RunInfo(date.fromisoformat(day), "dev", f"{day}T10:00:00"),
        return_state=True,
    )


def read(work, name):
    return pd.read_parquet(work / "data" / "cryptos" / f"{name}.parquet")


def test_outputs_have_the_agreed_columns_and_history(prefect_api, apis, vtasks_env):
    gecko, kraken = apis
    state = run_cryptos("2026-11-22")
    assert state.is_completed(), state.message
    result = state.result()
    assert result.files == ["cryptos/prices.parquet", "cryptos/balances.parquet", "cryptos/value.parquet"]
    assert result.reports == ["cryptos/cryptos.html"]
    assert "Cryptos" in (vtasks_env / "data/cryptos/cryptos.html").read_text()
    prices, balances, value = (read(vtasks_env, n) for n in ("prices", "balances", "value"))
    assert list(prices.columns) == ["month", "coin", "price", "market_cap"]
    assert list(balances.columns) == ["month", "coin", "units"]
    assert list(value.columns) == ["month", *COINS, "total"]
    assert all(str(f["month"].dtype).startswith("datetime64") for f in (prices, balances, value))
    assert sorted(prices["month"].dt.strftime("%Y-%m").unique()) == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert (prices["month"].dt.day == 1).all()
    nov = balances.set_index("coin")["units"]
    assert nov["bitcoin"] == pytest.approx(0.05 + float(kraken.routes["/0/private/Balance"]["result"]["XXBT"]))
    btc_price = prices[(prices["coin"] == "bitcoin") & (prices["month"] == "2026-11-01")]["price"].item()
    assert value["bitcoin"].item() == round(nov["bitcoin"] * btc_price, 2)
    assert value["total"].item() == pytest.approx(value[COINS].sum(axis=1).item())
    assert kraken.calls["/0/private/Balance"] == 1


def test_second_run_replaces_its_month_and_keeps_history(prefect_api, apis, vtasks_env):
    gecko, _ = apis
    assert run_cryptos("2026-11-05").is_completed()
    history = read(vtasks_env, "prices")
    gecko.routes["/api/v3/coins/markets"][0]["current_price"] = 12345.0  # bitcoin moved
    assert run_cryptos("2026-11-22").is_completed()
    after = read(vtasks_env, "prices")
    assert len(after) == len(history)
    assert after[(after["coin"] == "bitcoin") & (after["month"] == "2026-11-01")]["price"].item() == 12345.0
    earlier = after["month"] < "2026-11-01"
    pd.testing.assert_frame_equal(after[earlier], history[history["month"] < "2026-11-01"])
    assert gecko.calls["/api/v3/coins/bitcoin/market_chart/range"] == 1  # history fetched once only
    assert run_cryptos("2026-12-01").is_completed()
    value = read(vtasks_env, "value")
    assert value["month"].dt.strftime("%Y-%m").tolist() == ["2026-11", "2026-12"]


def test_bad_answer_fails_naming_source_and_field_and_writes_nothing(prefect_api, apis, vtasks_env):
    gecko, _ = apis
    assert run_cryptos("2026-11-22").is_completed()
    before = {n: (vtasks_env / "data/cryptos" / f"{n}.parquet").read_bytes() for n in ("prices", "balances", "value")}
    gecko.routes["/api/v3/coins/markets"][2]["current_price"] = "n/a"
    state = run_cryptos("2026-12-01")
    assert state.is_failed()
    assert "CoinGecko /api/v3/coins/markets: field '2.current_price' expected a number, got 'n/a'" in state.message
    assert before == {n: (vtasks_env / "data/cryptos" / f"{n}.parquet").read_bytes() for n in before}


def test_persistent_5xx_fails_naming_the_api(prefect_api, apis, vtasks_env):
    gecko, _ = apis
    gecko.add_fault("/api/v3/coins/markets", status=503, count=10)
    state = run_cryptos("2026-11-22")
    assert state.is_failed() and "CoinGecko GET /api/v3/coins/markets: failed after 4 attempts" in state.message
    assert not (vtasks_env / "data/cryptos").exists()


def test_demo_profile_replays_recorded_answers_without_network(prefect_api, vtasks_env, monkeypatch):
    monkeypatch.setenv("VTASKS_CRYPTOS__COINGECKO_URL", "http://127.0.0.1:9")  # nothing listens there
    state = run_cryptos("2026-11-22")
    assert state.is_completed(), state.message
    assert (vtasks_env / "data/_demo/api/coingecko.json").exists()
    value = read(vtasks_env, "value")
    assert len(value) == 1 and value["total"].item() > 0
    assert read(vtasks_env, "prices")["month"].nunique() == 13  # 365 days of history reach 12 months back
    again = run_cryptos("2026-11-22").result()
    assert again.reports == []  # same answers, same tables: the report is not rendered again


def test_a_bad_price_import_fails_naming_file_row_and_column_before_any_call(prefect_api, apis, vtasks_env):
    gecko, _ = apis
    path = vtasks_env / "data/cryptos/import/prices.csv"
    path.parent.mkdir(parents=True)
    path.write_text("date,coin,price\n2020-01-31,bitcoin,1\n2020-02-29,bitcoin,n/a\n")
    state = run_cryptos("2026-11-22")
    assert state.is_failed()
    assert "cryptos/import/prices.csv: row 3, column 'price': expected a number, got 'n/a'" in state.message
    assert sum(gecko.calls.values()) == 0 and not (vtasks_env / "data/cryptos/prices.parquet").exists()
    assert path.read_text().endswith("n/a\n")  # the user's file is left as it was
