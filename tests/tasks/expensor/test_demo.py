"""The demo household: deterministic, scaled by `scale`, and consistent between transactions and sheets."""

from datetime import date

import pandas as pd

from tasks.expensor.demo import demo_frames
from tasks.money_lover.demo import demo_files, demo_transactions
from tasks.money_lover.parse import export_frame, typed_export

END = date(2026, 11, 22)


def test_same_seed_same_files_and_scale_multiplies_rows():
    assert demo_files(5, END, 2, 1.0) == demo_files(5, END, 2, 1.0)
    assert demo_files(5, END, 2, 1.0) != demo_files(6, END, 2, 1.0)
    one, ten = len(demo_transactions(5, END, 2, 1.0)), len(demo_transactions(5, END, 2, 10.0))
    weeks = (END - date(2024, 12, 1)).days / 7
    assert 28 <= one / weeks <= 32 and 9 <= ten / one <= 10.5


def test_export_parses_and_categories_match_the_sheet():
    ((path, data),) = demo_files(5, END, 3, 1.0).items()
    assert path == "money_lover/exports/MoneyLover-2026-11-22.csv"
    export = typed_export(export_frame(data, path), path)
    frames = demo_frames(5, END, 3, 1.0)
    names = set(frames["trans_categ"]["Name"])
    assert set(export["CATEGORY"]) - names == {"Loan", "Repayment"}  # excluded by the default settings
    assert len(names) >= 40 and export["DATE"].max() <= pd.Timestamp(END)
    accounts = frames["accounts"]["Type"].value_counts().to_dict()
    assert accounts == {"Liquid": 15, "Investment": 10}
    assert set(frames["liquid_m"].columns) == {"Date", "Total", *frames["accounts"].query("Type == 'Liquid'")["Name"]}
    assert len(frames["salary"]) == 36 and (frames["salary"]["Total"] >= frames["salary"]["Fixed"]).all()
