"""The Indexa Capital API client (token in the `X-AUTH-TOKEN` header) and where its answers come from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from config.indexa import IndexaSettings
from config.subflows import ConfigError
from tasks.demo_options import demo_options
from tasks.http.client import JsonApi
from tasks.http.recorded import RecordedApi, ensure_recorded, uses_recorded
from tasks.indexa.demo import demo_indexa
from tasks.indexa.schema import PATH_ME, PATH_PERFORMANCE
from tasks.storage.base import Storage


@dataclass
class Indexa:
    """Users' accounts and each account's performance; `api` is a JsonApi or a RecordedApi."""

    api: Any
    mode: str  # "live" or "recorded"

    def me(self) -> Any:
        return self.api.get(PATH_ME)

    def performance(self, account: str) -> Any:
        return self.api.get(PATH_PERFORMANCE.format(account=account))


def build_indexa(cfg: IndexaSettings, storage: Storage, profile: str, run_date: date) -> Indexa:
    """Recorded answers (generated from the demo's seed on first use) in the demo profile, else the live API."""
    if uses_recorded(cfg.source, profile):
        opts = demo_options(storage, run_date)
        end = opts["end"]
        ensure_recorded(storage, "indexa", lambda: demo_indexa(opts["seed"], end, opts["years"], opts["scale"]))
        return Indexa(RecordedApi("Indexa", storage, "indexa"), "recorded")
    if cfg.token is None or not cfg.token.get_secret_value():
        raise ConfigError(
            "subflow 'indexa': INDEXA_TOKEN is not set; the live Indexa Capital API needs it "
            "(or set VTASKS_INDEXA__SOURCE=recorded)"
        )
    headers = {"X-AUTH-TOKEN": cfg.token.get_secret_value()}
    return Indexa(JsonApi("Indexa", cfg.api_url, cfg.http, headers=headers), "live")
