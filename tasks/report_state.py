"""Remembers which inputs each report was rendered from, so unchanged reports are not rebuilt."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version

from tasks.storage.base import Storage

PATH_REPORT_STATE = "_state/reports/{name}.json"


def inputs_digest(storage: Storage, paths: list[str], **extra) -> str:
    """Hash of the inputs' content hashes, the renderer's version and any extra settings (locale)."""
    parts = [f"{p}={storage.metadata(p).content_hash}" for p in sorted(paths)]
    parts += [f"{k}={v}" for k, v in sorted(extra.items())]
    parts.append(f"vtasks={version('vtasks')}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def report_is_current(storage: Storage, report_path: str, digest: str) -> bool:
    state_path = _state_path(report_path)
    if not (storage.exists(report_path) and storage.exists(state_path)):
        return False
    return json.loads(storage.read_text(state_path)).get("inputs") == digest


def mark_report_current(storage: Storage, report_path: str, digest: str) -> None:
    storage.write_text(_state_path(report_path), json.dumps({"report": report_path, "inputs": digest}))


def _state_path(report_path: str) -> str:
    return PATH_REPORT_STATE.format(name=report_path.replace("/", "__"))
