"""Category, account and subtype colours: Material name and shade from the sheets, a stable colour otherwise."""

import pandas as pd

from tasks.expensor.colors import (
    STABLE_PALETTE,
    colour_problems,
    colour_table,
    colours_for,
    in_sheet_order,
    material_colour,
    stable_colour,
)
from tasks.expensor.sheets import accounts_frame, categories_frame

ACCOUNTS = accounts_frame(
    pd.DataFrame(
        {
            "Name": ["Bank 1", "Bank 2", "Fund 1", "Box"],
            "Type": ["Liquid", "Liquid", "Investment", "Liquid"],
            "Subtype": ["Bank", "Bank", "Funds", "Cash"],
            "Color Name": ["", "blue", "Deep Purple", "blu"],
            "Color Index": ["", 500, "300", "500"],
        }
    ),
    "accounts",
)
CATEGORIES = categories_frame(
    pd.DataFrame(
        {
            "Name": ["Salary", "Rent", "Food"],
            "Type": ["Incomes", "Expenses", "Expenses"],
            "Color Name": ["green", "red", None],
            "Color Index": [500, "700", None],
        }
    ),
    "trans_categ",
)


def test_material_names_and_shades_as_sheets_hold_them():
    assert material_colour("red", 500) == "#F44336"
    assert material_colour("Deep Purple", "300") == "#9575CD"  # any case, shade typed as text
    assert material_colour("green", 500.0) == "#4CAF50"  # a number cell read as a float
    assert material_colour("", 500) is None and material_colour("red", None) is None
    assert material_colour("blu", 500) is None and material_colour("red", 550) is None


def test_stable_colour_is_the_same_for_a_name_and_from_the_palette():
    assert stable_colour("Food") == stable_colour("Food") in STABLE_PALETTE
    assert len({stable_colour(n) for n in ("Food", "Rent", "Travel", "Gifts", "Taxi", "Pets")}) > 1
    # Not one the sheet already gave another name of the same kind: the next free one, still the same every time.
    taken = {
        stable_colour("Food"),
        STABLE_PALETTE[(STABLE_PALETTE.index(stable_colour("Food")) + 1) % len(STABLE_PALETTE)],
    }
    moved = stable_colour("Food", taken)
    assert moved not in taken and moved == stable_colour("Food", taken) in STABLE_PALETTE
    assert stable_colour("Food", set(STABLE_PALETTE)) == stable_colour("Food")  # all taken: the hashed one


def test_colour_table_sheet_colours_then_stable_ones_and_subtypes_from_their_first_coloured_account():
    table = colour_table(ACCOUNTS, CATEGORIES)
    colours = {(k, n): c for k, n, c in table[["kind", "name", "color"]].itertuples(index=False)}
    assert colours[("category", "Salary")] == "#4CAF50" and colours[("category", "Rent")] == "#D32F2F"
    assert colours[("category", "Food")] == stable_colour("Food", {"#4CAF50", "#D32F2F"})
    assert colours[("account", "Bank 1")] == stable_colour("Bank 1", {"#2196F3", "#9575CD"})
    assert colours[("account", "Bank 2")] == "#2196F3" and colours[("subtype", "Bank")] == "#2196F3"  # Bank 1 has none
    assert colours[("subtype", "Funds")] == "#9575CD" and colours[("subtype", "Cash")] == stable_colour(
        "Cash", {"#2196F3", "#9575CD"}
    )
    category_colours = {c for (k, _), c in colours.items() if k == "category"}
    assert colours_for(table, "category", ["Rent", "Unknown"]) == [
        "#D32F2F",
        stable_colour("Unknown", category_colours),
    ]
    assert colours_for(table, "category", ["Unknown"])[0] not in category_colours
    assert in_sheet_order(table, "category", ["Zoo", "Food", "Salary", "Ark"]) == ["Salary", "Food", "Ark", "Zoo"]


def test_a_colour_that_is_not_material_is_a_warning_naming_sheet_and_row():
    assert colour_problems(ACCOUNTS, "expensor_data / accounts") == [
        "expensor_data / accounts: row 5 (Box): 'blu' '500' is not a Material colour and shade"
    ]
    assert colour_problems(CATEGORIES, "expensor_data / trans_categ") == []


def test_categories_and_subtypes_beyond_the_sheets_get_free_colours_in_a_fixed_order():
    table = colour_table(
        ACCOUNTS, CATEGORIES, more_categories=["Loan", "Rent"], more_subtypes=["Indexa", "Crypto", "Bank"]
    )
    rows = table[["kind", "name", "order"]].values.tolist()
    assert [r for r in rows if r[0] == "category"] == [
        ["category", n, i] for i, n in enumerate(["Salary", "Rent", "Food", "Loan"])
    ]
    subtypes = table[table["kind"] == "subtype"]
    assert subtypes["name"].tolist() == ["Bank", "Funds", "Cash", "Crypto", "Indexa"]
    assert subtypes["color"].is_unique  # the two upstream subtypes do not share a colour either
    assert table.equals(colour_table(ACCOUNTS, CATEGORIES, ["Rent", "Loan"], ["Crypto", "Bank", "Indexa"]))
