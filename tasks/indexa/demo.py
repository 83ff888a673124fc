"""Deterministic recorded Indexa Capital answers (`/users/me`, `/accounts/<n>/performance`) for demo and tests."""

from __future__ import annotations

import json
from datetime import date

import numpy as np

from tasks.http.recorded import PATH_RECORDED
from tasks.indexa.schema import PATH_ME, PATH_PERFORMANCE

# account number: (type, monthly contribution in EUR)
ACCOUNTS = {"DEMO1FND": ("mutual", 400.0), "DEMO2PEN": ("pension", 150.0)}


def demo_indexa(seed: int, end: date, years: int, scale: float) -> dict:
    """Answers for two accounts that received monthly contributions for `years` and grew about 6% a year."""
    rng = np.random.default_rng(seed + 2)
    months = 12 * years
    periods = [
        f"{(end.year * 12 + end.month - 1 - k) // 12}-{(end.year * 12 + end.month - 1 - k) % 12 + 1:02d}-01"
        for k in range(months - 1, -1, -1)
    ]
    answers = {
        PATH_ME: {
            "username": "demo@example.invalid",
            "name": "Demo",
            "surname": "User",
            "document": "00000000T",
            "accounts": [
                {"account_number": n, "type": t, "status": "active", "risk": 6, "main_holder": True}
                for n, (t, _) in ACCOUNTS.items()
            ],
        }
    }
    for number, (_, monthly) in ACCOUNTS.items():
        contributions = np.full(months, monthly * scale)
        returns = rng.normal(0.005, 0.03, months)
        value = 0.0
        history = []
        for contribution, monthly_return in zip(contributions, returns):
            value = (value + contribution) * (1 + monthly_return)
            history.append(round(value, 2))
        invested = round(float(contributions.sum()), 2)
        answers[PATH_PERFORMANCE.format(account=number)] = {
            "plan_expected_return": 0.057,
            "return": {
                "investment": invested,
                "total_amount": history[-1],
                "pl": round(history[-1] - invested, 2),
                "time_return": round(float(np.prod(1 + returns) - 1), 4),
                "time_return_annual": round(float(np.prod(1 + returns) ** (1 / years) - 1), 4),
            },
            "performance": {"period": periods, "real": [round(float(r), 4) for r in np.cumprod(1 + returns) - 1]},
            "portfolios": history,
            "net_amounts": {
                p.replace("-", ""): round(float(monthly * scale * (i + 1)), 2) for i, p in enumerate(periods)
            },
        }
    return answers


def demo_files(seed: int, end: date, years: int, scale: float) -> dict[str, bytes]:
    """The `tasks.demo` generator: the recorded Indexa answers."""
    body = demo_indexa(seed, end, years, scale)
    return {PATH_RECORDED.format(api="indexa"): json.dumps(body, separators=(",", ":")).encode()}
