"""Pure indexa transforms on tiny answers with hand-computed expectations, error cases included."""

import pandas as pd
import pytest

from tasks.http.payload import PayloadError
from tasks.indexa.transform import account_numbers, performance_rows

NOV = pd.Timestamp("2026-11-01")


def test_account_numbers_in_the_order_given():
    me = {"accounts": [{"account_number": "B2"}, {"account_number": "A1", "type": "pension"}]}
    assert account_numbers(me, "Indexa /users/me") == ["B2", "A1"]


@pytest.mark.parametrize(
    "me, message",
    [
        ({}, "Indexa /users/me: field 'accounts' missing"),
        ({"accounts": [{"number": "A1"}]}, "Indexa /users/me: field 'accounts.0.account_number' missing"),
        ({"accounts": [{"account_number": 7}]}, "field 'accounts.0.account_number' expected text, got 7"),
    ],
)
def test_bad_me_answer_names_the_field(me, message):
    with pytest.raises(PayloadError, match=message):
        account_numbers(me, "Indexa /users/me")


def test_performance_rows_take_investment_and_total_amount_rounded_to_cents():
    answers = {
        "A1": {"return": {"investment": 1000, "total_amount": 1234.567}},
        "B2": {"return": {"investment": 500.004, "total_amount": 480.0, "pl": -20}},
    }
    out = performance_rows(answers, NOV, {"A1": "a", "B2": "b"})
    assert list(out.columns) == ["month", "account", "invested", "value"]
    assert out.values.tolist() == [[NOV, "A1", 1000.0, 1234.57], [NOV, "B2", 500.0, 480.0]]
    assert str(out["month"].dtype) == "datetime64[ns]"


def test_performance_without_total_amount_names_the_account_source():
    with pytest.raises(PayloadError, match=r"Indexa /accounts/A1/performance: field 'return.total_amount' missing"):
        performance_rows({"A1": {"return": {"investment": 1}}}, NOV, {"A1": "Indexa /accounts/A1/performance"})
