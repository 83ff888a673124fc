"""config/examples (the 2023 Dropbox layout) on the Dropbox emulator: files outside the root are used where
they are, and a run lists each folder its subflows use once, never the whole Dropbox."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import asdict
from datetime import date

import requests

from flows.registry import DEMO_GENERATORS as GENERATORS
from flows.registry import SUBFLOWS
from tasks.demo import PATH_DEMO_MARKER, DemoOptions
from tasks.sheets.workbook import WorkbookSheets
from tasks.storage.dropbox_storage import DropboxStorage
from tests.emulators.dropbox_api import DropboxEmulator
from tests.emulators.standalone import REPO
from tests.flows.test_cli import RUN_DATE, summary_rows, vtasks_cli

ROOT = "/Aplicaciones/vtasks"  # config/examples/vtasks.yaml
TOKEN = "emulated-token"  # any bearer token satisfies the emulator
# Where the demo household's inputs go in the 2023 layout (the rest, recorded API answers and the
# spreadsheets as workbooks, stays under the root).
MOVES = {
    "battery/export/": "/Aplicaciones/pixel/bmw_history.txt",
    "money_lover/exports/": "/Aplicaciones/expensor/Money Lover/",
    "documents/inbox/": "/Docs/Legal/",
    "vault/": "/Aplicaciones/KeePass/",
}
# Every folder the example's subflows and the run's bookkeeping use, and those that need their subfolders.
LISTED = {
    ROOT,
    f"{ROOT}/_state",
    f"{ROOT}/assets",
    f"{ROOT}/_demo",
    f"{ROOT}/sheets",
    f"{ROOT}/vbooks",
    f"{ROOT}/cryptos",
    f"{ROOT}/cryptos/import",
    f"{ROOT}/indexa",
    f"{ROOT}/vprefect",
    "/aplicaciones/pixel",
    "/aplicaciones/expensor",
    "/aplicaciones/expensor/money lover",
    "/aplicaciones/expensor/reports",
    "/aplicaciones/expensor/assets",
    "/aplicaciones/gcalendar",
    "/docs/legal",
    "/aplicaciones/keepass",
    "/aplicaciones/freefilesync",
}
RECURSIVE = {
    f"{ROOT}/_state",
    f"{ROOT}/_demo",
    "/aplicaciones/pixel",
    "/aplicaciones/expensor/money lover",
    "/aplicaciones/expensor/reports",
    "/docs/legal",
    "/aplicaciones/keepass",
    "/aplicaciones/freefilesync",
}


def moved(path: str) -> str:
    for prefix, target in MOVES.items():
        if path.startswith(prefix):
            return target if not target.endswith("/") else target + path[len(prefix) :]
    return path


def seed_2023_layout(storage: DropboxStorage) -> None:
    """The demo household's inputs where their apps put them, plus files nothing should look at."""
    end = date.fromisoformat(RUN_DATE)
    options = DemoOptions(end=end)
    sheets = WorkbookSheets(storage)
    for generate in GENERATORS.values():
        for target, content in generate(options.seed, end, options.years, options.scale).items():
            storage.write_bytes(moved(target), content) if isinstance(content, bytes) else sheets.write_frames(
                target, content
            )
    storage.write_text(PATH_DEMO_MARKER, json.dumps({**asdict(options), "end": options.end.isoformat()}))
    for path in ("/Photos/2023/IMG_0001.jpg", "/Aplicaciones/Other app/state.json", "/Docs/Other/x.pdf"):
        storage.write_bytes(path, b"not the pipeline's")


def test_examples_run_on_the_2023_layout_listing_only_used_folders(prefect_api, tmp_path):
    with DropboxEmulator() as emu:
        storage = DropboxStorage(ROOT, access_token=TOKEN, api_url=emu.url)
        seed_2023_layout(storage)
        emu.calls.clear()
        emu.paths.clear()
        env = {
            "VTASKS_CONFIG_DIR": str(REPO / "config/examples"),
            "VTASKS_DROPBOX_API_URL": emu.url,
            "DROPBOX_ACCESS_TOKEN": TOKEN,
            "VTASKS_PROFILE": "demo",
        }
        done = vtasks_cli("run", "--date", RUN_DATE, cwd=tmp_path, api_url=prefect_api, extra_env=env)
        counts = requests.get(f"{emu.url}/__emulator__/counters", timeout=5).json()

        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        rows = summary_rows(done.stdout)
        assert {name: r[1] for name, r in rows.items()} == {name: "Completed" for name in SUBFLOWS}, done.stdout
        # Uploads outside the root count to the subflow that made them.
        assert int(rows["battery"][4]) >= 2 and int(rows["gcal"][4]) >= 4, done.stdout

        listings = counts["paths"]["files/list_folder"]
        assert listings == {folder.lower(): 1 for folder in LISTED}, "one listing per used folder, and no other"
        assert set(counts["paths"]["files/list_folder/recursive"]) == {f.lower() for f in RECURSIVE}
        assert set(counts["paths"].get("files/list_folder/continue", {})) <= set(listings)

        fresh = DropboxStorage(ROOT, access_token=TOKEN, api_url=emu.url)
        year = int(RUN_DATE[:4]) - 1
        for path in (
            "/Aplicaciones/pixel/battery.parquet",
            "/Aplicaciones/pixel/battery.html",
            "/Aplicaciones/expensor/transactions.parquet",
            "/Aplicaciones/expensor/expensor.html",
            "/Aplicaciones/gcalendar/calendar.parquet",
            f"/Docs/Legal/{year}/{year}_11_15 Payslip.pdf",
            "cryptos/value.parquet",
            "vprefect/vprefect.html",
            "index.html",
        ):
            assert fresh.exists(path), path
        assert not fresh.exists("/Aplicaciones/pixel/bmw_history.txt"), "the export is deleted once imported"
        assert fresh.list("/Aplicaciones/expensor/reports/**") and fresh.list("/Aplicaciones/KeePass/Backups/*/*")
        assert fresh.read_text("/Photos/2023/IMG_0001.jpg") == "not the pipeline's"

        # Links between the root and the folders outside it resolve in the Dropbox.
        assert 'href="../expensor/expensor.html"' in fresh.read_text("index.html")
        for page in ("/Aplicaciones/pixel/battery.html", "/Aplicaciones/expensor/reports/2026/2026_11.html"):
            src = re.search(r'<script src="([^"]*plotly[^"]*)"', fresh.read_text(page)).group(1)
            assert fresh.exists(posixpath.normpath(posixpath.join(posixpath.dirname(page), src))), (page, src)
