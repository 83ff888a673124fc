"""Recorded API answers in storage (`_demo/api/<api>.json`, URL path -> JSON), replayed in the demo profile."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tasks.http.client import ApiError
from tasks.storage.base import Storage

PATH_RECORDED = "_demo/api/{api}.json"


class RecordedApi:
    """Answers `get`/`post` like JsonApi, from a recorded file; query and body are ignored on purpose:
    a recording covers the whole range any request might ask for."""

    def __init__(self, name: str, storage: Storage, api: str):
        self.name, self.path = name, PATH_RECORDED.format(api=api)
        self._answers: dict[str, Any] = json.loads(storage.read_text(self.path))

    def __repr__(self) -> str:
        return f"RecordedApi({self.name}, {self.path})"

    def get(self, path: str, params: dict | None = None, headers: dict | None = None) -> Any:
        return self._answer("GET", path)

    def post(self, path: str, data: dict | str | None = None, headers: dict | None = None, signed=None) -> Any:
        return self._answer("POST", path)

    def _answer(self, method: str, path: str) -> Any:
        if path not in self._answers:
            raise ApiError(f"{self.name} {method} {path}: no recorded answer in {self.path}")
        return self._answers[path]


def uses_recorded(source: str, profile: str) -> bool:
    """`recorded`, or `auto` in the demo profile: answers come from storage, not the live API."""
    return source == "recorded" or (source == "auto" and profile == "demo")


def ensure_recorded(storage: Storage, api: str, generate: Callable[[], dict[str, Any]]) -> bool:
    """Write the recording for `api` unless one is there already (a user may drop in real ones)."""
    path = PATH_RECORDED.format(api=api)
    if storage.exists(path):
        return False
    storage.write_text(path, json.dumps(generate(), separators=(",", ":")))
    return True
