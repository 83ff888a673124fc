"""Archive plans applied to a real local storage: moves, never overwriting, dry runs, zips and passwords."""

import io
import zipfile

import pytest

from config.archive import ArchiveSettings, MoveRule, ZipRule
from tasks.archive.apply import apply_archive, archive_plan, describe_plan
from tasks.archive.rules import RuleError
from tasks.storage.local import LocalStorage
from tasks.validation import InputError
from tests.tasks.archive.zipcrypto import encrypted_zip

DATED = MoveRule(
    name="dated",
    folder="documents/inbox",
    subfolders=True,
    pattern=r"{year}_{month}_{day} {text}\.{extension}",
    output="documents/archive/{year}/{name}",
)
SCANS = ZipRule(
    name="scans", folder="documents/inbox", pattern=r"Scans .*\.zip", output="documents/inbox", encrypted=True
)


def settings(rules=(DATED,), zips=(), password=None, roots=("documents",)):
    return ArchiveSettings(roots=list(roots), rules=list(rules), zips=list(zips), zip_password=password)


@pytest.fixture
def storage(tmp_path, vtasks_env):
    store = LocalStorage(tmp_path / "store")
    store.write_text("documents/inbox/2025_03_09 Payslip.pdf", "march payslip")
    store.write_text("documents/inbox/old/2024_12_01 Bill.pdf", "december bill")
    store.write_text("documents/inbox/notes.txt", "not a document")
    return store


def test_moves_matching_files_into_year_folders(storage):
    done = apply_archive(storage, settings())
    assert sorted(done["files"]) == [
        "documents/archive/2024/2024_12_01 Bill.pdf",
        "documents/archive/2025/2025_03_09 Payslip.pdf",
    ]
    assert storage.read_text("documents/archive/2025/2025_03_09 Payslip.pdf") == "march payslip"
    assert storage.list("documents/inbox/**") == ["documents/inbox/notes.txt"]
    assert done["warnings"] == []


def test_never_overwrites_an_existing_file(storage):
    storage.write_text("documents/archive/2025/2025_03_09 Payslip.pdf", "the archived one")
    done = apply_archive(storage, settings())
    assert storage.read_text("documents/archive/2025/2025_03_09 Payslip.pdf") == "the archived one"
    assert storage.read_text("documents/inbox/2025_03_09 Payslip.pdf") == "march payslip"
    assert len(done["warnings"]) == 1 and "target already exists; left in place" in done["warnings"][0]
    assert done["files"] == ["documents/archive/2024/2024_12_01 Bill.pdf"]


def test_two_files_for_one_target_move_only_the_first(storage):
    storage.write_text("documents/inbox/old/2025_03_09 Payslip.pdf", "a second copy")
    done = apply_archive(storage, settings())
    assert storage.read_text("documents/archive/2025/2025_03_09 Payslip.pdf") == "march payslip"
    assert storage.read_text("documents/inbox/old/2025_03_09 Payslip.pdf") == "a second copy"
    assert any("target already exists" in w for w in done["warnings"])


def test_dry_run_lists_moves_and_changes_nothing(storage):
    before = {p: storage.read_bytes(p) for p in storage.list("**")}
    lines = describe_plan(archive_plan(storage, settings()))
    assert lines == [
        "move documents/inbox/2025_03_09 Payslip.pdf -> documents/archive/2025/2025_03_09 Payslip.pdf  (dated)",
        "move documents/inbox/old/2024_12_01 Bill.pdf -> documents/archive/2024/2024_12_01 Bill.pdf  (dated)",
    ]
    assert {p: storage.read_bytes(p) for p in storage.list("**")} == before


def test_rule_escaping_the_root_is_refused_before_anything_moves(storage):
    escaping = MoveRule(name="escape", folder="documents/inbox", pattern=r"{text}\.txt", output="documents/../{name}")
    with pytest.raises(RuleError, match="archive rule 'escape'.*refused"):
        apply_archive(storage, settings(rules=[DATED, escaping]))
    outside = MoveRule(name="outside", folder="../etc", pattern=r"{text}", output="documents/{name}")
    with pytest.raises(RuleError, match="archive rule 'outside': folder: refused"):
        apply_archive(storage, settings(rules=[outside]))
    assert storage.exists("documents/inbox/2025_03_09 Payslip.pdf")


def test_encrypted_zip_is_extracted_then_deleted_and_members_archived(storage):
    members = {"scans/2025_01_05 Receipt.pdf": b"receipt", "../../evil.txt": b"flattened, not escaped"}
    storage.write_bytes("documents/inbox/Scans 2025.zip", encrypted_zip(members, b"s3cret"))
    done = apply_archive(storage, settings(zips=[SCANS], password="s3cret"))
    assert not storage.exists("documents/inbox/Scans 2025.zip")
    assert storage.read_bytes("documents/archive/2025/2025_01_05 Receipt.pdf") == b"receipt"
    assert storage.read_bytes("documents/inbox/evil.txt") == b"flattened, not escaped"
    assert "documents/archive/2025/2025_01_05 Receipt.pdf" in done["files"]


@pytest.mark.parametrize("password", [None, "wrong"])
def test_wrong_or_missing_password_stops_before_any_change(storage, password):
    storage.write_bytes("documents/inbox/Scans 2025.zip", encrypted_zip({"a.pdf": b"x"}, b"s3cret"))
    before = {p: storage.read_bytes(p) for p in storage.list("**")}
    expected = RuleError if password is None else InputError
    with pytest.raises(expected, match="VTASKS_ARCHIVE__ZIP_PASSWORD"):
        apply_archive(storage, settings(zips=[SCANS], password=password))
    assert {p: storage.read_bytes(p) for p in storage.list("**")} == before


def test_member_name_taken_by_other_content_keeps_the_zip(storage):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "other notes")
        archive.writestr("new.txt", "new")
    storage.write_bytes("documents/inbox/Scans 1.zip", buffer.getvalue())
    plain = SCANS.model_copy(update={"encrypted": False})
    done = apply_archive(storage, settings(zips=[plain]))
    assert storage.read_text("documents/inbox/notes.txt") == "not a document"
    assert storage.read_text("documents/inbox/new.txt") == "new"
    assert storage.exists("documents/inbox/Scans 1.zip")
    assert any("zip kept" in w for w in done["warnings"])


def test_garbled_zip_names_the_file(storage):
    storage.write_bytes("documents/inbox/Scans 2.zip", b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"documents/inbox/Scans 2.zip: not a readable zip file"):
        apply_archive(storage, settings(zips=[SCANS.model_copy(update={"encrypted": False})]))
