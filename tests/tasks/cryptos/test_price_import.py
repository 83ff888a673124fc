"""Older prices from a `date,coin,price` CSV: monthly rows, named errors, and fetched prices winning."""

import pandas as pd
import pytest

from tasks.cryptos.price_import import imported_prices, with_gaps_filled, with_rows_replaced
from tasks.validation import InputError

NOV = pd.Timestamp("2026-11-01")
SOURCE = "cryptos/import/prices.csv"


def raw(rows: list[list[str]], header=("date", "coin", "price")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(header), dtype=str)


def test_the_last_price_of_each_month_per_configured_coin():
    frame = raw(
        [
            ["2020-01-31", "bitcoin", "8500.5"],
            ["2020-01-05", "bitcoin", "7000"],
            ["2020-02-29", "Bitcoin", "8000"],
            ["2020-01-31", "dogecoin", "0.002"],
            ["2026-11-02", "bitcoin", "1"],
        ]
    )  # the current month comes from the API, never the file
    out, warnings = imported_prices(frame, ["bitcoin", "ethereum"], NOV, SOURCE)
    assert out[["month", "coin", "price"]].values.tolist() == [
        [pd.Timestamp("2020-01-01"), "bitcoin", 8500.5],
        [pd.Timestamp("2020-02-01"), "bitcoin", 8000.0],
    ]
    assert list(out.columns) == ["month", "coin", "price", "market_cap"] and out["market_cap"].isna().all()
    assert warnings == [f"{SOURCE}: coins not in coins, ignored: dogecoin"]


def test_headers_in_any_case_are_read():
    out, _ = imported_prices(raw([["2020-01-31", "bitcoin", "1"]], ("Date", "COIN", "Price")), ["bitcoin"], NOV, SOURCE)
    assert out["price"].tolist() == [1.0]


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([["31/01/2020", "bitcoin", "1"]], "row 2, column 'date': expected a date (YYYY-MM-DD), got '31/01/2020'"),
        ([["2020-01-31", "bitcoin", "1,5"]], "row 2, column 'price': expected a number, got '1,5'"),
        (
            [["2020-01-31", "bitcoin", "1"], ["2020-01-31", "bitcoin", "2"]],
            "rows 2, 3: more than one price for bitcoin on 2020-01-31",
        ),
    ],
)
def test_a_bad_row_names_the_file_row_and_column(rows, expected):
    with pytest.raises(InputError, match=f"^{SOURCE}: .*") as err:
        imported_prices(raw(rows), ["bitcoin"], NOV, SOURCE)
    assert expected in str(err.value)


def test_a_missing_column_is_named():
    with pytest.raises(InputError, match="missing column 'price'"):
        imported_prices(raw([["2020-01-31", "bitcoin"]], ("date", "coin")), ["bitcoin"], NOV, SOURCE)


def test_fetched_prices_win_and_imported_ones_fill_the_gaps():
    fetched = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-12-01", "2025-12-01"]),
            "coin": ["a", "b"],
            "price": [10.0, 20.0],
            "market_cap": [1.0, 2.0],
        }
    )
    imported = pd.DataFrame(
        {
            "month": pd.to_datetime(["2024-01-01", "2025-12-01"]),
            "coin": ["a", "a"],
            "price": [5.0, 99.0],
            "market_cap": [float("nan")] * 2,
        }
    )
    out = with_gaps_filled(fetched, imported)
    assert out[["coin", "price"]].values.tolist() == [["a", 5.0], ["a", 10.0], ["b", 20.0]]


def test_rows_replaced_by_month_and_coin_keep_other_coins_of_that_month():
    old = pd.DataFrame({"month": pd.to_datetime(["2026-10-01"] * 2), "coin": ["a", "b"], "price": [1.0, 2.0]})
    new = pd.DataFrame({"month": pd.to_datetime(["2026-10-01"]), "coin": ["a"], "price": [3.0]})
    assert with_rows_replaced(old, new, ["month", "coin"])[["coin", "price"]].values.tolist() == [
        ["a", 3.0],
        ["b", 2.0],
    ]


def test_a_price_corrected_in_the_file_replaces_the_one_imported_before():
    stored = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-01-01", "2020-02-01", "2025-12-01"]),
            "coin": ["a"] * 3,
            "price": [1.0, 2.0, 10.0],
            "market_cap": [float("nan"), float("nan"), 5.0],
        }
    )
    corrected = pd.DataFrame(
        {
            "month": pd.to_datetime(["2020-01-01", "2025-12-01"]),
            "coin": ["a", "a"],
            "price": [1.5, 99.0],
            "market_cap": [float("nan")] * 2,
        }
    )
    out = with_gaps_filled(stored, corrected)
    assert out["price"].tolist() == [1.5, 2.0, 10.0]  # corrected; kept though no longer in the file; API's
