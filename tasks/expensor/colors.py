"""Pure: one colour per category, account and subtype, from the sheets' Material name and shade or a stable palette."""

from __future__ import annotations

import zlib

import pandas as pd
from vpalette import get_colors

from tasks.expensor.schema import (
    COL_COLOR,
    COL_COLOR_INDEX,
    COL_COLOR_NAME,
    COL_ITEM,
    COL_KIND,
    COL_NAME,
    COL_ORDER,
    COL_SUBTYPE_SHEET,
)

KIND_CATEGORY, KIND_ACCOUNT, KIND_SUBTYPE = "category", "account", "subtype"
# A name without a sheet colour always hashes to the same one of these: same colour in every chart and run.
STABLE_PALETTE = [
    "#3F51B5",
    "#03A9F4",
    "#009688",
    "#8BC34A",
    "#FFC107",
    "#FF5722",
    "#9C27B0",
    "#E91E63",
    "#607D8B",
    "#795548",
    "#00BCD4",
    "#CDDC39",
    "#673AB7",
    "#4CAF50",
    "#FF9800",
    "#2196F3",
]
# Report-wide measures, as the 2023 report coloured them (Material name, shade).
MEASURES = {
    "incomes": ("green", 500),
    "expenses": ("red", 500),
    "result": ("amber", 600),
    "savings": ("teal", 500),
    "liquid": ("blue", 500),
    "invested": ("purple", 400),
    "worth": ("indigo", 500),
    "total_worth": ("deep purple", 500),
}


def material_colour(name, index) -> str | None:
    """`#RRGGBB` of a Material palette name and shade (`red`, `500`); None when blank or not in the palette."""
    if pd.isna(name) or pd.isna(index) or not str(name).strip() or not str(index).strip():
        return None
    try:
        return get_colors((str(name).strip().lower(), int(float(str(index).strip()))), palette="material")
    except (ValueError, KeyError):
        return None


def stable_colour(name: str, taken=()) -> str:
    """The palette colour `name` hashes to, or the next one that no sheet colour of its kind `taken` already."""
    start = zlib.crc32(str(name).encode("utf-8"))
    free = [
        c for i in range(len(STABLE_PALETTE)) if (c := STABLE_PALETTE[(start + i) % len(STABLE_PALETTE)]) not in taken
    ]
    return free[0] if free else STABLE_PALETTE[start % len(STABLE_PALETTE)]


def measure_colour(measure: str, shade: int | None = None) -> str:
    """A measure's colour (incomes, expenses...); another `shade` of it for its trend, last year or older years."""
    name, index = MEASURES[measure]
    return get_colors((name, shade or index), palette="material")


def colour_problems(sheet: pd.DataFrame, source: str) -> list[str]:
    """Warnings for rows whose colour is given but is no Material name and shade (they get a stable colour)."""
    out = []
    for i, (name, cname, cindex) in enumerate(
        sheet[[COL_NAME, COL_COLOR_NAME, COL_COLOR_INDEX]].itertuples(index=False)
    ):
        given = any(pd.notna(v) and str(v).strip() for v in (cname, cindex))
        if given and material_colour(cname, cindex) is None:
            out.append(f"{source}: row {i + 2} ({name}): {cname!r} {cindex!r} is not a Material colour and shade")
    return out


def colour_table(
    accounts: pd.DataFrame, categories: pd.DataFrame, more_categories=(), more_subtypes=()
) -> pd.DataFrame:
    """(kind, name, color, order) for every category and account, each account subtype (its first coloured account's
    colour), and the categories and subtypes the data has beyond the sheets (e.g. Crypto); sheet colours where valid,
    stable ones otherwise; order is the sheet's row order, the others after it alphabetically."""
    rows = []
    for kind, sheet, more in ((KIND_CATEGORY, categories, more_categories), (KIND_ACCOUNT, accounts, ())):
        given = [
            (str(name), material_colour(cname, cindex))
            for name, cname, cindex in sheet[[COL_NAME, COL_COLOR_NAME, COL_COLOR_INDEX]].itertuples(index=False)
        ]
        rows += _filled(kind, given + [(str(n), None) for n in sorted(set(map(str, more)) - {g[0] for g in given})])
    subtypes: dict[str, str | None] = {}  # first listed account of each subtype with a valid colour
    for subtype, cname, cindex in accounts[[COL_SUBTYPE_SHEET, COL_COLOR_NAME, COL_COLOR_INDEX]].itertuples(
        index=False
    ):
        if subtypes.get(str(subtype)) is None:
            subtypes[str(subtype)] = material_colour(cname, cindex)
    more = sorted(set(map(str, more_subtypes)) - set(subtypes))
    rows += _filled(KIND_SUBTYPE, list(subtypes.items()) + [(n, None) for n in more])
    return pd.DataFrame(rows, columns=[COL_KIND, COL_ITEM, COL_COLOR, COL_ORDER]).drop_duplicates([COL_KIND, COL_ITEM])


def _filled(kind: str, given: list[tuple[str, str | None]]) -> list[tuple]:
    # Blank ones take stable colours that no other colour of this kind already is, in this (fixed) order.
    taken = {colour for _, colour in given if colour}
    rows = []
    for order, (name, colour) in enumerate(given):
        if colour is None:
            colour = stable_colour(name, taken)
            taken.add(colour)
        rows.append((kind, name, colour, order))
    return rows


def _lookup(table: pd.DataFrame, kind: str, column: str) -> dict:
    # Plain lists: a few dozen rows, looked up for every chart of the report.
    rows = zip(table[COL_KIND].tolist(), table[COL_ITEM].tolist(), table[column].tolist())
    return {name: value for k, name, value in rows if k == kind}


def colours_for(table: pd.DataFrame, kind: str, names) -> list[str]:
    """The colour of each name of one kind; a stable colour for a name the sheets do not list."""
    known = _lookup(table, kind, COL_COLOR)
    taken = set(known.values())
    return [known.get(str(n)) or stable_colour(str(n), taken) for n in names]


def in_sheet_order(table: pd.DataFrame, kind: str, names) -> list[str]:
    """Names in the sheet's row order, those it does not list last (alphabetically)."""
    order = _lookup(table, kind, COL_ORDER)
    return sorted((str(n) for n in names), key=lambda n: (n not in order, order.get(n, 0), n))
