"""What a Money Lover export really is, by its first bytes, and the workbook and HTML readers."""

from __future__ import annotations

import io

import pandas as pd

from tasks.money_lover.html_table import table_rows
from tasks.money_lover.schema import REQUIRED_EXPORT_COLUMNS
from tasks.validation import InputError

XLSX, XLS, HTML, CSV = "xlsx", "xls", "html", "csv"
KIND_NAMES = {XLSX: "zip (xlsx) workbook", XLS: "BIFF (xls) workbook", HTML: "HTML table", CSV: "CSV text"}
HEADER_SEARCH_ROWS = 30  # title lines a workbook or page may put above the header row
EXPECTED = "header row with DATE, CATEGORY, AMOUNT[, NOTE]"


def export_kind(data: bytes) -> str:
    """`xlsx` for a zip, `xls` for an OLE2 (BIFF) file, `html` for markup, `csv` for anything else."""
    if data[:4] == b"PK\x03\x04":
        return XLSX
    if data[:4] == b"\xd0\xcf\x11\xe0":
        return XLS
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") or head.startswith(b"\xff\xfe<") or head.startswith(b"\xfe\xff\x00<"):
        return HTML
    return CSV


def workbook_frame(data: bytes, name: str, kind: str) -> pd.DataFrame:
    """The first sheet's rows under its header row, cells as the workbook types them (dates, numbers, text)."""
    try:
        cells = pd.read_excel(io.BytesIO(data), engine="calamine", header=None, dtype=object)
    except ImportError as exc:
        raise InputError(f"{name}: cannot read workbooks here ({exc}); install python-calamine") from None
    except Exception as exc:  # calamine raises its own types for a damaged or unknown workbook
        raise InputError(f"{name}: not a readable {KIND_NAMES[kind]} ({type(exc).__name__}: {exc})") from None
    return _under_header(cells, name, kind)


def html_frame(data: bytes, name: str) -> pd.DataFrame:
    """The rows of the page's table under its header row, as text."""
    text = _decoded(data)
    rows = table_rows(text)
    if not rows:
        raise InputError(f"{name}: an HTML page with no table rows; expected a table with a {EXPECTED}")
    width = max(len(r) for r in rows)
    cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="str")
    return _under_header(cells, name, HTML)


def _decoded(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")  # a page's text only: a wrong letter is named later, if it matters


def _under_header(cells: pd.DataFrame, name: str, kind: str) -> pd.DataFrame:
    """The rows below the first row naming DATE, CATEGORY and AMOUNT; `attrs["header_row"]` is its number."""
    for position in range(min(len(cells), HEADER_SEARCH_ROWS)):
        header = [str(c).strip().upper() if not _missing(c) else "" for c in cells.iloc[position]]
        if all(c in header for c in REQUIRED_EXPORT_COLUMNS):
            # Unnamed columns (an index) are not read; a repeated name, only its first column.
            keep = [i for i, c in enumerate(header) if c and c not in header[:i]]
            frame = cells.iloc[position + 1 :, keep].reset_index(drop=True)
            frame.columns = [header[i] for i in keep]
            frame.attrs["header_row"] = position + 1
            return frame
    first = ", ".join(str(c) for c in cells.iloc[0] if not _missing(c)) if len(cells) else "nothing"
    raise InputError(
        f"{name}: no {EXPECTED} in the first {HEADER_SEARCH_ROWS} rows of this {KIND_NAMES[kind]} "
        f"(row 1 holds: {first[:200]})"
    )


def _missing(value) -> bool:
    return (
        value is None or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip())
    )
