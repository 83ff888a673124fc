"""Transactions from typed export rows, and archive names that never collide."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tasks.money_lover.archive import archive_path, export_counter, export_day
from tasks.money_lover.transform import stable_order, transactions_table


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


def test_transactions_are_in_the_order_of_a_stable_sort_of_the_kept_rows():
    rng = np.random.default_rng(3)
    n = 2000
    export = pd.DataFrame(
        {
            "DATE": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 20, n), unit="D"),
            "CATEGORY": rng.choice(["Food", "food", "Loan", "Zoo", "Äpfel", "Rent"], n),
            "AMOUNT": rng.choice([-5.0, 5.0, -12.25, 0.0, 300.0], n),
            "NOTE": [f"n{i}" for i in range(n)],  # tells apart rows that tie on every sort key
        }
    )
    kept = export[export["CATEGORY"] != "Loan"]
    expected = pd.DataFrame(
        {
            "date": kept["DATE"],
            "category": kept["CATEGORY"],
            "amount": kept["AMOUNT"].abs(),
            "type": np.where(kept["AMOUNT"] > 0, "Incomes", "Expenses"),
            "note": kept["NOTE"],
        }
    )
    expected = expected.sort_values(["date", "type", "category", "amount"], kind="stable", ignore_index=True)
    pd.testing.assert_frame_equal(
        transactions_table(export, ["loan"]), expected.astype({"date": "datetime64[ns]", "type": "str"})
    )


@pytest.mark.parametrize(
    "frame, order",
    [
        (pd.DataFrame({"a": ["b", "a", "b", "a"], "b": [1.0, 2.0, 1.0, 0.0]}), [3, 1, 0, 2]),
        (pd.DataFrame({"a": [2.0, None, 1.0, None], "b": [0, 1, 2, 0]}), [2, 0, 3, 1]),  # missing last, then b
        (
            pd.DataFrame({"a": pd.to_datetime(["2025-02-01", "2025-01-01", "2025-02-01"]), "b": ["x", "y", "x"]}),
            [1, 0, 2],
        ),
        (pd.DataFrame({"a": pd.Series(["b", None, "a", "Ä", None], dtype=str), "b": [1, 1, 2, 0, 0]}), [2, 0, 3, 4, 1]),
        (
            pd.DataFrame({"a": pd.to_datetime(["2025-01-02", None, "2025-01-01"]), "b": [2.0, 0.0, float("nan")]}),
            [2, 0, 1],
        ),
        (pd.DataFrame({"a": pd.Series([], dtype=str), "b": pd.Series([], dtype=float)}), []),
    ],
)
def test_stable_order_is_the_order_of_sort_values(frame, order):
    assert stable_order(frame, ["a", "b"]).tolist() == order
    assert frame.sort_values(["a", "b"], kind="stable").index.tolist() == order


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


def test_export_counter_orders_a_days_downloads():
    assert export_counter("money_lover/exports/2023-05-14 (2).csv") == 2
    assert export_counter("MoneyLover-2023-05-14.xls") == 0
    assert export_counter("MoneyLover-2023-05-14 (10).xls") == 10


def test_default_exclusions_cover_english_and_spanish_names_in_any_case_or_accents(vtasks_env):
    from config.money_lover import MoneyLoverSettings
    from config.subflows import load_subflow_settings

    names = [
        "Debt",
        "DEUDA",
        "prestamo",
        "Préstamos",
        "Pago",
        "colección de pago",
        "Debt Collection",
        "Loan",
        "Repayment",
        "Otros",
        "Food",
    ]
    export = pd.DataFrame(
        {
            "DATE": pd.to_datetime(["2025-01-01"] * len(names)),
            "CATEGORY": names,
            "AMOUNT": [-1.0] * len(names),
            "NOTE": [""] * len(names),
        }
    )
    kept = transactions_table(export, load_subflow_settings(MoneyLoverSettings).excluded_categories)
    assert sorted(kept["category"]) == ["Food", "Otros"]  # Otros is spending unless the user excludes it
