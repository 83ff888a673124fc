"""The indexa subflow on the real Prefect engine, the Indexa Capital API served by a local emulator."""

from datetime import date

import pandas as pd
import pytest

from config.settings import load_settings
from flows.indexa import indexa
from flows.naming import RunInfo
from tasks.clients import build_clients
from tests.emulators.indexa_api import INDEXA_TOKEN, IndexaEmulator


@pytest.fixture
def api(vtasks_env, monkeypatch):
    with IndexaEmulator() as emu:
        monkeypatch.setenv("VTASKS_INDEXA__SOURCE", "live")
        monkeypatch.setenv("VTASKS_INDEXA__API_URL", emu.url)
        monkeypatch.setenv("VTASKS_INDEXA__HTTP__BACKOFF_S", "0.01")
        monkeypatch.setenv("INDEXA_TOKEN", INDEXA_TOKEN)
        yield emu


def run_indexa(day: str):
    return indexa(
        clients=build_clients(load_settings()),
        run=RunInfo(date.fromisoformat(day), "dev", f"{day}T10:00:00"),
        return_state=True,
    )


def performance(work) -> pd.DataFrame:
    return pd.read_parquet(work / "data/indexa/performance.parquet")


def test_accounts_from_users_me_one_row_each_with_the_agreed_columns(prefect_api, api, vtasks_env):
    state = run_indexa("2026-11-22")
    assert state.is_completed(), state.message
    out = performance(vtasks_env)
    assert list(out.columns) == ["month", "account", "invested", "value"]
    assert str(out["month"].dtype).startswith("datetime64")
    expected = [
        [
            pd.Timestamp("2026-11-01"),
            n,
            api.routes[f"/accounts/{n}/performance"]["return"]["investment"],
            api.routes[f"/accounts/{n}/performance"]["return"]["total_amount"],
        ]
        for n in ("DEMO1FND", "DEMO2PEN")
    ]
    assert out.values.tolist() == expected
    assert api.calls["/users/me"] == 1


def test_second_run_replaces_its_month_and_keeps_history(prefect_api, api, vtasks_env, monkeypatch):
    monkeypatch.setenv("VTASKS_INDEXA__ACCOUNTS", '["DEMO1FND"]')  # configured accounts: no /users/me
    assert run_indexa("2026-10-30").is_completed()
    assert run_indexa("2026-11-02").is_completed()
    api.routes["/accounts/DEMO1FND/performance"]["return"]["total_amount"] = 99999.5
    assert run_indexa("2026-11-22").is_completed()
    out = performance(vtasks_env)
    assert out["month"].dt.strftime("%Y-%m").tolist() == ["2026-10", "2026-11"]
    assert out["value"].tolist()[1] == 99999.5 and out["value"].tolist()[0] != 99999.5
    assert api.calls["/users/me"] == 0


def test_bad_answer_fails_naming_source_and_field_and_overwrites_nothing(prefect_api, api, vtasks_env):
    assert run_indexa("2026-11-22").is_completed()
    before = (vtasks_env / "data/indexa/performance.parquet").read_bytes()
    del api.routes["/accounts/DEMO2PEN/performance"]["return"]["investment"]
    state = run_indexa("2026-12-01")
    assert state.is_failed()
    assert "Indexa /accounts/DEMO2PEN/performance: field 'return.investment' missing" in state.message
    assert (vtasks_env / "data/indexa/performance.parquet").read_bytes() == before


def test_live_without_token_fails_naming_the_variable(prefect_api, api, vtasks_env, monkeypatch):
    monkeypatch.delenv("INDEXA_TOKEN")
    state = run_indexa("2026-11-22")
    assert state.is_failed() and "INDEXA_TOKEN is not set" in state.message
    assert sum(api.calls.values()) == 0


def test_demo_profile_replays_recorded_answers(prefect_api, vtasks_env, monkeypatch):
    monkeypatch.delenv("INDEXA_TOKEN", raising=False)
    state = run_indexa("2026-11-22")
    assert state.is_completed(), state.message
    assert (vtasks_env / "data/_demo/api/indexa.json").exists()
    assert performance(vtasks_env)["account"].tolist() == ["DEMO1FND", "DEMO2PEN"]
