"""`vtasks run` in the real profile against a CoinGecko emulator with the keyless plan's limits (365 days of
history, 10 calls a minute): a year of prices lands on the first run, the next day costs one call."""

import shutil
from datetime import date
from pathlib import Path

import pandas as pd

from tests.emulators.coingecko_api import CoinGeckoEmulator
from tests.flows.test_cli import vtasks_cli

FIXTURE = Path(__file__).parents[1] / "fixtures" / "real" / "cryptos_prices.csv"
COINS = ["bitcoin", "ethereum", "cardano", "solana", "polkadot", "chainlink"]


def run(day: str, gecko: CoinGeckoEmulator, cwd: Path, api_url: str):
    env = {
        "VTASKS_PROFILE": "real",
        "VTASKS_CRYPTOS__COINGECKO_URL": gecko.url,
        "COINGECKO_API_KEY": "",
        "KRAKEN_API_KEY": "",
        "KRAKEN_API_SECRET": "",
    }
    return vtasks_cli("run", "--only", "cryptos", "--date", day, cwd=cwd, api_url=api_url, extra_env=env)


def test_a_year_of_keyless_prices_then_one_call_a_day(prefect_api, tmp_path):
    with CoinGeckoEmulator(today=date(2026, 11, 22)) as gecko:
        first = run("2026-11-22", gecko, tmp_path, prefect_api)
        assert first.returncode == 0, first.stdout + first.stderr
        assert gecko.statuses == {200: 7}  # markets and one range per coin: no 401, no 429
        prices = pd.read_parquet(tmp_path / "data/cryptos/prices.parquet")
        months = prices.groupby("coin")["month"].agg(["min", "max", "nunique"])
        assert (months["min"] == "2025-11-01").all() and (months["max"] == "2026-11-01").all()
        assert (months["nunique"] == 13).all() and sorted(months.index) == sorted(COINS)

        gecko.today = date(2026, 11, 23)
        second = run("2026-11-23", gecko, tmp_path, prefect_api)
        assert second.returncode == 0, second.stdout + second.stderr
        assert sum(gecko.statuses.values()) == 8 and gecko.calls["/api/v3/coins/markets"] == 2  # one call
    value = pd.read_parquet(tmp_path / "data/cryptos/value.parquet")
    assert list(value.columns) == ["month", *COINS, "total"] and value["total"].item() > 0  # expensor's input


def test_older_prices_imported_from_csv_fill_what_the_plan_does_not_serve(prefect_api, tmp_path):
    target = tmp_path / "data/cryptos/import/prices.csv"
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURE, target)
    with CoinGeckoEmulator(today=date(2026, 11, 22)) as gecko:
        done = run("2026-11-22", gecko, tmp_path, prefect_api)
        assert done.returncode == 0, done.stdout + done.stderr
        fetched_nov = gecko.routes["/api/v3/coins/bitcoin/market_chart/range"]["prices"]
    prices = pd.read_parquet(tmp_path / "data/cryptos/prices.parquet").set_index(["coin", "month"])["price"]
    csv = pd.read_csv(FIXTURE, parse_dates=["date"])
    btc = csv[csv["coin"] == "bitcoin"].set_index("date")["price"]
    assert prices["bitcoin"]["2023-01-01"] == btc["2023-01-31"]  # older than the window: from the file
    assert prices["bitcoin"]["2025-10-01"] == btc["2025-10-31"]
    nov_30 = pd.Timestamp("2025-11-30").value // 1_000_000
    assert prices["bitcoin"]["2025-11-01"] == dict(map(tuple, fetched_nov))[nov_30] != btc["2025-11-30"]  # API wins
    assert prices["ethereum"].index.min() == pd.Timestamp("2023-01-01") and "cardano" in prices
    assert target.read_bytes() == FIXTURE.read_bytes()  # the import is read, never rewritten
