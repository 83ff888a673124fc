"""Reading fields out of decoded JSON answers; a missing or mistyped field names the source and the field."""

from __future__ import annotations

import math
from typing import Any

from tasks.validation import InputError


class PayloadError(InputError):
    """An API answered, but not with what the subflow expects. Nothing was written."""


def field(payload: Any, path: str, source: str) -> Any:
    """The value at a dotted path (`return.investment`, `0.id`), or PayloadError naming what is missing."""
    value = payload
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise PayloadError(f"{source}: field '{path}' missing (expected {_container(value, part)})")
    return value


def number(payload: Any, path: str, source: str, minimum: float | None = 0.0) -> float:
    """A finite number at `path`; numeric strings count, since some APIs (Kraken) send amounts as text."""
    return as_number(field(payload, path, source), path, source, minimum)


def as_number(value: Any, path: str, source: str, minimum: float | None = 0.0) -> float:
    """`value` (found at `path`) as a finite float, or PayloadError naming the field."""
    try:
        if isinstance(value, bool):
            raise ValueError
        parsed = float(value)
    except (TypeError, ValueError):
        raise PayloadError(f"{source}: field '{path}' expected a number, got {value!r}") from None
    if not math.isfinite(parsed) or (minimum is not None and parsed < minimum):
        raise PayloadError(f"{source}: field '{path}' expected a number >= {minimum:g}, got {value!r}")
    return parsed


def of_type(payload: Any, path: str, kind: type, source: str) -> Any:
    """The value at `path` (the whole payload for `""`), checked to be a `kind` (list, dict, str)."""
    value = field(payload, path, source) if path else payload
    if not isinstance(value, kind):
        name = {list: "a list", dict: "an object", str: "text"}.get(kind, kind.__name__)
        raise PayloadError(f"{source}: field '{path or '(body)'}' expected {name}, got {_short(value)}")
    return value


def _container(value: Any, part: str) -> str:
    if isinstance(value, dict):
        return f"key '{part}' in an object"
    if isinstance(value, list):
        return f"item {part} in a list of {len(value)}"
    return f"an object with '{part}', got {_short(value)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
