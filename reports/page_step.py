"""The one "render this page if its inputs changed" step every subflow's reports go through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from reports.model import Report
from reports.pages import write_report_page
from tasks.run.report_state import inputs_digest, mark_report_current, report_is_current
from tasks.run.step import step
from tasks.storage.base import Storage


@dataclass(frozen=True)
class Page:
    """A report page: the parquet tables it is built from and whatever else it shows (locale, month, settings)."""

    path: str
    inputs: tuple[str, ...]
    build: Callable[[dict[str, pd.DataFrame]], Report]  # the input tables by path -> the report
    extra: dict[str, str] = field(default_factory=dict)  # hashed with the inputs: a change re-renders
    optional: bool = False  # not rendered (and no failure) while an input does not exist yet


@step("report")
def write_page(storage: Storage, page: Page) -> list[str]:
    """Render the page when its inputs (or extras, or the renderer) changed; return it if rendered."""
    if page.optional and not all(storage.exists(p) for p in page.inputs):
        return []
    digest = inputs_digest(storage, list(page.inputs), **page.extra)
    if report_is_current(storage, page.path, digest):
        return []
    tables = {p: storage.read_parquet(p) for p in page.inputs}
    write_report_page(storage, page.path, page.build(tables))
    mark_report_current(storage, page.path, digest)
    return [page.path]


def write_pages(storage: Storage, subflow: str, pages: list[Page]) -> list[str]:
    """Each page through `write_page`, as the subflow's `vtasks.<subflow>.report` task; the pages rendered."""
    task = write_page.with_options(name=f"vtasks.{subflow}.report")
    return [path for page in pages for path in task(storage, page)]
