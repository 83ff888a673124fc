"""Typed cells of the Sheets emulator and how the API renders them: for FORMATTED_VALUE (the default) what
the user sees, in the spreadsheet's locale (`1.234,56 €`, `-12,50 %`, dates as their pattern shows them);
for UNFORMATTED_VALUE the raw number, and dates as serial numbers unless `dateTimeRenderOption=FORMATTED_STRING`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

EPOCH = date(1899, 12, 30)  # Sheets' day 0: a date cell holds the days since then
RENDER_OPTIONS = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
DATETIME_OPTIONS = ("SERIAL_NUMBER", "FORMATTED_STRING")
DATE_TOKENS = re.compile(r"yyyy|yy|mmm|mm|m|dd|d")


@dataclass(frozen=True)
class Locale:
    thousands: str
    decimal: str
    currency: str  # where the amount goes, e.g. "{} €"
    percent: str  # after the digits
    date_pattern: str  # a date cell without a pattern of its own


LOCALES = {
    "en_US": Locale(",", ".", "${}", "%", "m/d/yyyy"),
    "en_GB": Locale(",", ".", "£{}", "%", "dd/mm/yyyy"),
    "es_ES": Locale(".", ",", "{} €", " %", "d/m/yyyy"),
}


@dataclass(frozen=True)
class Typed:
    """A number with a number format, as Sheets keeps a cell: `type` NUMBER, CURRENCY, PERCENT or DATE.

    Dates hold their serial number; `pattern` is a date's (yyyy, yy, mmm, mm, m, dd, d), `decimals` a number's.
    """

    value: float
    type: str = "NUMBER"
    pattern: str | None = None
    decimals: int = 2

    @classmethod
    def day(cls, day: date, pattern: str | None = None) -> Typed:
        return cls(float((day - EPOCH).days), "DATE", pattern)

    def as_json(self) -> dict:
        """The control API's form of this cell (what `typed_cell` reads back)."""
        if self.type == "DATE":
            return {
                "value": (EPOCH + timedelta(days=int(self.value))).isoformat(),
                "type": "DATE",
                "pattern": self.pattern,
            }
        return {"value": self.value, "type": self.type, "decimals": self.decimals}

    def raw(self) -> float | int:
        return int(self.value) if self.value.is_integer() else self.value


def typed_cell(value):
    """A cell given over the control API as {"value", "type", "pattern"?, "decimals"?} (dates as ISO text)."""
    if not isinstance(value, dict):
        return value
    if value.get("type") == "DATE":
        return Typed.day(date.fromisoformat(value["value"]), value.get("pattern"))
    return Typed(float(value["value"]), value.get("type", "NUMBER"), None, int(value.get("decimals", 2)))


def rendered(value, locale: str, render: str, date_render: str):
    """What values.get answers for one stored cell."""
    if render == "FORMATTED_VALUE":
        return shown(value, locale)
    if isinstance(value, Typed):
        return shown(value, locale) if value.type == "DATE" and date_render == "FORMATTED_STRING" else value.raw()
    return value


def shown(value, locale: str) -> str:
    """The text a cell shows in the spreadsheet's locale."""
    spec = LOCALES.get(locale, LOCALES["en_US"])
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Typed):
        if value.type == "DATE":
            return shown_date(EPOCH + timedelta(days=int(value.value)), value.pattern or spec.date_pattern)
        amount = value.value * 100 if value.type == "PERCENT" else value.value
        digits = grouped(abs(amount), value.decimals, spec)
        text = spec.currency.format(digits) if value.type == "CURRENCY" else digits
        text += spec.percent if value.type == "PERCENT" else ""
        return "-" + text if amount < 0 else text
    if isinstance(value, float):  # the Automatic format: no grouping, the locale's decimal mark
        return str(int(value)) if value.is_integer() else format(value, ".15g").replace(".", spec.decimal)
    return str(value)


def grouped(number: float, decimals: int, spec: Locale) -> str:
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", spec.decimal).replace("\0", spec.thousands)


def shown_date(day: date, pattern: str) -> str:
    parts = {
        "yyyy": f"{day.year:04d}",
        "yy": f"{day.year % 100:02d}",
        "mmm": day.strftime("%b"),
        "mm": f"{day.month:02d}",
        "m": str(day.month),
        "dd": f"{day.day:02d}",
        "d": str(day.day),
    }
    return DATE_TOKENS.sub(lambda m: parts[m.group(0)], pattern)
