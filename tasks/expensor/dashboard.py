"""Pure: which months the dashboard shows, and its bars (a month against its trend, worth against last year)."""

from __future__ import annotations

import pandas as pd

from tasks.expensor.schema import (
    COL_EXPENSES,
    COL_INCOMES,
    COL_INVESTED,
    COL_LAST_YEAR,
    COL_LIQUID,
    COL_MEASURE,
    COL_MONTH,
    COL_NOW,
    COL_RESULT,
    COL_SO_FAR,
    COL_TOTAL_WORTH,
    COL_TREND,
    COL_WORTH,
)

FLOW_MEASURES = [COL_INCOMES, COL_EXPENSES, COL_RESULT]
WORTH_MEASURES = [COL_LIQUID, COL_INVESTED, COL_WORTH, COL_TOTAL_WORTH]


def report_months(run_date: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """(last complete month, current month, days of the current month up to the run) for a run on `run_date`."""
    current = pd.Timestamp(run_date).to_period("M").to_timestamp()
    return current - pd.DateOffset(months=1), current, pd.Timestamp(run_date).day


def _value(frame: pd.DataFrame, month: pd.Timestamp, column: str) -> float:
    rows = frame.loc[frame[COL_MONTH] == month, column]
    return float(rows.iloc[-1]) if len(rows) else 0.0


def dashboard_flows(monthly: pd.DataFrame, complete: pd.Timestamp, current: pd.Timestamp) -> pd.DataFrame:
    """Per measure (incomes, expenses, result): the complete month, its smoothed trend, the current month so far."""
    return pd.DataFrame(
        {
            COL_MEASURE: FLOW_MEASURES,
            COL_NOW: [_value(monthly, complete, m) for m in FLOW_MEASURES],
            COL_TREND: [_value(monthly, complete, f"{m}_trend") for m in FLOW_MEASURES],
            COL_SO_FAR: [_value(monthly, current, m) for m in FLOW_MEASURES],
        }
    )


def worth_against_last_year(worth: pd.DataFrame, month: pd.Timestamp) -> pd.DataFrame:
    """Per measure (liquid, invested, worth, total worth): at `month` and at the end of the year before (0 if none)."""
    year_end = pd.Timestamp(month.year - 1, 12, 1)
    return pd.DataFrame(
        {
            COL_MEASURE: WORTH_MEASURES,
            COL_NOW: [_value(worth, month, m) for m in WORTH_MEASURES],
            COL_LAST_YEAR: [_value(worth, year_end, m) for m in WORTH_MEASURES],
        }
    )
