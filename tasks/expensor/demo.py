"""The demo household's expensor_data spreadsheet: accounts, categories, salary and monthly balances."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tasks.money_lover.demo import EXPENSE_CATEGORIES, INCOME_CATEGORIES, demo_salary, demo_transactions

LIQUID = [("Bank", 6), ("Savings", 4), ("Cash", 2), ("Deposits", 3)]  # subtype, accounts: 15 liquid
INVESTMENTS = [("Funds", 4), ("Stocks", 3), ("Pension", 2), ("Real estate", 1)]  # 10 investment accounts
# Material palette names and shades as the real sheets hold them; every seventh row is left blank (a stable colour).
COLOURS = [
    ("green", 500),
    ("light green", 400),
    ("teal", 400),
    ("red", 500),
    ("deep orange", 400),
    ("amber", 600),
    ("pink", 300),
    ("purple", 400),
    ("indigo", 400),
    ("light blue", 500),
    ("brown", 400),
    ("blue grey", 500),
]
SHADES = [500, 300, 700, 400, 600, 800]  # an account's shade within its subtype's colour
INVESTED_SHARE = 0.6  # of each positive month's result moved into investments


def _colour_columns(count: int) -> dict[str, list]:
    picked = [None if i % 7 == 6 else COLOURS[i % len(COLOURS)] for i in range(count)]
    return {"Color Name": [p[0] if p else "" for p in picked], "Color Index": [p[1] if p else "" for p in picked]}


def _accounts(kind: str, subtypes, first_colour: int) -> list[tuple]:
    """Accounts coloured by subtype (one Material name each, shades by account); Cash is left blank (a stable colour)."""
    rows = []
    for j, (subtype, count) in enumerate(subtypes):
        name = "" if subtype == "Cash" else COLOURS[(first_colour + 3 * j) % len(COLOURS)][0]
        rows += [
            (f"{subtype} {i + 1}", kind, subtype, name, SHADES[i % len(SHADES)] if name else "") for i in range(count)
        ]
    return rows


def demo_accounts() -> pd.DataFrame:
    rows = _accounts("Liquid", LIQUID, 0) + _accounts("Investment", INVESTMENTS, 1)
    return pd.DataFrame(rows, columns=["Name", "Type", "Subtype", "Color Name", "Color Index"])


def demo_categories() -> pd.DataFrame:
    names = INCOME_CATEGORIES + EXPENSE_CATEGORIES
    types = ["Incomes"] * len(INCOME_CATEGORIES) + ["Expenses"] * len(EXPENSE_CATEGORIES)
    return pd.DataFrame({"Name": names, "Type": types, **_colour_columns(len(names))})


def _split(rng, totals: np.ndarray, names: list[str], opens: np.ndarray) -> pd.DataFrame:
    """Spread monthly totals over accounts opened so far, with slowly drifting weights; blank before opening."""
    weights = np.cumsum(rng.normal(0, 0.05, size=(len(totals), len(names))), axis=0) + rng.uniform(0.5, 1.5, len(names))
    weights = np.clip(weights, 0.05, None) * (np.arange(len(totals))[:, None] >= opens[None, :])
    shares = weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-9)
    values = np.round(shares * totals[:, None], 2)
    return pd.DataFrame(np.where(shares > 0, values, np.nan), columns=names)


def demo_frames(seed: int, end: date, years: int, scale: float) -> dict[str, pd.DataFrame]:
    """Every worksheet of the demo `expensor_data` spreadsheet, consistent with the demo transactions."""
    rng = np.random.default_rng([seed, 11])
    transactions = demo_transactions(seed, end, years, scale)
    kept = transactions[~transactions["Category"].isin(["Loan", "Repayment"])]
    salary = demo_salary(np.random.default_rng([seed, 7]), end, years)
    months = salary["Date"]
    result = (
        kept.groupby(kept["Date"].dt.to_period("M").dt.to_timestamp())["Amount"]
        .sum()
        .reindex(months)
        .fillna(0)
        .to_numpy()
    )
    contributions = np.where(result > 0, result * INVESTED_SHARE, 0.0)
    liquid_total = 8000 + np.cumsum(result - contributions)
    accounts = demo_accounts()
    liquid_names = accounts.loc[accounts["Type"] == "Liquid", "Name"].tolist()
    invest_names = accounts.loc[accounts["Type"] == "Investment", "Name"].tolist()
    n = len(months)
    liquid = _split(
        rng,
        liquid_total,
        liquid_names,
        np.sort(rng.integers(0, n // 2, len(liquid_names))) * (np.arange(len(liquid_names)) > 1),
    )
    invest_opens = np.sort(rng.integers(0, n // 2, len(invest_names))) * (np.arange(len(invest_names)) > 0)
    invested = _split(rng, 5000 + np.cumsum(contributions), invest_names, invest_opens)
    returns = rng.normal(0.005, 0.03, size=(n, len(invest_names)))
    growth = pd.DataFrame(np.cumprod(1 + returns, axis=0), columns=invest_names)
    worth = (invested * growth / growth.where(invested.notna()).bfill().iloc[0].fillna(1)).round(2)
    date_col = {"Date": months}
    return {
        "liquid_m": pd.DataFrame({**date_col, **liquid, "Total": liquid.sum(axis=1).round(2)}),
        "invest_m": pd.DataFrame({**date_col, **invested}),
        "worth_m": pd.DataFrame({**date_col, **worth}),
        "salary": salary,
        "accounts": accounts,
        "trans_categ": demo_categories(),
    }
