"""A1 notation for writes: column letters past Z (AA, AB...), a cell's label and a worksheet-qualified range."""

from __future__ import annotations


def column_letters(index: int) -> str:
    """Letters of a 0-based column index: 0 is A, 25 is Z, 26 is AA, 701 is ZZ, 702 is AAA."""
    if index < 0:
        raise ValueError(f"expected a column index from 0, got {index}")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_label(row: int, col: int) -> str:
    """`B2` for 0-based row 1, column 1."""
    return f"{column_letters(col)}{row + 1}"


def sheet_range(worksheet: str, label: str) -> str:
    """`'worth_m'!AB14`: the title always quoted, quotes inside doubled, as gspread writes it."""
    return "'" + worksheet.replace("'", "''") + "'!" + label


def label_position(label: str) -> tuple[int, int]:
    """0-based (row, column) of a cell label such as `AB14`; ValueError for anything else."""
    letters = label.rstrip("0123456789")
    digits = label[len(letters) :]
    if not (
        1 <= len(letters) <= 3 and letters.isascii() and letters.isupper() and digits.isdigit() and int(digits) >= 1
    ):
        raise ValueError(f"expected a cell like B2 or AB14, got {label!r}")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1
