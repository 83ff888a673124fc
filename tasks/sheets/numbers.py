"""Numbers typed as text in a spreadsheet: `plain` (`1,234.56`) or `spanish` (`1.234,56 €`, `-12,5 %`) to floats."""

from __future__ import annotations

from typing import Literal

NumberFormat = Literal["plain", "spanish"]
NUMBER_FORMATS: tuple[str, ...] = ("plain", "spanish")
# A frame read from a worksheet set to a number format (`plain`, `spanish`) says so here; numbers typed
# as text in its numeric columns are read in that format.
ATTR_NUMBER_FORMAT = "number_format"

# Symbols a number cell may carry around its digits; stripped before parsing.
CURRENCY = "€$£"
# Non-breaking and narrow spaces appear in numbers formatted by spreadsheets in Spanish locales.
SPACES = " \u00a0\u202f"
SEPARATORS = {"plain": (",", "."), "spanish": (".", ",")}  # (thousands, decimal)
EXAMPLES = {"plain": "1,234.56", "spanish": "1.234,56"}


def parse_number(text: str, number_format: NumberFormat) -> float:
    """The number in `text` written in `number_format`; ValueError saying what was expected otherwise.

    Thousands separators must group digits by three (`1.234,5` yes, `12.34,5` no), so a value in
    the other format is refused rather than read a thousand times too big or small. A trailing `%`
    divides by 100, as a percent-formatted cell holds it (`-12,5 %` is -0.125).
    """
    if number_format not in SEPARATORS:
        raise ValueError(f"unknown number format {number_format!r} (expected one of {', '.join(NUMBER_FORMATS)})")
    thousands, decimal = SEPARATORS[number_format]
    cleaned = text.strip().strip(CURRENCY + SPACES).replace("\u2212", "-")
    percent = cleaned.endswith("%")
    cleaned = cleaned.removesuffix("%").strip(SPACES)
    for space in SPACES:
        cleaned = cleaned.replace(space, "")
    sign = -1.0 if cleaned.startswith("-") else 1.0
    cleaned = cleaned.lstrip("+-").strip(CURRENCY)
    whole, _, fraction = cleaned.partition(decimal)
    groups = whole.split(thousands)
    grouped_ok = len(groups) == 1 or (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))
    digits_ok = all(g.isdigit() for g in groups) and (fraction == "" or fraction.isdigit())
    if not cleaned or not grouped_ok or not digits_ok or (decimal in cleaned and not fraction):
        raise ValueError(f"expected a number like {EXAMPLES[number_format]}, got {text!r}")
    number = sign * float("".join(groups) + "." + (fraction or "0"))
    return number / 100 if percent else number
