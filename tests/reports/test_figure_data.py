"""reports.figure_data: numeric arrays become the typed arrays plotly.py would send; everything else is left as is."""

from __future__ import annotations

import base64
import decimal
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from reports.figure_data import column_values, figure_text, typed_array, with_typed_arrays

NARROWED = [
    (np.array([1, -2, 127]), "i1"),
    (np.array([1, 300]), "i2"),
    (np.array([-1, 70_000]), "i4"),
    (np.array([1, 255], dtype="uint64"), "u1"),
    (np.array([1, 300], dtype="uint64"), "u2"),
    (np.array([1.5, np.nan]), "f8"),
    (np.array([1.5, 2], dtype="float32"), "f4"),
    (np.array([1, 2], dtype="int16"), "i2"),
]


def decoded(spec: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))


@pytest.mark.parametrize("values, dtype", NARROWED)
def test_numbers_become_the_smallest_typed_array_that_holds_them(values, dtype):
    spec = typed_array(values)
    assert spec["dtype"] == dtype
    np.testing.assert_array_equal(decoded(spec), values)


@pytest.mark.parametrize(
    "values",
    [
        np.array([1, 2**40]),
        np.array([True, False]),
        np.array(["a", None], dtype=object),
        np.array(["2024-01-01"], dtype="datetime64[ns]"),
        np.array([], dtype=float),
    ],
)
def test_other_arrays_are_left_for_the_json_encoder(values):
    assert typed_array(values) is values


@pytest.mark.parametrize("values", [v for v, _ in NARROWED] + [np.array([[600], [150]]), np.array([1, 2**40])])
def test_typed_arrays_are_what_plotly_py_sends(values):
    theirs = go.Figure({"data": [{"type": "scatter", "customdata": values}]}).to_plotly_json()["data"][0]["customdata"]
    ours = typed_array(values)
    assert ours == theirs if isinstance(theirs, dict) else ours is values and np.array_equal(theirs, values)


def test_two_dimensional_arrays_keep_their_shape():
    spec = typed_array(np.array([[600], [150]]))
    assert (spec["dtype"], spec["shape"]) == ("i2", "2, 1")


def test_with_typed_arrays_copies_and_leaves_lists_and_ranges_alone():
    fig = {"data": [{"y": np.array([1.0, 2.0]), "x": ["a", "b"]}], "layout": {"yaxis": {"range": np.array([0, 5])}}}
    out = with_typed_arrays(fig)
    assert out["data"][0]["y"]["dtype"] == "f8" and out["data"][0]["x"] == ["a", "b"]
    assert isinstance(out["layout"]["yaxis"]["range"], np.ndarray)  # plotly.js reads ranges as plain lists only
    assert isinstance(fig["data"][0]["y"], np.ndarray)  # the chart's own figure is untouched


def test_column_values_keep_the_wall_time_of_zoned_times():
    zoned = pd.Series(pd.date_range("2024-03-31 01:30", periods=2, freq="h", tz="Europe/Madrid"))  # clocks go forward
    assert pd.DatetimeIndex(column_values(zoned)).strftime("%H:%M").tolist() == ["01:30", "03:30"]
    np.testing.assert_array_equal(column_values(zoned), go.Scatter(x=zoned).x)  # as plotly.py sends them
    assert column_values(pd.DataFrame({"a": [1, 2]})).tolist() == [[1], [2]]


def test_figure_text_writes_odd_values_as_plotly_py_does():
    stamps = pd.Series([pd.Timestamp("2024-03-31 02:30"), pd.NaT], dtype=object).to_numpy()
    figure = {
        "data": [
            {
                "x": stamps,
                "y": np.array(["a", None], dtype=object),
                "text": np.array(["x", "<y>"]),
                "customdata": [decimal.Decimal("1.5"), np.int64(7), np.float32(0.5), pd.NA, float("nan")],
            }
        ],
        "layout": {"title": {"text": "Ōe"}},
    }
    assert json.loads(figure_text(figure)) == json.loads(pio.to_json(figure, validate=False))
    with pytest.raises(TypeError, match="object"):
        figure_text({"data": [{"x": object()}]})
