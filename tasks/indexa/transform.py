"""Pure transforms of the indexa subflow: API answers in, one row per month and account out."""

from __future__ import annotations

import pandas as pd

from tasks.http.payload import number, of_type
from tasks.indexa.schema import COL_ACCOUNT, COL_INVESTED, COL_MONTH, COL_VALUE, PERFORMANCE_COLUMNS


def account_numbers(me, source: str) -> list[str]:
    """Every account number listed by `/users/me`, in the order given."""
    accounts = of_type(me, "accounts", list, source)
    return [of_type(me, f"accounts.{i}.account_number", str, source) for i in range(len(accounts))]


def performance_rows(answers: dict[str, object], month: pd.Timestamp, sources: dict[str, str]) -> pd.DataFrame:
    """`month, account, invested, value` from each account's `/performance` answer (`return.investment`,
    `return.total_amount`), rounded to cents."""
    rows = [
        (
            month,
            account,
            round(number(answer, "return.investment", sources[account], minimum=None), 2),
            round(number(answer, "return.total_amount", sources[account], minimum=None), 2),
        )
        for account, answer in answers.items()
    ]
    frame = pd.DataFrame(rows, columns=PERFORMANCE_COLUMNS)
    return frame.astype(
        {COL_MONTH: "datetime64[ns]", COL_ACCOUNT: "string", COL_INVESTED: "float64", COL_VALUE: "float64"}
    )
