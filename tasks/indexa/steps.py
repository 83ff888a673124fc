"""Prefect task of the indexa subflow: this month's invested amount and value per account, history kept."""

from __future__ import annotations

from datetime import date

import pandas as pd

from config.indexa import IndexaSettings
from tasks.indexa.clients import Indexa
from tasks.indexa.schema import COL_ACCOUNT, COL_MONTH, PATH_ME, PATH_PERFORMANCE, PERFORMANCE_HISTORY
from tasks.indexa.transform import account_numbers, performance_rows
from tasks.months import with_months_replaced
from tasks.run.history_guard import Guard
from tasks.run.outputs import write_tables, written_warnings
from tasks.run.step import step
from tasks.storage.base import Storage


@step("indexa.extract")
def extract_indexa(
    indexa: Indexa, storage: Storage, cfg: IndexaSettings, run_date: date, guard: Guard | None = None
) -> dict:
    """Read every account, then replace this month's rows; a bad answer for any account writes nothing."""
    accounts = cfg.accounts or account_numbers(indexa.me(), f"Indexa {PATH_ME}")
    answers = {account: indexa.performance(account) for account in accounts}
    sources = {account: f"Indexa {PATH_PERFORMANCE.format(account=account)}" for account in accounts}
    month = pd.Timestamp(run_date).to_period("M").to_timestamp()
    new = performance_rows(answers, month, sources)
    path = cfg.paths.performance
    old = storage.read_parquet(path) if storage.exists(path) else None
    table = with_months_replaced(old, new, [COL_MONTH, COL_ACCOUNT])
    written = write_tables(storage, {path: table}, {path: PERFORMANCE_HISTORY}, guard)
    return {
        "rows": sum(w.rows for w in written),
        "files": [w.path for w in written],
        "newest": run_date.isoformat(),
        "warnings": ([] if accounts else ["Indexa lists no accounts"]) + written_warnings(written),
        "source": indexa.mode,
    }
