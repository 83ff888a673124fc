"""Health checks behind `vtasks doctor`: settings, credentials present (never their values), storage, sources."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import requests

from config.notify import NotifySettings
from config.settings import load_settings
from config.subflows import load_subflow_settings
from flows.naming import RunInfo

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass
class Check:
    name: str
    status: str
    detail: str


def check_settings() -> tuple[list[Check], object]:
    try:
        settings = load_settings()
    except Exception as exc:  # noqa: BLE001 - every check reports, none raises
        return [Check("settings", FAIL, str(exc).splitlines()[0])], None
    detail = f"env {settings.env}, {settings.storage_backend} storage, {settings.active_profile} profile"
    return [Check("settings", OK, detail)], settings


def subflow_settings(classes: dict[str, type | None]) -> list[tuple[str, object | None, str]]:
    """(subflow, its settings or None, error) for every subflow with a settings class (from its contract)."""
    found = []
    for name, cls in classes.items():
        if cls is None:
            continue
        try:
            found.append((name, load_subflow_settings(cls), ""))
        except Exception as exc:  # noqa: BLE001
            found.append((name, None, str(exc)))
    return found


def check_credentials(settings) -> list[Check]:
    dropbox = settings.has_dropbox_credentials
    needed = settings.storage_backend == "dropbox"
    urls = NotifySettings().urls()
    return [
        Check("dropbox credentials", OK if dropbox or not needed else FAIL, "set" if dropbox else "not set"),
        Check(
            "notification URLs", OK if urls else WARN, f"{len(urls)} set" if urls else "not set: failures are not sent"
        ),
        Check("prefect API key", OK, "set" if os.environ.get("PREFECT_API_KEY") else "not set"),
    ]


def check_prefect_api() -> Check:
    url = os.environ.get("PREFECT_API_URL")
    if not url:
        return Check("prefect API", WARN, "PREFECT_API_URL not set: each run starts a temporary local server")
    try:
        response = httpx.get(f"{url.rstrip('/')}/health", timeout=10, headers=_auth())
        return Check(
            "prefect API", OK if response.status_code == 200 else FAIL, f"{_host(url)} answered {response.status_code}"
        )
    except httpx.HTTPError as exc:
        return Check("prefect API", FAIL, f"{_host(url)} unreachable ({type(exc).__name__})")


def check_storage(clients) -> Check:
    try:
        clients.storage.list("_state/*")
        return Check("storage", OK, clients.storage.describe())
    except Exception as exc:  # noqa: BLE001
        return Check("storage", FAIL, f"{clients.storage.describe()}: {type(exc).__name__}")


def check_sources(clients, name: str, sheets, urls: dict[str, str], demo: bool) -> list[Check]:
    """The spreadsheets (first worksheet named) and HTTP API hosts (scheme and host only) a subflow declares."""
    checks = []
    for spreadsheet, worksheet in sheets[:1]:
        try:
            rows = clients.sheets.read_rows(spreadsheet, worksheet)
            checks.append(Check(f"{name} source", OK, f"{spreadsheet} / {worksheet}: {len(rows)} rows"))
        except Exception as exc:  # noqa: BLE001
            reason = (str(exc).splitlines() or [""])[0][:200]
            checks.append(Check(f"{name} source", FAIL, f"{spreadsheet}: {type(exc).__name__}: {reason}"))
    for key, url in urls.items():
        if demo:
            checks.append(Check(f"{name} {key}", OK, f"{_host(url)}: not called in the demo profile"))
            continue
        try:
            status = requests.get(url, timeout=10).status_code
            checks.append(Check(f"{name} {key}", OK if status < 500 else FAIL, f"{_host(url)} answered {status}"))
        except requests.RequestException as exc:
            checks.append(Check(f"{name} {key}", FAIL, f"{_host(url)} unreachable ({type(exc).__name__})"))
    return checks


def check_paths(clients, name: str, declare) -> list[Check]:
    """Where a subflow's files are: each path, glob or template it declares, resolved against storage
    (relative ones under the root, absolute ones where they are)."""
    if declare is None:
        return []
    now = datetime.now(UTC)
    try:
        declared = declare(clients, RunInfo(now.date(), clients.settings.env, now.isoformat(timespec="seconds")))
    except Exception as exc:  # noqa: BLE001 - its settings check already says why
        return [Check(f"{name} paths", FAIL, f"not resolved ({type(exc).__name__})")]
    paths = [clients.storage.describe(p) for p in declared.paths()]
    return [Check(f"{name} paths", OK, ", ".join(paths) if paths else "none in storage")]


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def _auth() -> dict:
    key = os.environ.get("PREFECT_API_KEY")
    return {"Authorization": f"Bearer {key}"} if key else {}
