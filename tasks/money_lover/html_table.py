"""The cells of the HTML tables in a page (an `.xls` that is really a web page), with the standard library."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACES = re.compile(r"\s+")


class _TableCells(HTMLParser):
    """Collects `<tr>` rows of `<td>`/`<th>` text; tolerates the unclosed cells and rows HTML allows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table", "thead", "tbody", "tfoot"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(_SPACES.sub(" ", "".join(self._cell)).strip())
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row:
            self.rows.append(self._row)
        self._row = None


def table_rows(text: str) -> list[list[str]]:
    """Every table row of the page in document order, each a list of its cells' text."""
    parser = _TableCells()
    parser.feed(text)
    parser.close()
    parser._end_row()
    return parser.rows
