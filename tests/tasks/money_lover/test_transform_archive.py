"""Transactions from typed export rows, and archive names that never collide."""

from datetime import date

import pandas as pd

from tasks.money_lover.archive import archive_path, export_day
from tasks.money_lover.transform import transactions_table


def test_transactions_exclude_debts_type_by_sign_and_absolute_amounts():
    export = pd.DataFrame(
        {
            "DATE": pd.to_datetime(["2025-01-02", "2025-01-01", "2025-01-03", "2025-01-03"]),
            "CATEGORY": ["Food", "Salary", "loan", "Gift"],
            "AMOUNT": [-12.5, 2000.0, -300.0, 0.0],
            "NOTE": ["a", "", "", ""],
        }
    )
    got = transactions_table(export, ["Loan", "Debt"])
    assert got.columns.tolist() == ["date", "category", "amount", "type", "note"]
    assert got["category"].tolist() == ["Salary", "Food", "Gift"]  # oldest first, "loan" excluded in any case
    assert got["amount"].tolist() == [2000.0, 12.5, 0.0]
    assert got["type"].tolist() == ["Incomes", "Expenses", "Expenses"]
    assert str(got["date"].dtype).startswith("datetime64")


def test_export_day_from_name_else_modification_day():
    assert export_day("money_lover/exports/MoneyLover-2026-11-20.csv", date(2026, 1, 1)) == date(2026, 11, 20)
    assert export_day("money_lover/exports/export.csv", date(2026, 1, 1)) == date(2026, 1, 1)
    assert export_day("MoneyLover-2026-13-40.csv", date(2026, 1, 1)) == date(2026, 1, 1)


def test_archive_path_adds_a_suffix_per_export_of_the_same_day():
    taken = {"a/2026/2026-11-20.parquet"}
    first = archive_path("a", date(2026, 11, 20), taken)
    assert first == "a/2026/2026-11-20_2.parquet"
    taken.add(first)
    assert archive_path("a", date(2026, 11, 20), taken) == "a/2026/2026-11-20_3.parquet"
    assert archive_path("a", date(2025, 1, 5), taken) == "a/2025/2025-01-05.parquet"
