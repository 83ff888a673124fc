"""Worksheet validation naming sheet, row and column; per-month views that change only with their rows."""

import pandas as pd
import pytest

from tasks.expensor.sheets import accounts_frame, balances_long
from tasks.expensor.views import month_views, view_digest
from tasks.validation import InputError

ACCOUNTS = pd.DataFrame({"Name": ["Bank 1", "Fund 1"], "Type": ["Liquid", "Investment"], "Subtype": ["Bank", None]})


def test_balances_long_types_and_names_subtypes():
    raw = pd.DataFrame({"Date": [pd.Timestamp("2025-01-31")], "Bank 1": ["12.5"], "Fund 1": [None], "Total": [12.5]})
    rows = balances_long(raw, "expensor_data / liquid_m", "liquid", accounts_frame(ACCOUNTS, "accounts"))
    assert rows[["month", "account", "subtype", "amount"]].values.tolist() == [
        [pd.Timestamp("2025-01-01"), "Bank 1", "Bank", 12.5],
        [pd.Timestamp("2025-01-01"), "Fund 1", "Other", 0.0],
    ]


def test_bad_cell_names_sheet_row_and_column():
    raw = pd.DataFrame({"Date": [pd.Timestamp("2025-01-31"), pd.Timestamp("2025-02-28")], "Bank 1": [1.0, "lots"]})
    with pytest.raises(
        InputError, match=r"^expensor_data / liquid_m: row 3, column 'Bank 1': expected a number, got 'lots'"
    ):
        balances_long(raw, "expensor_data / liquid_m", "liquid", accounts_frame(ACCOUNTS, "accounts"))


def test_unknown_account_column_and_bad_account_type():
    raw = pd.DataFrame({"Date": [pd.Timestamp("2025-01-31")], "Bank 9": [1.0]})
    with pytest.raises(InputError, match=r"liquid_m: column 'Bank 9' is not an account"):
        balances_long(raw, "expensor_data / liquid_m", "liquid", accounts_frame(ACCOUNTS, "accounts"))
    with pytest.raises(
        InputError, match=r"^accounts: row 3, column 'Type': expected Liquid or Investment, got 'Shares'"
    ):
        accounts_frame(ACCOUNTS.assign(Type=["Liquid", "Shares"]), "accounts")
    with pytest.raises(InputError, match=r"^accounts: missing column 'Type'"):
        accounts_frame(ACCOUNTS.drop(columns="Type"), "accounts")


def tables(food_in_march: float) -> dict[str, pd.DataFrame]:
    months = pd.date_range("2024-01-01", "2025-03-01", freq="MS")
    monthly = pd.DataFrame(
        {"month": months, "incomes": 1000.0, "expenses": 500.0, "result": 500.0, "savings_pct": 50.0}
    )
    monthly.loc[months == "2024-03-01", "expenses"] = food_in_march
    worth = pd.DataFrame(
        {"month": months, "liquid": 10.0, "total_worth": 20.0, "survival_months": 1.0, "years_covered": 2.0}
    )
    categories = pd.DataFrame({"month": months, "type": "Expenses", "category": "Food", "amount": 500.0})
    categories.loc[months == "2024-03-01", "amount"] = food_in_march
    balances = pd.DataFrame(
        {"month": [months[0]], "kind": ["liquid"], "account": ["Bank 1"], "subtype": ["Bank"], "amount": [10.0]}
    )
    return {"monthly": monthly, "worth": worth, "categories": categories, "balances": balances}


def test_a_changed_month_changes_only_its_own_and_next_years_digest():
    before = {k: view_digest(v) for k, v in month_views(tables(500.0)).items()}
    after = {k: view_digest(v) for k, v in month_views(tables(650.0)).items()}
    assert len(before) == 15
    # March 2025 shows March 2024 as "last year", so it is the only other page to rebuild.
    assert sorted(k for k in before if before[k] != after[k]) == ["2024-03", "2025-03"]
    view = month_views(tables(650.0))["2025-03"]
    assert (
        view["previous"][1] == 650.0
        and view["expenses"] == [["Food", 500.0]]
        and view["subtypes"] == [["liquid", "Bank", 10.0]]
    )


def test_month_pie_colours_come_from_the_colour_table_and_only_that_months_categories_count():
    colours = pd.DataFrame(
        {"kind": ["category", "category"], "name": ["Food", "Rent"], "color": ["#F44336", "#2196F3"], "order": [0, 1]}
    )
    views = month_views({**tables(500.0), "colors": colours})
    assert views["2025-03"]["expense_colors"] == ["#F44336"]
    recoloured = month_views({**tables(500.0), "colors": colours.assign(color=["#F44336", "#000000"])})
    assert all(view_digest(views[k]) == view_digest(recoloured[k]) for k in views)  # Rent is in no month
