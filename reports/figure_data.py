"""Data arrays for plotly.js figure dicts: pandas columns as numpy arrays, numeric ones sent as base64 typed arrays."""

from __future__ import annotations

import base64
import decimal
from typing import Any

import numpy as np
import orjson
import pandas as pd

# The typed-array names plotly.js decodes (`{"dtype": "f8", "bdata": ...}`).
_SHORT_TYPES = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float32": "f4",
    "float64": "f8",
}
_INT_STEPS = {"i": ("int8", "int16", "int32"), "u": ("uint8", "uint16", "uint32")}
# Layout keys plotly.js reads as plain lists (an axis range, map layers), never as typed arrays.
_PLAIN_KEYS = frozenset({"geojson", "layer", "layers", "range"})


def column_values(column: pd.Series | pd.DataFrame) -> np.ndarray:
    """A column (or frame) as the array plotly.js gets; time-zone-aware times keep their wall time, as plotly.py does."""
    if isinstance(column, pd.DataFrame):
        return column.to_numpy()
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    return column.to_numpy()


def typed_array(values: np.ndarray) -> dict[str, str] | np.ndarray:
    """A numeric array as a base64 typed array, 64-bit integers narrowed (plotly.js has none); others unchanged."""
    if values.size == 0:
        return values
    if values.dtype.kind in _INT_STEPS and values.dtype.itemsize == 8:
        low, high = values.min(), values.max()
        fits = [t for t in _INT_STEPS[values.dtype.kind] if np.iinfo(t).min <= low and high <= np.iinfo(t).max]
        if not fits:
            return values  # beyond 32 bits: left as a plain list, as plotly.py leaves it
        values = values.astype(fits[0])
    short = _SHORT_TYPES.get(str(values.dtype))
    if short is None:
        return values
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(values)).decode("ascii")}
    if values.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in values.shape)
    return spec


def with_typed_arrays(obj: Any) -> Any:
    """A copy of a figure (dicts and lists) with every numeric numpy array as a typed array; the input is untouched.

    plotly.py sends arrays this way: ~11 characters per float instead of up to 24, and no float parsing in the browser.
    """
    if isinstance(obj, dict):
        return {k: v if k in _PLAIN_KEYS else with_typed_arrays(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [with_typed_arrays(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return typed_array(obj)
    return obj


def figure_text(figure: dict) -> str:
    """A figure dict (after `with_typed_arrays`) as JSON, as plotly.py's orjson engine writes it: NaN as null, times
    as ISO text, other arrays as lists. Done here: plotly.io's JSON module loads its validators and narwhals (~5 MB)."""
    return orjson.dumps(figure, default=_plain, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY).decode()


def _plain(value: Any) -> Any:
    """What orjson cannot write itself, the way plotly.py's `clean_to_json_compatible` converts it."""
    if isinstance(value, np.ndarray):
        return value.tolist()  # object or text arrays; their items come back here if they need it
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serializable in a figure: {type(value).__name__}")
