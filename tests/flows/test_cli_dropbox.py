"""`vtasks demo` and `vtasks run` against the standalone Dropbox emulator, through the real SDK."""

import pytest
import requests

from flows.registry import SUBFLOWS
from tasks.demo import BOOKKEEPING
from tasks.storage.dropbox_storage import DropboxStorage
from tests.emulators.standalone import standalone_emulator
from tests.flows.test_cli import RUN_DATE, summary_rows, vtasks_cli

# vprefect exports the run history, which every run extends: its outputs change by design.
CHANGES_EVERY_RUN = {"vprefect"}


def counters(url):
    return requests.get(f"{url}/__emulator__/counters", timeout=5).json()


def revisions(url) -> dict[str, str]:
    """Every file in the emulated Dropbox with its revision, read through our own Dropbox backend."""
    storage = DropboxStorage(access_token="emulated-token", api_url=url)
    return {path: storage.metadata(path).rev for path in storage.list("**")}


@pytest.mark.slow  # three `vtasks` processes on the Dropbox emulator (the 2023-layout one stays quick)
def test_demo_then_run_then_nothing_to_upload(prefect_api, tmp_path):
    with standalone_emulator("tests.emulators.dropbox_api", "--latency-ms", "1") as url:
        env = {"VTASKS_DROPBOX_API_URL": url, "DROPBOX_ACCESS_TOKEN": "emulated-token"}

        refused = vtasks_cli(
            "run", "--only", "vbooks", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env
        )
        assert refused.returncode == 1, "an empty Dropbox must not be seeded by `run`"
        assert "no workbook at dropbox:/vtasks/sheets/books_data.xlsx" in refused.stdout
        assert counters(url)["files"] == 3, "only the run record, the index and its digest were written"

        # The demo profile on Dropbox: recorded API answers instead of live CoinGecko, Indexa, calendars.
        env["VTASKS_PROFILE"] = "demo"
        seeded = vtasks_cli("demo", "--end", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert seeded.returncode == 0 and "dropbox:/vtasks" in seeded.stdout, seeded.stdout + seeded.stderr

        first = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert first.returncode == 0, first.stdout + first.stderr
        rows = summary_rows(first.stdout)
        assert set(rows) == set(SUBFLOWS) and rows["vbooks"][4] == "3", first.stdout  # 2 parquet files, 1 report
        before = revisions(url)

        second = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert second.returncode == 0, second.stdout + second.stderr
        rows = summary_rows(second.stdout)
        assert {name: r[4] for name, r in rows.items() if name not in CHANGES_EVERY_RUN and r[4] != "0"} == {}
        assert {name: r[6] for name, r in rows.items() if name not in CHANGES_EVERY_RUN and r[6] != "-"} == {}
        # Only bookkeeping (run records, the index) and vprefect's export of the run history changed.
        after = revisions(url)
        changed = {p for p in after if before.get(p) != after[p]}
        assert {p for p in changed if not p.startswith((*BOOKKEEPING, *CHANGES_EVERY_RUN))} == set()
        assert len(after) == len(before), "no file appeared or vanished"
        assert not (tmp_path / "data").exists(), "nothing may be written locally when storage is Dropbox"
