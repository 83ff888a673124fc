"""Pure: the few numbers each month's archived report shows, so its digest covers exactly what it uses."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from tasks.expensor.colors import KIND_CATEGORY, colours_for, stable_colour
from tasks.expensor.schema import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_EXPENSES,
    COL_INCOMES,
    COL_KIND,
    COL_LIQUID,
    COL_MONTH,
    COL_RESULT,
    COL_SAVINGS_PCT,
    COL_SUBTYPE,
    COL_SURVIVAL_MONTHS,
    COL_TOTAL_WORTH,
    COL_TYPE,
    COL_YEARS_COVERED,
    KIND_LIQUID,
    KIND_WORTH,
)
from tasks.expensor.worth import balances_by
from tasks.money_lover.schema import EXPENSES, INCOMES

FLOW_COLUMNS = [COL_INCOMES, COL_EXPENSES, COL_RESULT, COL_SAVINGS_PCT]
WORTH_COLUMNS = [COL_LIQUID, COL_TOTAL_WORTH, COL_SURVIVAL_MONTHS, COL_YEARS_COVERED]


def month_views(tables: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """{"YYYY-MM": view} for every month: its flows, last year's, category amounts, balances by subtype, worth."""
    monthly, worth = tables["monthly"], tables["worth"]
    months = pd.DatetimeIndex(monthly[COL_MONTH])
    flows = dict(zip(months, _rounded_rows(monthly[FLOW_COLUMNS])))
    worths = dict(zip(pd.DatetimeIndex(worth[COL_MONTH]), _rounded_rows(worth[WORTH_COLUMNS])))
    splits: dict = {}
    ordered = tables["categories"].sort_values([COL_MONTH, COL_AMOUNT, COL_CATEGORY], ascending=[True, False, True])
    for month, kind, category, amount in ordered[[COL_MONTH, COL_TYPE, COL_CATEGORY, COL_AMOUNT]].itertuples(
        index=False
    ):
        splits.setdefault((month, kind), []).append([category, round(float(amount), 2)])
    balances = tables["balances"]
    held: dict = {}
    for kind in (KIND_LIQUID, KIND_WORTH):
        wide = balances_by(balances[balances[COL_KIND] == kind], months, COL_SUBTYPE).round(2)
        for month, values in zip(months, wide.to_numpy().tolist()):
            held.setdefault(month, []).extend([kind, str(s), v] for s, v in zip(wide.columns, values) if v != 0)
    colours = tables.get("colors")
    paint = (lambda names: colours_for(colours, KIND_CATEGORY, names)) if colours is not None else _stable
    return {
        f"{month:%Y-%m}": {
            "flows": flows[month],
            "previous": flows.get(month - pd.DateOffset(years=1)),
            "expenses": splits.get((month, EXPENSES), []),
            # Only this month's categories: a colour changed elsewhere does not rebuild this page.
            "expense_colors": paint([c for c, _ in splits.get((month, EXPENSES), [])]),
            "incomes": splits.get((month, INCOMES), []),
            "subtypes": held.get(month, []),
            "worth": worths.get(month),
        }
        for month in months
    }


def _stable(names: list[str]) -> list[str]:
    return [stable_colour(n) for n in names]


def _rounded_rows(frame: pd.DataFrame) -> list[list[float]]:
    # Rounded so float noise in a recomputation does not count as a change.
    return frame.astype("float64").round(2).to_numpy().tolist()


def view_digest(view: dict, **extra) -> str:
    """A stable hash of one month's view plus anything else its report depends on (locale, versions)."""
    return hashlib.sha256(json.dumps([view, sorted(extra.items())], sort_keys=True).encode()).hexdigest()
