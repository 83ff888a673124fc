"""A1 notation for the Sheets emulator: `'My ''Data'''!A2:C`, `Books`, `B2`, `A:C`, `2:5` to sheet and bounds."""

from __future__ import annotations

import re

PART = re.compile(r"([A-Za-z]{0,3})([0-9]*)")


class RangeError(Exception):
    """The range text cannot be parsed or names no worksheet; Google answers 400 INVALID_ARGUMENT."""


def split_range(text: str) -> tuple[str | None, str | None]:
    """(worksheet title or None for the first one, A1 part or None for the whole sheet)."""
    if text.startswith("'"):
        i, title = 1, []
        while i < len(text):
            if text[i] == "'" and text[i + 1 : i + 2] == "'":
                title.append("'")
                i += 2
            elif text[i] == "'":
                break
            else:
                title.append(text[i])
                i += 1
        rest = text[i + 1 :]
        if i >= len(text) or (rest and not rest.startswith("!")):
            raise RangeError(f"Unable to parse range: {text}")
        return "".join(title), rest[1:] or None
    if "!" in text:
        title, a1 = text.rsplit("!", 1)
        return title, a1
    # A bare A1 range means the first sheet; anything else is a sheet's title.
    return (None, text) if is_a1(text) else (text, None)


def is_a1(text: str) -> bool:
    try:
        parse_a1(text)
        return True
    except RangeError:
        return False


def parse_a1(a1: str) -> tuple[int | None, int | None, int | None, int | None]:
    """0-based inclusive (row0, col0, row1, col1); None where the range is open (`A:C`, `A2:C`)."""
    ends = []
    for part in a1.split(":"):
        match = PART.fullmatch(part)
        if not match or not part:
            raise RangeError(f"Unable to parse range: {a1}")
        letters, digits = match.groups()
        ends.append((int(digits) - 1 if digits else None, column_index(letters) if letters else None))
    if len(ends) == 1:
        if ends[0][0] is None or ends[0][1] is None:
            raise RangeError(f"Unable to parse range: {a1}")
        ends.append(ends[0])
    if len(ends) != 2 or (ends[0][0] is None and ends[0][1] is None) or any(r is not None and r < 0 for r, _ in ends):
        raise RangeError(f"Unable to parse range: {a1}")
    (r0, c0), (r1, c1) = ends
    return (r0 if r0 is not None else 0), (c0 if c0 is not None else 0), r1, c1


def column_index(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letters(col)}{row + 1}"


def quoted(title: str) -> str:
    """How Google writes a sheet name in a returned range: quoted only when it must be."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not is_a1(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def range_name(title: str, r0: int, c0: int, r1: int, c1: int) -> str:
    return f"{quoted(title)}!{cell_name(r0, c0)}:{cell_name(r1, c1)}"
