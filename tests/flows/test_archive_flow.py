"""The archive subflow on the real Prefect engine over the demo inbox: moves, warnings, never overwriting."""

from datetime import date
from pathlib import Path

from flows.vtasks import vtasks


def archive_result(state):
    summary = state.result(raise_on_failure=False)
    return next(r for r in summary["results"] if r["name"] == "archive")


def test_demo_inbox_is_archived_and_collisions_stay(prefect_api, vtasks_env):
    data = Path(vtasks_env / "data")
    # Seed first, then put a file where the payslip would go: it must survive untouched.
    from config.settings import load_settings
    from flows.registry import DEMO_GENERATORS
    from tasks.clients import build_clients
    from tasks.demo import DemoOptions, seed_demo

    clients = build_clients(load_settings())
    seed_demo(clients.storage, clients.sheets, DemoOptions(end=date(2026, 11, 22)), DEMO_GENERATORS)
    taken = data / "documents/archive/2025/2025_11_15 Payslip.pdf"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"already archived")

    state = vtasks(run_date="2026-11-22", only=["archive"], return_state=True)
    assert state.is_completed(), state.message
    result = archive_result(state)
    assert (data / "documents/bank/2025/2025_11 Extracto.pdf").exists()
    assert (data / "documents/invoices/2025/2025_11 Hosting.pdf").exists()
    assert (data / "documents/taxes/2025/2025 Q4 Modelo 303.pdf").exists()
    assert (data / "documents/archive/2025/2025_02_03 Receipt 3.pdf").exists()  # from the zip
    assert not (data / "documents/inbox/Scans 2025.zip").exists()
    assert taken.read_bytes() == b"already archived"
    assert (data / "documents/inbox/2025_11_15 Payslip.pdf").exists()
    assert sorted(p.name for p in (data / "documents/inbox").iterdir() if p.is_file()) == [
        "2025_02_30 Impossible date.pdf",
        "2025_11_15 Payslip.pdf",
        "IMG_0042.jpg",
        "notes.txt",
    ]
    assert any("2025_11_15 Payslip.pdf" in w and "already exists" in w for w in result["warnings"])
    assert any("no real date" in w for w in result["warnings"])
    assert result["rows"] == 6  # two receipts from the zip, a bill from a subfolder, three by month or quarter

    again = archive_result(vtasks(run_date="2026-11-23", only=["archive"], return_state=True))
    assert again["rows"] == 0 and taken.read_bytes() == b"already archived"
