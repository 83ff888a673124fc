"""Every chart builder's figure dict is valid plotly (go.Figure checks each property) and is exactly the JSON
plotly.py would send for it; building and rendering never load plotly.graph_objects or plotly.io's JSON module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from reports.charts import bubble_chart, column_chart, line_chart, pie_chart, sankey_chart, stacked_area_chart
from reports.render import figure_json
from tests.reports.sample_report import sample_report

ODD = pd.DataFrame(
    {
        "hour": pd.date_range("2024-03-31 00:00", periods=4, freq="h", tz="Europe/Madrid"),
        "day": pd.date_range("2024-01-01", periods=4).date,
        "author": ["Ōe", "Le Guin", "<b>", "Woolf"],
        "pages": [120, 40_000, 3, 2**40],
        "share": [12.5, float("nan"), 0.0, 87.5],
    }
)
EXTRA = [
    line_chart(
        ODD,
        "hour",
        ["share"],
        title="Zoned",
        y_title="Level",
        unit="%",
        locale="de_DE",
        x_title="Time",
        reference_lines=[("half", 50)],
    ),
    line_chart(ODD, "day", ["share", "pages"], title="Dates", y_title="Level", unit="$", locale="en_US", smooth=2),
    column_chart(
        ODD, "author", "pages", title="Authors", y_title="Pages", unit="pages", locale="fr_FR", x_title="Author"
    ),
    bubble_chart(
        ODD.dropna(),
        "day",
        "share",
        "pages",
        title="Bubbles",
        x_title="Day",
        y_title="Share",
        locale="ca_ES",
        text="author",
        group="author",
    ),
    # Colours as the money report passes them: per trace, per bar, per slice and per sankey node.
    line_chart(
        ODD,
        "day",
        ["share", "pages"],
        title="Coloured lines",
        y_title="Level",
        unit="%",
        locale="en_GB",
        colors=["#4CAF50", "#F44336"],
    ),
    stacked_area_chart(
        ODD,
        "day",
        ["share", "pages"],
        title="Coloured areas",
        y_title="Level",
        unit="%",
        locale="en_GB",
        colors=["#4CAF50", "#F44336"],
    ),
    column_chart(
        ODD,
        "author",
        ["share", "pages"],
        title="Coloured bars",
        y_title="Pages",
        unit=None,
        locale="en_GB",
        colors=[["#4CAF50", "#F44336", "#FFB300", "#2196F3"], "#9E9E9E"],
    ),
    pie_chart(
        ODD,
        "author",
        "pages",
        title="Coloured pie",
        unit=None,
        locale="en_GB",
        colors=["#4CAF50", "#F44336", "#FFB300", "#2196F3"],
    ),
    sankey_chart(
        pd.DataFrame({"source": ["Salary", "Salary"], "target": ["Rent", "Savings"], "value": [9.0, 5.0]}),
        title="Coloured sankey",
        unit="€",
        locale="en_GB",
        node_colors={"Rent": "#F44336", "Savings": "#2196F3"},
    ),
]
CHARTS = [c for s in sample_report().sections for c in s.charts] + EXTRA


def sent(figure: dict) -> dict:
    return json.loads(pio.to_json(figure, validate=False))


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: c.id)
def test_figure_is_valid_plotly_and_what_plotly_py_would_send(chart):
    validated = go.Figure(chart.figure)  # raises on any unknown property or invalid value
    theirs = sent(validated.to_plotly_json())
    theirs["layout"].pop("template")  # plotly.py adds its default; plotly.js has none
    ours = json.loads(str(figure_json(chart)))
    assert ours.pop("config")["displayModeBar"] is False
    assert ours == theirs
    assert chart.series == len(validated.data)


def test_building_and_rendering_never_load_plotly_graph_objects_or_validators():
    code = (
        "import sys\n"
        "from reports.render import render_report\n"
        "from tests.reports.sample_report import sample_report\n"
        "render_report(sample_report(), 'assets/plotly.js')\n"
        "heavy = ('plotly.graph_objects', 'plotly.validator', 'plotly.io._json', '_plotly_utils.basevalidators', 'narwhals')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(heavy))\n"
        "print(loaded)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
    )
    assert out.stdout.strip() == "[]"
