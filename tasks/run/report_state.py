"""Remembers which inputs each report was rendered from, so unchanged reports are not rebuilt."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from tasks.storage.base import Storage

PATH_REPORT_STATE = "_state/reports/{name}.json"
# What a page is made of besides its data: templates, CSS, JS and the report and chart modules.
PATH_RENDERER = Path(__file__).resolve().parents[2] / "reports"
RENDERER_GLOBS = ("*.py", "templates/*")


@functools.cache
def renderer_version(root: Path | None = None) -> str:
    """A digest of the renderer's source files, so an upgrade that changes a page re-renders every page once.

    Read lazily, once per process (not at import); the package version stays in for installs without sources."""
    root = root or PATH_RENDERER
    digest = hashlib.sha256(f"vtasks={version('vtasks')}".encode())
    files = sorted({p for pattern in RENDERER_GLOBS for p in root.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(f"\n{path.relative_to(root).as_posix()}=".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def inputs_digest(storage: Storage, paths: list[str], **extra) -> str:
    """Hash of the inputs' content hashes, the renderer's version and any extra settings (locale)."""
    parts = [f"{p}={storage.metadata(p).content_hash}" for p in sorted(paths)]
    parts += [f"{k}={v}" for k, v in sorted(extra.items())]
    parts.append(f"renderer={renderer_version()}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def report_is_current(storage: Storage, report_path: str, digest: str) -> bool:
    state_path = report_state_path(report_path)
    if not (storage.exists(report_path) and storage.exists(state_path)):
        return False
    return json.loads(storage.read_text(state_path)).get("inputs") == digest


def mark_report_current(storage: Storage, report_path: str, digest: str) -> None:
    storage.write_text(report_state_path(report_path), json.dumps({"report": report_path, "inputs": digest}))


def report_state_path(report_path: str) -> str:
    return PATH_REPORT_STATE.format(name=report_path.replace("/", "__"))
