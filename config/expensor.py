"""Settings of the expensor subflow: its spreadsheet, upstream tables, outputs and report reference lines."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict

from config.subflows import SubflowSettings


class ExpensorWorksheets(BaseModel):
    liquid: str
    invested: str
    worth: str
    salary: str
    accounts: str
    categories: str


class ExpensorInputs(BaseModel):
    transactions: str
    cryptos: str
    indexa: str


class ExpensorPaths(BaseModel):
    monthly: str
    yearly: str
    categories: str
    balances: str
    worth: str
    comparison: str
    salary: str
    colors: str
    report: str
    month_report: str
    month_state: str
    assets: str


# Keys of the expected columns of every worksheet (`Date` is `date`); `columns` maps them to a sheet's own headers.
ExpensorColumn = Literal[
    "date",
    "total",
    "fixed",
    "bonus",
    "eagi",
    "name",
    "type",
    "subtype",
    "color_name",
    "color_index",
]


class ExpensorSettings(SubflowSettings):
    """Where the money data lives and where its tables and reports go (`config/expensor.yaml`)."""

    yaml_name: ClassVar[str] = "expensor"
    model_config = SettingsConfigDict(env_prefix="VTASKS_EXPENSOR__")

    spreadsheet: str
    worksheets: ExpensorWorksheets
    inputs: ExpensorInputs
    paths: ExpensorPaths
    liquid_reference_months: list[float]
    fire_rates_pct: list[float]
    fire_reference_years: list[float]
    columns: dict[ExpensorColumn, str] = {}
