"""A subflow's contract: what it is called, waits for, reads, writes and renders, declared once beside its
flow (`SUBFLOW = Subflow(...)`), and the typed result its flow returns. The registry collects them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from prefect import Flow

from reports.page_step import Page, write_pages


@dataclass(frozen=True)
class Sources:
    """What `vtasks doctor` probes for a subflow: spreadsheets (with the worksheet to read) and HTTP APIs."""

    sheets: tuple[tuple[str, str], ...] = ()  # (spreadsheet, worksheet)
    urls: dict[str, str] = field(default_factory=dict)  # settings key -> URL


@dataclass(frozen=True)
class Subflow:
    """One subflow. `inputs(clients, run) -> tasks.run.fingerprint.Inputs` is what it reads (the scheduler does not
    run it while they are unchanged); `reports` build its pages from its settings; `demo` writes its demo inputs."""

    name: str
    flow: Flow
    description: str
    settings: type | None = None  # its `config.subflows.SubflowSettings` class
    upstreams: tuple[str, ...] = ()
    inputs: Callable | None = None  # (clients, run) -> Inputs
    outputs: tuple[str, ...] = ()  # top-level storage folders it writes: uploads there are counted as its own
    reports: tuple[Callable[..., Page], ...] = ()  # (cfg, run, locale) -> Page, rendered by one shared step
    sources: Callable | None = None  # (cfg) -> Sources, for `vtasks doctor`
    demo: Callable | None = None  # (seed, end, years, scale) -> {spreadsheet: {worksheet: frame} | bytes}
    after_all: bool = False  # waits for every other subflow and runs even when some failed (it reports on runs)

    def render(self, clients, run, cfg) -> list[str]:
        """Its report pages, each re-rendered only when its inputs changed; the pages rendered."""
        pages = [page(cfg, run, clients.settings.locale) for page in self.reports]
        return write_pages(clients.storage, self.name, pages)


@dataclass
class SubflowOutput:
    """What a subflow's flow returns; the root turns it into the run summary, the index entry and artifacts."""

    rows: int = 0
    files: list[str] = field(default_factory=list)
    newest: str | None = None  # ISO date of the newest row
    reports: list[str] = field(default_factory=list)  # the pages the index links
    rebuilt: list[str] | None = None  # every page rendered this run, when `reports` always lists a main page
    rows_read: int | None = None  # when it reads more rows than it writes
    warnings: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)  # sent in prod at most once a day
    details: dict = field(
        default_factory=dict
    )  # the subflow's own figures (gcal's calendars processed); not read by the root

    @classmethod
    def of(cls, counts: dict, **more) -> SubflowOutput:
        """From a step's counts (`rows`, `files`, `newest`, `warnings`, `rows_read`); its other keys are `details`."""
        known = {k: v for k, v in counts.items() if k in COUNTS}
        return cls(**{**known, "details": {k: v for k, v in counts.items() if k not in COUNTS}, **more})


COUNTS = ("rows", "files", "newest", "warnings", "rows_read")
