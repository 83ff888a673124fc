"""Pure cryptos transforms on tiny answers with hand-computed expectations, error cases included."""

import pandas as pd
import pytest

from tasks.cryptos.transform import (
    balances_table,
    current_prices,
    exchange_units,
    monthly_prices,
    value_table,
)
from tasks.http.payload import PayloadError
from tasks.months import with_months_replaced

NOV, DEC = pd.Timestamp("2026-11-01"), pd.Timestamp("2026-12-01")
MARKETS = [
    {"id": "ethereum", "current_price": 2000.5, "market_cap": 240e9},
    {"id": "bitcoin", "current_price": 30000, "market_cap": 600e9},
    {"id": "dogecoin", "current_price": 0.1, "market_cap": 14e9},
]
SRC = "CoinGecko /api/v3/coins/markets"


def test_current_prices_one_row_per_configured_coin_in_config_order():
    out = current_prices(MARKETS, ["bitcoin", "ethereum"], NOV, SRC)
    assert out.to_dict("records") == [
        {"month": NOV, "coin": "bitcoin", "price": 30000.0, "market_cap": 600e9},
        {"month": NOV, "coin": "ethereum", "price": 2000.5, "market_cap": 240e9},
    ]
    assert str(out["month"].dtype) == "datetime64[ns]"


@pytest.mark.parametrize(
    "answer, message",
    [
        ({"error": "rate limited"}, "field '(body)' expected a list"),
        (
            [{"id": "bitcoin", "current_price": None, "market_cap": 1}],
            "field '0.current_price' expected a number, got None",
        ),
        ([{"id": "bitcoin", "current_price": 1}], "field '0.market_cap' missing"),
        ([{"id": "bitcoin", "current_price": -3, "market_cap": 1}], "field '0.current_price' expected a number >= 0"),
        ([{"id": "bitcoin", "current_price": 1, "market_cap": 1}], "no entry with 'id' 'ethereum'"),
    ],
)
def test_bad_markets_answer_names_source_field_and_expectation(answer, message):
    with pytest.raises(PayloadError, match=SRC) as err:
        current_prices(answer, ["bitcoin", "ethereum"], NOV, SRC)
    assert message in str(err.value)


def test_monthly_prices_take_the_last_point_of_each_earlier_month():
    day = 86_400_000
    sep30, oct1, oct31, nov2 = 1790726400000, 1790726400000 + day, 1790726400000 + 31 * day, 1790726400000 + 33 * day
    chart = {
        "prices": [[sep30, 10], [oct1, 11], [oct31, 12], [nov2, 99]],
        "market_caps": [[sep30, 100], [oct1, 110], [oct31, 120], [nov2, 990]],
    }
    out = monthly_prices(chart, "bitcoin", NOV, "src")
    assert out[["month", "price", "market_cap"]].values.tolist() == [
        [pd.Timestamp("2026-09-01"), 10.0, 100.0],
        [pd.Timestamp("2026-10-01"), 12.0, 120.0],
    ]
    assert set(out["coin"]) == {"bitcoin"}


def test_monthly_prices_reject_a_point_that_is_not_a_pair():
    with pytest.raises(PayloadError, match=r"src: field 'prices.1.1' missing"):
        monthly_prices({"prices": [[1, 2], [3]], "market_caps": []}, "bitcoin", NOV, "src")


def test_exchange_units_sum_mapped_assets_and_list_the_rest():
    answer = {"error": [], "result": {"XXBT": "0.5", "XBT.M": "0.25", "ZEUR": "10.0", "XETH": "2"}}
    units, unknown = exchange_units(answer, {"XXBT": "bitcoin", "XBT.M": "bitcoin", "XETH": "ethereum"}, "Kraken")
    assert units == {"bitcoin": 0.75, "ethereum": 2.0} and unknown == ["ZEUR"]
    with pytest.raises(PayloadError, match=r"Kraken: field 'result.XXBT' expected a number, got 'lots'"):
        exchange_units({"result": {"XXBT": "lots"}}, {"XXBT": "bitcoin"}, "Kraken")


def test_balances_add_every_source_of_holdings_per_coin():
    out = balances_table(NOV, ["bitcoin", "ethereum", "cardano"], {"bitcoin": 0.1}, {"bitcoin": 0.4, "ethereum": 2})
    assert out["units"].tolist() == [0.5, 2.0, 0.0]


def test_value_is_units_times_that_months_price_wide_with_total():
    prices = pd.DataFrame(
        {
            "month": [NOV, NOV, DEC, DEC],
            "coin": ["bitcoin", "ethereum"] * 2,
            "price": [30000.0, 2000.0, 40000.0, 1000.0],
            "market_cap": 1.0,
        }
    )
    balances = pd.DataFrame(
        {"month": [NOV, NOV, DEC, DEC], "coin": ["bitcoin", "ethereum"] * 2, "units": [0.5, 2.0, 0.25, 0.0]}
    )
    value, warnings = value_table(prices, balances, ["bitcoin", "ethereum"])
    assert list(value.columns) == ["month", "bitcoin", "ethereum", "total"]
    assert value.values.tolist() == [[NOV, 15000.0, 4000.0, 19000.0], [DEC, 10000.0, 0.0, 10000.0]]
    assert warnings == []


def test_value_warns_about_units_without_a_price():
    balances = pd.DataFrame({"month": [NOV], "coin": ["cardano"], "units": [100.0]})
    prices = pd.DataFrame({"month": [NOV], "coin": ["bitcoin"], "price": [1.0], "market_cap": [1.0]})
    value, warnings = value_table(prices, balances, ["bitcoin", "cardano"])
    assert value["total"].tolist() == [0.0] and warnings == ["no cardano price for 2026-11; valued at 0"]


def test_history_keeps_other_months_and_replaces_the_new_ones_whole():
    old = pd.DataFrame({"month": [NOV, NOV, DEC], "coin": ["a", "b", "a"], "units": [1.0, 2.0, 3.0]})
    new = pd.DataFrame({"month": [DEC], "coin": ["b"], "units": [9.0]})
    out = with_months_replaced(old, new, ["month", "coin"])
    assert out.values.tolist() == [[NOV, "a", 1.0], [NOV, "b", 2.0], [DEC, "b", 9.0]]
    assert with_months_replaced(None, new, ["month", "coin"]).values.tolist() == [[DEC, "b", 9.0]]
