"""Render a Report (or the storage-root index) to one HTML string: CSS, JS and data inline, plotly.js from one shared file."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from plotly.offline import get_plotlyjs, get_plotlyjs_version

from reports.chart_style import CONFIG
from reports.figure_data import figure_text, with_typed_arrays
from reports.locale import format_date, format_number, get_locale, plotly_locale
from reports.model import Chart, Headline, IndexEntry, Report, Table

TEMPLATES = Path(__file__).parent / "templates"
BADGES = {"completed": "completed", "failed": "failed", "crashed": "failed", "skipped": "skipped"}


@functools.cache
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def _asset(name: str) -> Markup:
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def plotly_asset_name() -> str:
    return f"plotly-{get_plotlyjs_version()}.min.js"


def plotly_asset() -> tuple[str, bytes]:
    """(`plotly-<version>.min.js`, its bytes): the file `render_report(plotly_src=...)` pages load instead."""
    return plotly_asset_name(), get_plotlyjs().encode("utf-8")


PLOTLY_CDN = "https://cdn.plot.ly/plotly-{version}.min.js"


@functools.cache
def plotly_cdn() -> dict[str, str]:
    """The pinned CDN copy of the very plotly.js the package ships, with its subresource-integrity hash.

    A page whose `assets/` is missing (copied alone, attached) loads this instead; hashed on first use, once."""
    digest = hashlib.sha384(plotly_asset()[1]).digest()
    return {
        "src": PLOTLY_CDN.format(version=get_plotlyjs_version()),
        "integrity": "sha384-" + base64.b64encode(digest).decode(),
    }


def _script_json(text: str) -> Markup:
    # Inside <script> only "<" can end the element early; \u003c is the same character to JSON.parse.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def figure_json(chart: Chart) -> Markup:
    """{"data", "layout", "config"} for Plotly.newPlot, safe to place inside a <script> element.

    The figure is a plotly.js dict (a plotly.graph_objects Figure is accepted too); numeric arrays go as typed arrays.
    """
    fig = chart.figure if isinstance(chart.figure, dict) else chart.figure.to_plotly_json()
    payload = {
        "data": with_typed_arrays(fig.get("data", [])),
        "layout": with_typed_arrays(fig.get("layout", {})),
        "config": {**CONFIG, **fig.get("config", {})},
    }
    return _script_json(figure_text(payload))


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# Pre-formatted amounts ("1.234,50 €", "€12", "-3 pages", "27 %") align like numbers.
_NUMERIC_TEXT = re.compile(r"^[-+−]?[€$£]?\d")


def _decimals(values: list[Any]) -> int:
    """Fewest decimals (up to 2) that show every number of a column, so a column lines up: 4,50 / 4,00."""
    needed = [len(f"{round(v, 2):.2f}".rstrip("0").partition(".")[2]) for v in values if _is_num(v) and v == v]
    return max(needed, default=0)


def _table(table: Table, locale: str) -> dict:
    columns = list(zip(*table.rows)) if table.rows else [() for _ in table.columns]
    decimals = [_decimals(list(col)) for col in columns]
    rows = [
        [
            (format_number(v, locale, decimals=d), True) if _is_num(v) else ("" if v is None else str(v), False)
            for v, d in zip(row, decimals)
        ]
        for row in table.rows
    ]
    numeric = [
        bool(rows) and all(num or text == "" or _NUMERIC_TEXT.match(text) for text, num in (r[i] for r in rows))
        for i in range(len(table.columns))
    ]
    rows = [[(text, numeric[i]) for i, (text, _) in enumerate(row)] for row in rows]
    return {"title": table.title, "columns": table.columns, "rows": rows, "numeric": numeric}


def display_time(value: str | None, locale: str) -> str | None:
    """An ISO instant as "03/12/2026 11:28 UTC+01:00" in the locale's date format; other text unchanged."""
    try:
        moment = dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return value
    if moment is None:
        return value
    offset, z = moment.utcoffset(), f"{moment:%z}"
    zone = "" if offset is None else " UTC" if not offset else f" UTC{z[:3]}:{z[3:5]}"
    return f"{format_date(moment, locale)} {moment:%H:%M}{zone}"


def _lang(locale: str) -> str:
    get_locale(locale)  # fail early on an unsupported locale
    return locale.split(".")[0].replace("_", "-")


def render_report(report: Report, plotly_src: str) -> str:
    """The full report page: sticky tabs per section, cards, charts and tables; plotly.js is loaded from
    `plotly_src` (a relative path to the `plotly_asset()` file), else from the pinned CDN copy."""
    ids = [c.id for s in report.sections for c in s.charts] + [f"section-{s.id}" for s in report.sections]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate chart/section ids in report {report.title!r}: {dupes}")
    sections = [
        {
            "id": s.id,
            "title": s.title,
            "note": s.note,
            "cards": s.cards,
            "charts": [{"id": c.id, "title": c.title, "series": c.series, "json": figure_json(c)} for c in s.charts],
            "tables": [_table(t, report.locale) for t in s.tables],
        }
        for s in report.sections
    ]
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            lang=_lang(report.locale),
            title=report.title,
            subtitle=report.subtitle,
            generated_at=display_time(report.generated_at, report.locale),
            sections=sections,
            css=_asset("report.css"),
            plotly_src=plotly_src,
            report_js=_asset("report.js.j2"),
            plotly_cdn=_script_json(json.dumps(plotly_cdn())),
            plotly_locale=_script_json(json.dumps(plotly_locale(report.locale), ensure_ascii=False)),
        )
    )


def render_index(
    entries: Sequence[IndexEntry],
    *,
    title: str = "vtasks reports",
    subtitle: str = "",
    generated_at: str | None = None,
    locale: str = "en_GB",
    headlines: Sequence[Headline] = (),
) -> str:
    """index.html for the storage root: headline figures, then one row per report with its last run state
    and how fresh its data is; no plotly."""
    rows = [{**vars(e), "badge": BADGES.get(e.state.strip().lower(), "other")} for e in entries]
    return (
        _env()
        .get_template("index.html.j2")
        .render(
            lang=_lang(locale),
            title=title,
            subtitle=subtitle,
            generated_at=display_time(generated_at, locale),
            entries=rows,
            css=_asset("report.css"),
            headlines=headlines,
        )
    )
