"""The weekly digest: on the first prod run of each week, one notification with last week's hours per main
calendar, this month's spending against the 12-month average and the books finished; HTML to email URLs."""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass
from datetime import date

from prefect.logging import get_logger

from config.masking import mask
from config.notify import NotifySettings
from reports.locale import format_date, format_number
from tasks.home.figures import Figures, Sources, load_sources, read_figures
from tasks.home.transform import last_week
from tasks.storage.base import ConflictError, Storage

PATH_DIGEST = "_state/digest.json"
EMAIL_SCHEMES = ("mailto://", "mailtos://")


@dataclass(frozen=True)
class Digest:
    title: str
    lines: list[tuple[str, str]]  # (heading, text)

    def text(self) -> str:
        return "\n".join(f"{heading}: {text}" for heading, text in self.lines)

    def html(self) -> str:
        rows = "".join(
            f"<tr><th align='left'>{html.escape(h)}</th><td>{html.escape(t)}</td></tr>" for h, t in self.lines
        )
        return f"<h2>{html.escape(self.title)}</h2><table cellpadding='4'>{rows}</table>"


def week_key(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def digest_of(figures: Figures, today: date, locale: str) -> Digest:
    """The digest's lines from the figures; a figure whose table is missing is left out."""
    start, end = last_week(today)
    lines = []
    if figures.hours is not None:
        per = ", ".join(f"{name} {format_number(h, locale, 'h', 1)}" for name, h in figures.hours.items())
        lines.append(("Hours last week", f"{format_number(sum(figures.hours.values()), locale, 'h', 1)} ({per})"))
    if figures.spent is not None:
        average = format_number(figures.spent_average, locale, "€") if figures.spent_average is not None else "—"
        lines.append(
            ("Spent this month so far", f"{format_number(figures.spent, locale, '€')} (12-month average {average})")
        )
    if figures.books_week is not None:
        lines.append(("Books finished last week", ", ".join(figures.books_week) or "none"))
    return Digest(f"vtasks weekly digest {format_date(start, locale)} – {format_date(end, locale)}", lines)


def claim_week(storage: Storage, week: str, attempts: int = 5) -> bool:
    """Record the week's digest as sent before sending, with a conditional write: of two processes, one wins."""
    for _ in range(attempts):
        if storage.exists(PATH_DIGEST):
            data, rev = storage.read_with_rev(PATH_DIGEST)
            if json.loads(data).get("week") == week:
                return False
        else:
            rev = None
        try:
            storage.write_text(PATH_DIGEST, json.dumps({"week": week}), expected_rev=rev)
        except ConflictError:
            continue
        return True
    return False


def send_digest(urls: list[str], digest: Digest) -> bool:
    """HTML to email URLs, plain text to the rest; True when every URL accepted it."""
    import apprise  # deferred: it loads every notification plugin, worth it only when sending
    from apprise import NotifyFormat

    quiet = logging.getLogger("apprise")  # its messages may name a URL, which carries a token
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        ok = True
        for fmt, group in (
            (NotifyFormat.HTML, [u for u in urls if u.startswith(EMAIL_SCHEMES)]),
            (NotifyFormat.TEXT, [u for u in urls if not u.startswith(EMAIL_SCHEMES)]),
        ):
            if not group:
                continue
            notifier = apprise.Apprise()
            for url in group:
                notifier.add(url)
            body = digest.html() if fmt == NotifyFormat.HTML else digest.text()
            ok &= bool(
                len(notifier) == len(group)
                and notifier.notify(body=mask(body), title=mask(digest.title), body_format=fmt)
            )
        return ok
    finally:
        quiet.setLevel(level)


def send_weekly_digest(storage: Storage, env: str, locale: str, today: date, sources: Sources | None = None) -> bool:
    """In prod, on the first run of the week of `today` (the run date), once across processes (a claim in
    storage); never raises into the run."""
    logger = get_logger("vtasks.digest")
    if env != "prod":
        return False
    try:
        urls = NotifySettings().urls()
        if not urls or not claim_week(storage, week_key(today)):
            return False
        sources = sources or load_sources()
        sent = send_digest(urls, digest_of(read_figures(storage, sources, today), today, locale))
        logger.info("Weekly digest %s (%d target(s))", "sent" if sent else "NOT sent", len(urls))
        return sent
    except Exception as exc:  # noqa: BLE001 - a digest is never worth failing the run for
        logger.warning("Weekly digest not sent: %s", type(exc).__name__)
        return False
