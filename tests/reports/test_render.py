"""Pure tests of reports.render: output that needs nothing but plotly.js beside it, escaping, tables and the index page."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from reports.charts import line_chart
from reports.model import Card, Chart, IndexEntry, Report, Section, Table
from reports.render import plotly_asset, plotly_cdn, render_index, render_report

SRC = f"../assets/{plotly_asset()[0]}"


def small_report(title="Money </script><b>", chart_title="Balance", locale="es_ES"):
    df = pd.DataFrame({"d": pd.date_range("2024-01-01", periods=3), "v": [1, 2, 3]})
    chart = line_chart(df, "d", "v", title=chart_title, y_title="Balance", unit="€", locale=locale)
    chart.figure["data"][0]["name"] = "evil </script><script>alert(1)</script>"
    table = Table(
        "Top", ["Name", "Amount", "Budget", "Rating"], [["Rent <b>", 1234.5, "1.300 €", 4], ["Food", 300, None, 3.75]]
    )
    sections = [Section("money", "Money", cards=[Card("Net <i>", "1.000 €")], charts=[chart], tables=[table])]
    return Report(title, "sub", sections, generated_at="today", locale=locale)


def test_report_is_self_contained_and_escaped():
    html = render_report(small_report(), SRC)
    assert html.count("<script") == 6  # theme flag, figure JSON, plotly locale, CDN fallback, plotly.js, tabs/draw
    assert "Money &lt;/script&gt;&lt;b&gt;" in html and "Net &lt;i&gt;" in html and "Rent &lt;b&gt;" in html
    assert "alert(1)</script>" not in html
    # Nothing but the shared plotly.js beside it, and the CDN copy only report.js falls back to (as JSON data).
    assert f'<script src="{SRC}"></script>' in html and plotly_cdn()["src"] in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and '<link rel="stylesheet"' not in html
    assert '<html lang="es-ES">' in html


def test_figure_json_round_trips_with_config():
    html = render_report(small_report(), SRC)
    raw = re.search(r'<script type="application/json" id="balance-data">(.*?)</script>', html, re.S).group(1)
    fig = json.loads(raw)
    assert fig["data"][0]["name"] == "evil </script><script>alert(1)</script>"
    assert fig["config"] == {"responsive": True, "displaylogo": False, "displayModeBar": False}
    assert fig["layout"]["separators"] == ",."
    assert '<div class="chart" id="balance" data-series="1"' in html


def test_table_numbers_are_locale_formatted_and_right_aligned():
    html = render_report(small_report(), SRC)
    # Each column gets the fewest decimals that show all its values, so digits line up.
    cells = re.findall(r"<td( class=\"num\")?>([^<]*)</td>", html)
    assert cells == [
        ("", "Rent &lt;b&gt;"),
        (' class="num"', "1.234,5"),
        (' class="num"', "1.300 €"),
        (' class="num"', "4,00"),
        ("", "Food"),
        (' class="num"', "300,0"),
        (' class="num"', ""),
        (' class="num"', "3,75"),
    ]
    assert re.findall(r"<th( class=\"num\")?>", html) == ["", ' class="num"', ' class="num"', ' class="num"']


def test_figure_as_plain_dict_is_accepted():
    fig = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {}}
    report = Report("R", "", [Section("s", "S", charts=[Chart("c1", "C", fig, 1)])], "now", "en_US")
    assert '"type":"bar"' in render_report(report, SRC)


def test_duplicate_chart_ids_are_rejected():
    report = small_report()
    report.sections.append(Section("more", "More", charts=list(report.sections[0].charts)))
    with pytest.raises(ValueError, match="duplicate chart/section ids.*balance"):
        render_report(report, SRC)


def test_index_lists_reports_with_state_badges_and_no_plotly():
    entries = [
        IndexEntry("Money", "money/report.html", "money", "Completed", "31/12/2024 07:00", "30/12/2024"),
        IndexEntry("Books", "books/report.html", "vbooks", "Failed", "31/12/2024 07:05"),
        IndexEntry("Backups", "backups/report.html", "backups", "Skipped"),
        IndexEntry("Odd", "odd.html", "odd", "Running"),
    ]
    html = render_index(entries, generated_at="31/12/2024 07:10")
    assert "Plotly" not in html and len(html) < 20_000
    badges = re.findall(r'<span class="badge (\w+)">(\w+)</span>', html)
    assert badges == [("completed", "Completed"), ("failed", "Failed"), ("skipped", "Skipped"), ("other", "Running")]
    assert '<a href="money/report.html">' in html and "30/12/2024" in html
    assert "No reports yet." in render_index([])


def test_index_row_without_a_report_has_no_link():
    html = render_index([IndexEntry("backup (no report)", "", "vtasks.backup", "Completed")])
    assert "backup (no report)" in html and 'href=""' not in html


def test_generated_at_shows_in_the_locale_with_its_offset():
    from reports.render import display_time

    assert display_time("2026-12-03T10:28:20+00:00", "es_ES") == "03/12/2026 10:28 UTC"
    assert display_time("2026-12-03T11:28+01:00", "en_US") == "12/03/2026 11:28 UTC+01:00"
    assert display_time("31/12/2024 07:10", "en_GB") == "31/12/2024 07:10" and display_time(None, "en_GB") is None
