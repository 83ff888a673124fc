"""Pure transforms for the long view: yearly bubbles and where a period's income went (sankey links)."""

from __future__ import annotations

import pandas as pd

from tasks.expensor.cashflow import category_split
from tasks.expensor.schema import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_EXPENSES,
    COL_INVESTED,
    COL_MONTH,
    COL_SAVINGS_PCT,
    COL_YEAR,
    COL_YEARS_COVERED,
)
from tasks.money_lover.schema import EXPENSES, INCOMES

NODE_INCOME, NODE_SAVINGS, NODE_INVESTMENTS = "Income", "Savings", "Investments"


def yearly_bubbles(yearly: pd.DataFrame, worth: pd.DataFrame) -> pd.DataFrame:
    """Per year: savings %, years of expenses covered at the year's last month, and the year's expenses."""
    year_end = worth.groupby(worth[COL_MONTH].dt.year)[COL_YEARS_COVERED].last()
    out = yearly[[COL_YEAR, COL_SAVINGS_PCT, COL_EXPENSES]].copy()
    out[COL_YEARS_COVERED] = out[COL_YEAR].map(year_end).fillna(0.0)
    return out[[COL_YEAR, COL_SAVINGS_PCT, COL_YEARS_COVERED, COL_EXPENSES]]


def sankey_links(categories: pd.DataFrame, worth: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Links source -> target -> value: income categories -> Income -> expense categories, Investments, Savings.

    Investments is what the invested amount grew by over the period (capped at the result), Savings the rest
    of the result; a negative result draws neither.
    """
    incomes = category_split(categories, INCOMES, start, end)
    expenses = category_split(categories, EXPENSES, start, end)
    result = incomes[COL_AMOUNT].sum() - expenses[COL_AMOUNT].sum()
    invested = worth.set_index(COL_MONTH)[COL_INVESTED]
    before = invested[invested.index < start]
    growth = (
        invested[invested.index <= end].iloc[-1] - (before.iloc[-1] if len(before) else 0.0) if len(invested) else 0.0
    )
    to_investments = min(max(growth, 0.0), max(result, 0.0))
    links = [(c, NODE_INCOME, a) for c, a in zip(incomes[COL_CATEGORY], incomes[COL_AMOUNT])]
    links += [(NODE_INCOME, c, a) for c, a in zip(expenses[COL_CATEGORY], expenses[COL_AMOUNT])]
    links += [
        (NODE_INCOME, NODE_INVESTMENTS, to_investments),
        (NODE_INCOME, NODE_SAVINGS, max(result, 0.0) - to_investments),
    ]
    out = pd.DataFrame(links, columns=["source", "target", "value"])
    return out[out["value"] > 0].reset_index(drop=True)
