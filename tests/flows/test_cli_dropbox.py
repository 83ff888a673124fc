"""`vtasks demo` and `vtasks run` against the standalone Dropbox emulator, through the real SDK."""

import requests

from tests.emulators.standalone import standalone_emulator
from tests.flows.test_cli import RUN_DATE, summary_rows, vtasks_cli


def counters(url):
    return requests.get(f"{url}/__emulator__/counters", timeout=5).json()


def test_demo_then_run_then_nothing_to_upload(prefect_api, tmp_path):
    with standalone_emulator("tests.emulators.dropbox_api", "--latency-ms", "1") as url:
        env = {"VTASKS_DROPBOX_API_URL": url, "DROPBOX_ACCESS_TOKEN": "emulated-token"}

        refused = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert refused.returncode == 1, "an empty Dropbox must not be seeded by `run`"
        assert "no workbook at dropbox:/vtasks/sheets/books_data.xlsx" in refused.stdout
        assert counters(url)["files"] == 2, "only the run record and the index were written"

        seeded = vtasks_cli("demo", "--end", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert seeded.returncode == 0 and "dropbox:/vtasks" in seeded.stdout, seeded.stdout + seeded.stderr

        first = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert first.returncode == 0, first.stdout + first.stderr
        assert summary_rows(first.stdout)["vbooks"][4] == "3"  # two parquet files and the report uploaded
        before = counters(url)

        second = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        assert second.returncode == 0, second.stdout + second.stderr
        row = summary_rows(second.stdout)["vbooks"]
        assert (row[4], row[5], row[6]) == ("0", "2", "-")  # nothing uploaded, two unchanged, no report rebuilt
        after = counters(url)
        # Only the bookkeeping changes on a second run: the run record and the index page.
        assert after["uploads"] - before["uploads"] == 2, after
        assert not (tmp_path / "data").exists(), "nothing may be written locally when storage is Dropbox"
