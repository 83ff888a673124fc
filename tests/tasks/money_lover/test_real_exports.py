"""The real-format fixtures (tests/fixtures/real): every shape of Money Lover export reads to the same rows."""

from pathlib import Path

import pandas as pd
import pytest

from tasks.money_lover.formats import export_kind
from tasks.money_lover.parse import export_frame, typed_export
from tasks.validation import InputError

REAL = Path(__file__).parents[2] / "fixtures/real"
FIRST_EIGHT = [
    ("2023-05-01", "Salario", 2100.0, "Nómina"),
    ("2023-05-02", "Comida", -45.3, "Mercadona"),
    ("2023-05-03", "Préstamo", -200.0, "A Marta"),
    ("2023-05-05", "Restaurants", -32.5, "Dinner"),
    ("2023-05-08", "Debt Collection", 200.0, "Marta paid back"),
    ("2023-05-10", "Otros", -12.0, ""),
    ("2023-05-13", "Transporte", -1234.56, "Abono anual"),
    ("2023-05-14", "Pago", -50.0, ""),
]


@pytest.mark.parametrize(
    "name, kind, expected",
    [
        ("2023-05-14.csv", "csv", FIRST_EIGHT),
        ("MoneyLover-2023-05-14 (1).xls", "html", FIRST_EIGHT),
        ("MoneyLover-2023-05-15.xls", "xlsx", FIRST_EIGHT),
        ("MoneyLover-2023-05-16.xls", "xls", [*FIRST_EIGHT, ("2023-05-16", "Comida", -18.75, "Fruta")]),
    ],
)
def test_each_real_shape_is_sniffed_and_read_alike(name, kind, expected):
    data = (REAL / name).read_bytes()
    assert export_kind(data) == kind
    got = typed_export(export_frame(data, name), name)
    rows = [(d.strftime("%Y-%m-%d"), c, a, n) for d, c, a, n in got.itertuples(index=False)]
    assert rows == expected


def test_a_workbook_with_title_rows_numbers_rows_as_the_sheet_does():
    import io

    frame = pd.DataFrame(
        [
            ["Money Lover export", None, None],
            [None, None, None],
            ["Date", "Category", "Amount"],
            ["01/05/2023", "Food", -3],
            ["02/05/2023", "Food", "lots"],
        ]
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, header=False)
    raw = export_frame(buffer.getvalue(), "titled.xls")
    with pytest.raises(InputError, match=r"titled.xls: row 5, column 'AMOUNT': expected a number, got 'lots'"):
        typed_export(raw, "titled.xls")


def test_an_html_export_of_no_known_shape_names_the_file_and_what_was_expected():
    page = b"<html><table><tr><td>Fecha</td><td>Importe</td></tr><tr><td>01/05/2023</td><td>-3</td></tr></table></html>"
    with pytest.raises(
        InputError,
        match=r"x.xls: no header row with DATE, CATEGORY, AMOUNT\[, NOTE\] in the first 30 rows of this HTML table \(row 1 holds: Fecha, Importe\)",
    ):
        export_frame(page, "x.xls")
