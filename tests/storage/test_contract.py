"""One behaviour contract for every storage backend: local folder and Dropbox (via the emulator)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from tasks.storage import content_hash as content_hash_module
from tasks.storage.base import ConflictError, NotFoundError, StorageError


def hash_of(data: bytes) -> str:
    return content_hash_module.content_hash(data)


def test_bytes_round_trip(storage):
    data = bytes(range(256)) * 10
    result = storage.write_bytes("raw/blob.bin", data)
    assert result.uploaded and result.meta.size == len(data)
    assert storage.read_bytes("raw/blob.bin") == data


def test_text_round_trip_keeps_unicode(storage):
    storage.write_text("notes/día.txt", "añoranza ✓\nline two")
    assert storage.read_text("notes/día.txt") == "añoranza ✓\nline two"
    assert storage.list("notes/*.txt") == ["notes/día.txt"]


def test_parquet_round_trip(storage):
    df = pd.DataFrame({"title": ["Dune", "Emma"], "pages": [412, 474], "read": [True, False]})
    storage.write_parquet("vbooks/books.parquet", df)
    pd.testing.assert_frame_equal(storage.read_parquet("vbooks/books.parquet"), df)


def test_identical_write_is_skipped_and_counted(storage):
    first = storage.write_text("money/report.csv", "a,b\n1,2\n")
    second = storage.write_text("money/report.csv", "a,b\n1,2\n")
    assert first.uploaded and not second.uploaded
    assert second.meta.rev == first.meta.rev
    third = storage.write_text("money/report.csv", "a,b\n1,2\n3,4\n")
    assert third.uploaded and third.meta.rev != first.meta.rev
    assert storage.counts("money") == {"uploads": 2, "skips": 1}


def test_list_matches_patterns(storage):
    for path in ["vbooks/a.parquet", "vbooks/b.parquet", "vbooks/sub/c.parquet", "vbooks/notes.txt", "other/x.txt"]:
        storage.write_text(path, path)
    assert storage.list("vbooks/*.parquet") == ["vbooks/a.parquet", "vbooks/b.parquet"]
    assert storage.list("vbooks/**/*.parquet") == ["vbooks/a.parquet", "vbooks/b.parquet", "vbooks/sub/c.parquet"]
    assert storage.list("*/*.txt") == ["other/x.txt", "vbooks/notes.txt"]
    assert len(storage.list("**")) == 5
    assert storage.list("missing/*.parquet") == []


def test_exists(storage):
    assert not storage.exists("a/b.txt")
    storage.write_text("a/b.txt", "x")
    assert storage.exists("a/b.txt")
    assert not storage.exists("a")  # a folder is not a file


def test_metadata_reports_size_hash_and_new_rev_per_write(storage):
    storage.write_bytes("m/data.bin", b"hello")
    meta = storage.metadata("m/data.bin")
    assert (meta.path, meta.size, meta.content_hash) == ("m/data.bin", 5, hash_of(b"hello"))
    assert isinstance(meta.modified, datetime) and meta.modified.tzinfo is not None
    storage.write_bytes("m/data.bin", b"hello, world")
    after = storage.metadata("m/data.bin")
    assert after.rev != meta.rev and after.content_hash == hash_of(b"hello, world")


def test_copy_move_delete(storage):
    storage.write_text("src/a.txt", "alpha")
    storage.copy("src/a.txt", "dst/a.txt")
    assert storage.read_text("dst/a.txt") == "alpha" and storage.exists("src/a.txt")
    storage.write_text("dst/b.txt", "old")
    storage.copy("src/a.txt", "dst/b.txt")  # copying onto an existing file replaces it
    assert storage.read_text("dst/b.txt") == "alpha"
    storage.move("src/a.txt", "moved/a.txt")
    assert not storage.exists("src/a.txt") and storage.read_text("moved/a.txt") == "alpha"
    with pytest.raises(ConflictError, match="dst/a.txt"):
        storage.move("moved/a.txt", "dst/a.txt")
    storage.delete("moved/a.txt")
    assert not storage.exists("moved/a.txt")
    with pytest.raises(StorageError, match="dst"):
        storage.delete("dst")  # folders are not deleted by a file API


@pytest.mark.parametrize("action", ["read", "metadata", "delete", "move", "copy"])
def test_missing_file_errors_name_the_path(storage, action):
    calls = {
        "read": lambda: storage.read_bytes("nope/missing.txt"),
        "metadata": lambda: storage.metadata("nope/missing.txt"),
        "delete": lambda: storage.delete("nope/missing.txt"),
        "move": lambda: storage.move("nope/missing.txt", "x/y.txt"),
        "copy": lambda: storage.copy("nope/missing.txt", "x/y.txt"),
    }
    with pytest.raises(NotFoundError, match="nope/missing.txt"):
        calls[action]()


def test_write_with_stale_rev_keeps_the_other_writers_content(new_storage):
    mine, theirs = new_storage(), new_storage()
    mine.write_text("shared/state.json", '{"v": 1}')
    _, rev = mine.read_with_rev("shared/state.json")
    theirs.write_text("shared/state.json", '{"v": 2, "by": "them"}')
    with pytest.raises(ConflictError, match="shared/state.json"):
        mine.write_text("shared/state.json", '{"v": 3}', expected_rev=rev)
    assert mine.read_text("shared/state.json") == '{"v": 2, "by": "them"}'
    _, fresh = mine.read_with_rev("shared/state.json")
    assert mine.write_text("shared/state.json", '{"v": 3}', expected_rev=fresh).uploaded


def test_paths_are_case_insensitive_on_dropbox(storage):
    if storage.name != "dropbox":
        pytest.skip("local folders follow the filesystem's case rules")
    storage.write_text("Reports/Summary.TXT", "v1")
    assert storage.read_text("reports/summary.txt") == "v1"
    assert not storage.write_text("REPORTS/summary.txt", "v1").uploaded
    assert storage.list("reports/*.txt") == ["Reports/Summary.TXT"]  # the stored case is preserved
