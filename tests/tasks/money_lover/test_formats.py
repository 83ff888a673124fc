"""Sniffing what an export is by its first bytes, and the standard-library HTML table reader."""

import pytest

from tasks.money_lover.formats import export_kind
from tasks.money_lover.html_table import table_rows


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"PK\x03\x04rest", "xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "xls"),
        (b"\xef\xbb\xbf  \r\n<html><table>", "html"),
        (b"<table><tr><td>DATE</td></tr></table>", "html"),
        (b";DATE;CATEGORY;AMOUNT\n0;01/05/2023;Food;-3", "csv"),
        (b"DATE,CATEGORY,AMOUNT\n", "csv"),
    ],
)
def test_export_kind_is_read_from_the_bytes(head, kind):
    assert export_kind(head) == kind


def test_table_rows_tolerate_unclosed_cells_entities_and_line_breaks():
    page = (
        "<table><thead><tr><th>DATE<th>CATEGORY<th>AMOUNT</thead>"
        "<tr><td>14/05/2023<td>Caf&eacute; &amp; bar<td> -3,50 </tr><tr><td>a<br>b</td></table>"
        "<p>outside</p>"
    )
    assert table_rows(page) == [["DATE", "CATEGORY", "AMOUNT"], ["14/05/2023", "Café & bar", "-3,50"], ["a b"]]
