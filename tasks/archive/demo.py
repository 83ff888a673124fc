"""Demo documents: an inbox with files the archive rules match, files they do not, and a zip of scans."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import numpy as np

from tasks.archive.rules import MONTHS_EN, MONTHS_ES

INBOX = "documents/inbox"


def demo_documents(seed: int, end: date) -> dict[str, bytes]:
    """Storage path -> bytes. Dates are a year before `end`, so the names differ with `--end` as inputs do."""
    rng = np.random.default_rng(seed)
    year, month = end.year - 1, end.month
    blob = lambda: b"%PDF-1.4 demo\n" + rng.bytes(256)  # noqa: E731
    files = {
        f"{INBOX}/{year}_{month:02d}_15 Payslip.pdf": blob(),
        f"{INBOX}/{year}_02_30 Impossible date.pdf": blob(),  # matches, but no such day: a warning
        f"{INBOX}/old/{year}_01_10 Electricity bill.pdf": blob(),
        f"{INBOX}/Extracto {MONTHS_ES[month - 1].capitalize()} {year}.pdf": blob(),
        f"{INBOX}/Invoice Hosting {MONTHS_EN[month - 1].capitalize()} {year}.pdf": blob(),
        f"{INBOX}/Modelo 303 {(month - 1) // 3 + 1}T {year}.pdf": blob(),
        f"{INBOX}/notes.txt": b"Not a document any rule knows; it stays in the inbox.\n",
        f"{INBOX}/IMG_0042.jpg": rng.bytes(512),
    }
    files[f"{INBOX}/Scans {year}.zip"] = _zip({f"scans/{year}_02_0{d} Receipt {d}.pdf": blob() for d in (3, 7)})
    return files


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            # A fixed timestamp keeps the zip's bytes the same for the same seed.
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def demo_files(seed: int, end: date, years: int, scale: float) -> dict[str, bytes]:
    """The `tasks.demo` generator: the same inbox whatever `years` and `scale` say."""
    return demo_documents(seed, end)
