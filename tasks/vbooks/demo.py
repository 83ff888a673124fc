"""Deterministic synthetic reading log (`Books` and `TODO` worksheets) for the demo profile."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

BOOKS_PER_YEAR = 24
LANGUAGES = ["English", "Spanish", "Catalan", "French"]
LANGUAGE_WEIGHTS = [0.5, 0.3, 0.15, 0.05]
TYPES = ["Novel", "Essay", "Comic", "Technical"]
SOURCES = ["Friend", "Podcast", "Blog", "Bookshop", "Newsletter"]
SURNAMES = [
    "Austen",
    "Borges",
    "Calvino",
    "Dickens",
    "Eco",
    "Ferrante",
    "Garcia",
    "Huxley",
    "Ishiguro",
    "Joyce",
    "Kafka",
    "Le Guin",
    "Murakami",
    "Nabokov",
    "Orwell",
    "Pamuk",
    "Rodoreda",
    "Saramago",
    "Tolstoy",
    "Woolf",
    "Yourcenar",
    "Zafon",
    "Atwood",
    "Bradbury",
    "Camus",
    "Dostoevsky",
]
WORDS = [
    "Silent",
    "River",
    "Night",
    "Garden",
    "Glass",
    "City",
    "Winter",
    "Map",
    "Shadow",
    "Light",
    "House",
    "Storm",
    "Letters",
    "Island",
    "Mirror",
    "Clock",
    "Salt",
    "Harbour",
    "Forest",
    "Stone",
]


def demo_books(rng: np.random.Generator, end: date, years: int, scale: float) -> pd.DataFrame:
    """`BOOKS_PER_YEAR * years * scale` finished books spread over the `years` before `end`."""
    count = max(1, round(BOOKS_PER_YEAR * years * scale))
    start = end - timedelta(days=365 * years)
    offsets = np.sort(rng.integers(0, (end - start).days + 1, size=count))
    return pd.DataFrame(
        {
            "Title": _titles(rng, count),
            "Author": _authors(rng, count),
            "Language": rng.choice(LANGUAGES, size=count, p=LANGUAGE_WEIGHTS),
            "Date finished": [start + timedelta(days=int(o)) for o in offsets],
            "Pages": rng.gamma(4.0, 80.0, size=count).astype(int) + 40,
            "Type": rng.choice(TYPES, size=count),
        }
    )


def demo_todo(rng: np.random.Generator, scale: float) -> pd.DataFrame:
    """A reading list of `40 * scale` books; some pages blank, ownership 1 / "b" / blank."""
    count = max(1, round(40 * scale))
    pages = rng.gamma(4.0, 80.0, size=count).astype(int) + 40
    return pd.DataFrame(
        {
            "Title": _titles(rng, count),
            "Author": _authors(rng, count),
            "Source": rng.choice(SOURCES, size=count),
            "Pages": pd.array([None if rng.random() < 0.15 else int(p) for p in pages], dtype="Int64"),
            "Owned?": rng.choice([1, "b", None], size=count, p=[0.4, 0.2, 0.4]),
        }
    )


def demo_frames(seed: int, end: date, years: int, scale: float) -> dict[str, pd.DataFrame]:
    """Both worksheets of the demo `books_data` spreadsheet, keyed by worksheet name."""
    rng = np.random.default_rng(seed)
    return {"Books": demo_books(rng, end, years, scale), "TODO": demo_todo(rng, scale)}


def _titles(rng: np.random.Generator, count: int) -> list[str]:
    return [f"The {a} {b}" for a, b in zip(rng.choice(WORDS, count), rng.choice(WORDS, count))]


def _authors(rng: np.random.Generator, count: int) -> list[str]:
    # Few authors with many books, as in a real log: a Zipf-like draw over the surnames.
    weights = 1 / np.arange(1, len(SURNAMES) + 1)
    return list(rng.choice(SURNAMES, size=count, p=weights / weights.sum()))
