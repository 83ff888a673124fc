"""Write-back settings: which spreadsheet, worksheet and column a subflow writes each month's value into."""

from __future__ import annotations

from pydantic import BaseModel, Field


class WriteBackColumn(BaseModel):
    """One value's place: a column (by its header in row 1) of a worksheet keyed by month in column A."""

    worksheet: str = Field(min_length=1)
    column: str = Field(min_length=1)


class CryptosWriteBack(BaseModel):
    """cryptos writes the month's total value of every coin."""

    spreadsheet: str = Field(min_length=1)
    total: WriteBackColumn


class IndexaAccountWriteBack(BaseModel):
    invested: WriteBackColumn | None = None
    value: WriteBackColumn | None = None


class IndexaWriteBack(BaseModel):
    """indexa writes each listed account's invested amount and value; accounts not listed are not written."""

    spreadsheet: str = Field(min_length=1)
    accounts: dict[str, IndexaAccountWriteBack] = Field(min_length=1)
