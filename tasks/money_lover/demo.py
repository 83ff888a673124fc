"""A deterministic synthetic household: salary history and ~30 transactions a week over 40 categories."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

PATH_DEMO_EXPORT = "money_lover/exports/MoneyLover-{end}.csv"
TRANSACTIONS_PER_WEEK = 30
INFLATION = 0.022  # yearly, applied to spending so the history looks lived in
SPENDING = 0.28  # scales EVERYDAY means so about a quarter of the net salary is saved
# Everyday spending: (name, share of transactions, mean amount in EUR at the start of the history).
EVERYDAY = [
    ("Groceries", 7.0, 28),
    ("Restaurants", 2.0, 32),
    ("Cafes", 3.0, 3.5),
    ("Public transport", 2.5, 2.4),
    ("Fuel", 0.8, 55),
    ("Parking", 0.8, 6),
    ("Car maintenance", 0.1, 180),
    ("Pharmacy", 0.5, 14),
    ("Health", 0.15, 60),
    ("Gym", 0.25, 20),
    ("Clothing", 0.6, 45),
    ("Shoes", 0.15, 70),
    ("Books", 0.4, 17),
    ("Electronics", 0.1, 160),
    ("Home", 0.6, 30),
    ("Furniture", 0.05, 260),
    ("Gifts", 0.4, 40),
    ("Charity", 0.1, 25),
    ("Travel", 0.2, 120),
    ("Hotels", 0.08, 190),
    ("Flights", 0.06, 230),
    ("Entertainment", 0.8, 22),
    ("Streaming", 0.5, 10),
    ("Education", 0.06, 140),
    ("Haircut", 0.25, 18),
    ("Pets", 0.4, 21),
    ("Taxes", 0.03, 300),
    ("Snacks", 1.2, 4),
    ("Taxi", 0.3, 14),
    ("Sports", 0.2, 35),
]
MONTHLY_BILLS = [
    ("Rent", 1, 0.30),
    ("Electricity", 6, 0.025),
    ("Water", 9, 0.01),
    ("Internet", 3, 0.015),
    ("Phone", 4, 0.01),
    ("Insurance", 12, 0.02),
]  # (name, day, share of net salary)
SIDE_INCOMES = [
    ("Interest", 0.02, 15),
    ("Refunds", 0.25, 30),
    ("Gifts received", 0.05, 90),
    ("Selling", 0.05, 60),
    ("Other income", 0.05, 50),
]  # (name, per week, mean amount)
INCOME_CATEGORIES = ["Salary", "Bonus", *[name for name, _, _ in SIDE_INCOMES]]
EXPENSE_CATEGORIES = [name for name, _, _ in MONTHLY_BILLS] + [name for name, _, _ in EVERYDAY]


def demo_salary(rng: np.random.Generator, end: date, years: int) -> pd.DataFrame:
    """Monthly gross salary: Fixed rising each January, a March bonus, EAGI (expected annual gross income)."""
    months = pd.date_range(end=pd.Timestamp(end).to_period("M").to_timestamp(), periods=12 * years, freq="MS")
    raises = np.cumprod(1 + rng.uniform(0.01, 0.07, size=years + 1))
    fixed = np.round(2300 * raises[months.year - months.year[0]], 0)
    bonus = np.where(months.month == 3, np.round(fixed * rng.uniform(0.8, 2.0, size=len(months)), 0), 0.0)
    return pd.DataFrame(
        {"Date": months, "Fixed": fixed, "Bonus": bonus, "EAGI": fixed * 12 + fixed * 1.3, "Total": fixed + bonus}
    )


def demo_transactions(seed: int, end: date, years: int, scale: float) -> pd.DataFrame:
    """Signed transactions (incomes positive) like a Money Lover export, oldest first."""
    rng = np.random.default_rng([seed, 7])
    salary = demo_salary(rng, end, years)
    start = salary["Date"].iloc[0].date()
    net = salary["Fixed"].to_numpy() * 0.76
    rows = []
    for month, pay, bonus in zip(salary["Date"], net, salary["Bonus"]):
        rows.append((month + pd.Timedelta(days=26), "Salary", round(pay, 2), "Payroll"))
        if bonus:
            rows.append((month + pd.Timedelta(days=27), "Bonus", round(bonus * 0.7, 2), "Yearly bonus"))
        rows += [
            (month + pd.Timedelta(days=day - 1), name, -round(pay * share * rng.uniform(0.9, 1.1), 2), "")
            for name, day, share in MONTHLY_BILLS
        ]
        if rng.random() < 0.1:
            lent = round(float(rng.uniform(50, 400)), 2)
            rows += [
                (month + pd.Timedelta(days=10), "Loan", -lent, "To a friend"),
                (month + pd.Timedelta(days=20), "Repayment", lent, "From a friend"),
            ]
    days = (end - start).days + 1
    weeks = days / 7
    everyday = _random_rows(
        rng,
        [(n, w, a * SPENDING) for n, w, a in EVERYDAY],
        round(weeks * TRANSACTIONS_PER_WEEK * scale) - len(rows),
        start,
        days,
        -1 / scale,
    )
    side = _random_rows(rng, [(n, w, a) for n, w, a in SIDE_INCOMES], round(weeks * 0.4), start, days, 1.0)
    fixed = pd.DataFrame(rows, columns=["Date", "Category", "Amount", "Note"])
    out = pd.concat([fixed, everyday, side], ignore_index=True)
    out = out[out["Date"] <= pd.Timestamp(end)].sort_values("Date", kind="stable").reset_index(drop=True)
    out["Wallet"] = np.where(out["Category"].isin(["Cafes", "Snacks", "Taxi"]), "Cash", "Bank")
    out["Currency"] = "EUR"
    return out


def _random_rows(rng, categories, count: int, start: date, days: int, sign: float) -> pd.DataFrame:
    count = max(count, 1)
    weights = np.array([w for _, w, _ in categories], dtype=float)
    picks = rng.choice(len(categories), size=count, p=weights / weights.sum())
    offsets = rng.integers(0, days, size=count)
    means = np.array([m for _, _, m in categories], dtype=float)[picks] * (1 + INFLATION) ** (offsets / 365)
    amounts = np.round(rng.gamma(2.0, means / 2.0) * sign, 2)
    dates = pd.Timestamp(start) + pd.to_timedelta(offsets, unit="D")
    return pd.DataFrame(
        {"Date": dates, "Category": np.array([c for c, _, _ in categories])[picks], "Amount": amounts, "Note": ""}
    )


def demo_export_csv(transactions: pd.DataFrame) -> bytes:
    """The transactions as Money Lover writes them: `;`-separated, day-first dates, an Id column."""
    out = transactions.assign(
        Date=transactions["Date"].dt.strftime("%d/%m/%Y"), Amount=transactions["Amount"].map("{:.2f}".format)
    )
    out.insert(0, "Id", range(1, len(out) + 1))
    return out.to_csv(sep=";", index=False).encode("utf-8")


def demo_files(seed: int, end: date, years: int, scale: float) -> dict[str, bytes]:
    """The demo household's newest Money Lover export, keyed by its storage path."""
    return {PATH_DEMO_EXPORT.format(end=end.isoformat()): demo_export_csv(demo_transactions(seed, end, years, scale))}
