"""`vtasks archive --dry-run` lists what would move and moves nothing; `vtasks archive` then moves it."""

from tests.flows.test_cli import vtasks_cli


def test_dry_run_then_real_run(tmp_path):
    assert vtasks_cli("demo", "--end", "2026-11-22", cwd=tmp_path, api_url="").returncode == 0
    inbox = tmp_path / "data/documents/inbox"
    before = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "data/documents").rglob("*"))

    dry = vtasks_cli("archive", "--dry-run", cwd=tmp_path, api_url="")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "Dry run, nothing changed" in dry.stdout
    assert "move documents/inbox/Extracto Noviembre 2025.pdf -> documents/bank/2025/2025_11 Extracto.pdf" in dry.stdout
    assert "extract documents/inbox/2025_02_03 Receipt 3.pdf  (from documents/inbox/Scans 2025.zip)" in dry.stdout
    assert "no real date (2025-02-30)" in dry.stdout
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "data/documents").rglob("*")) == before

    done = vtasks_cli("archive", cwd=tmp_path, api_url="")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "data/documents/bank/2025/2025_11 Extracto.pdf").exists()
    assert not (inbox / "Extracto Noviembre 2025.pdf").exists()
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == [
        "2025_02_30 Impossible date.pdf",
        "IMG_0042.jpg",
        "notes.txt",
    ]


def test_bad_rule_is_refused_with_its_name(tmp_path):
    own = tmp_path / "config"
    own.mkdir()
    (own / "archive.yaml").write_text(
        "roots: [documents]\nrules:\n  - name: sneaky\n    folder: documents\n"
        "    pattern: '{text}'\n    output: 'documents/../../{name}'\n"
    )
    refused = vtasks_cli("archive", "--dry-run", cwd=tmp_path, api_url="", extra_env={"VTASKS_CONFIG_DIR": str(own)})
    assert refused.returncode == 1 and "archive rule 'sneaky'" in refused.stdout and "refused" in refused.stdout
