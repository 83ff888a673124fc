"""Locale-aware number/date formatting for reports, plus the matching plotly `separators` and hover formats."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CURRENCY_SYMBOLS = frozenset({"€", "$", "£"})
NNBSP = "\u202f"  # French groups digits with a narrow no-break space


@dataclass(frozen=True)
class LocaleSpec:
    decimal: str
    thousands: str
    currency_first: bool  # "€1,234.50" vs "1.234,50 €"
    date_format: str  # strftime and d3-time-format share these directives


LOCALES: dict[str, LocaleSpec] = {
    "en_US": LocaleSpec(".", ",", True, "%m/%d/%Y"),
    "en_GB": LocaleSpec(".", ",", True, "%d/%m/%Y"),
    "es_ES": LocaleSpec(",", ".", False, "%d/%m/%Y"),
    "ca_ES": LocaleSpec(",", ".", False, "%d/%m/%Y"),
    "de_DE": LocaleSpec(",", ".", False, "%d.%m.%Y"),
    "fr_FR": LocaleSpec(",", NNBSP, False, "%d/%m/%Y"),
}


def get_locale(locale: str) -> LocaleSpec:
    """Look up a locale; accepts "es_ES", "es-ES" or "es_ES.UTF-8" and fails loudly on anything else."""
    key = locale.split(".")[0].replace("-", "_")
    try:
        return LOCALES[key]
    except KeyError:
        raise ValueError(f"unsupported locale {locale!r}; expected one of {sorted(LOCALES)}") from None


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_number(value: float | None, locale: str, unit: str | None = None, decimals: int = 0) -> str:
    """Format like "12,345 pages" (en) or "1.234,50 €" (es); currency symbols go first in English locales."""
    spec = get_locale(locale)
    if value is None or math.isnan(value):
        return "—"
    # Half-up on the decimal repr: people expect 2.5 -> "3" and 1.005 -> "1.01", not banker's rounding.
    rounded = Decimal(str(abs(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    whole, _, frac = text.partition(".")
    number = _group(whole, spec.thousands) + (spec.decimal + frac if frac else "")
    # Rounding can turn -0.004 into "0.00": never show a minus sign on zero.
    sign = "-" if value < 0 and float(text) != 0 else ""
    if unit is None:
        return sign + number
    if unit in CURRENCY_SYMBOLS and spec.currency_first:
        return f"{sign}{unit}{number}"
    return f"{sign}{number}\u00a0{unit}"  # no-break space keeps the unit on the same line


def format_date(value: dt.date, locale: str) -> str:
    """Short date, e.g. 31/01/2025 (en_GB), 01/31/2025 (en_US), 31.01.2025 (de_DE)."""
    return value.strftime(get_locale(locale).date_format)


def plotly_separators(locale: str) -> str:
    """plotly `layout.separators`: decimal separator followed by the thousands separator."""
    spec = get_locale(locale)
    return spec.decimal + spec.thousands


def hover_value(locale: str, unit: str | None, decimals: int = 0, field: str = "y") -> str:
    """A hovertemplate fragment such as "%{y:,.0f} €" or "€%{y:,.2f}" (grouping comes from separators)."""
    value = f"%{{{field}:,.{decimals}f}}"
    if not unit:
        return value
    if unit in CURRENCY_SYMBOLS and get_locale(locale).currency_first:
        return unit + value
    return f"{value}\u00a0{unit}"


def axis_title(title: str, unit: str | None) -> str:
    """ "Balance (€)"; the unit is left out when missing or already in the title."""
    if not unit or unit.lower() in title.lower():
        return title
    return f"{title} ({unit})"


# Month and weekday names for plotly.js date axes and the home page (no Babel: six locales, written once).
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "en": (
        "January February March April May June July August September October November December".split(),
        "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split(),
    ),
    "es": (
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
        "domingo lunes martes miércoles jueves viernes sábado".split(),
    ),
    "ca": (
        "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre".split(),
        "diumenge dilluns dimarts dimecres dijous divendres dissabte".split(),
    ),
    "de": (
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
        "Sonntag Montag Dienstag Mittwoch Donnerstag Freitag Samstag".split(),
    ),
    "fr": (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
        "dimanche lundi mardi mercredi jeudi vendredi samedi".split(),
    ),
}


def plotly_locale(locale: str) -> dict:
    """A plotly.js locale module (`Plotly.register`): month and day names on date axes in `locale`."""
    spec = get_locale(locale)
    lang = locale.split(".")[0].replace("-", "_").split("_")[0]
    months, days = NAMES[lang]
    return {
        "moduleType": "locale",
        "name": _lang_tag(locale),
        "dictionary": {},
        "format": {
            "months": months,
            "shortMonths": [m[:3] for m in months],
            "days": days,
            "shortDays": [d[:3] for d in days],
            "date": spec.date_format,
            "decimal": spec.decimal,
            "thousands": spec.thousands,
        },
    }


def _lang_tag(locale: str) -> str:
    return locale.split(".")[0].replace("_", "-")
