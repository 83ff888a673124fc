"""One behaviour contract for every storage backend: local folder and Dropbox (via the emulator)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from tasks.storage import content_hash as content_hash_module
from tasks.storage.base import ConflictError, NotFoundError, StorageError
from tasks.storage.batch import BatchError
from tasks.storage.parquet import parquet_bytes


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
    storage.write_bytes("vbooks/books.parquet", parquet_bytes(df))
    pd.testing.assert_frame_equal(storage.read_parquet("vbooks/books.parquet"), df)


def test_parquet_read_of_some_columns_gives_those_in_the_order_asked(storage):
    df = pd.DataFrame({"title": ["Dune", "Emma"], "pages": [412, 474], "read": [True, False]})
    storage.write_bytes("vbooks/books.parquet", parquet_bytes(df))
    pd.testing.assert_frame_equal(
        storage.read_parquet("vbooks/books.parquet", columns=["read", "title"]), df[["read", "title"]]
    )
    coded = storage.read_parquet("vbooks/books.parquet", columns=["title"], categorical=["title"])["title"]
    assert isinstance(coded.dtype, pd.CategoricalDtype) and coded.astype(str).tolist() == ["Dune", "Emma"]


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


def test_a_refused_write_drops_the_kept_copy_another_writer_changed(new_storage):
    # A run's storage keeps the listings and small files it read; another process's write makes them stale.
    mine, theirs = new_storage(), new_storage()
    mine.write_text("shared/state.json", '{"v": 1}')
    mine.cache_listings()
    _, rev = mine.read_with_rev("shared/state.json")
    theirs.write_text("shared/state.json", '{"v": 2, "by": "them"}')
    with pytest.raises(ConflictError, match="shared/state.json"):
        mine.write_text("shared/state.json", '{"v": 3}', expected_rev=rev)
    data, fresh = mine.read_with_rev("shared/state.json")
    assert data == b'{"v": 2, "by": "them"}'
    assert mine.write_text("shared/state.json", '{"v": 3}', expected_rev=fresh).uploaded


def test_paths_are_case_insensitive_on_dropbox(storage):
    if storage.name != "dropbox":
        pytest.skip("local folders follow the filesystem's case rules")
    storage.write_text("Reports/Summary.TXT", "v1")
    assert storage.read_text("reports/summary.txt") == "v1"
    assert not storage.write_text("REPORTS/summary.txt", "v1").uploaded
    assert storage.list("reports/*.txt") == ["Reports/Summary.TXT"]  # the stored case is preserved


# -- write_many: a batch keeps every guarantee of write_bytes ------------------------------------
def test_write_many_writes_every_file_in_order_then_skips_unchanged(storage):
    files = {f"batch/{i:02d}.txt": f"file {i}".encode() for i in range(20)}
    results = storage.write_many(files)
    assert [r.path for r in results] == list(files) and all(r.uploaded for r in results)
    assert all(storage.read_bytes(path) == data for path, data in files.items())
    again = storage.write_many({**files, "batch/03.txt": b"changed"})
    assert [r.path for r in again if r.uploaded] == ["batch/03.txt"]
    assert again[4].meta.rev == results[4].meta.rev  # a skipped file is left as it was
    assert storage.counts("batch") == {"uploads": 21, "skips": 19}


def test_write_many_counts_per_top_level_folder_and_accepts_an_empty_batch(storage):
    assert storage.write_many({}) == []
    storage.write_many({"one/a.txt": b"a", "two/b.txt": b"b", "two/sub/c.txt": b"c"}, workers=2)
    assert (storage.counts("one"), storage.counts("two")) == ({"uploads": 1, "skips": 0}, {"uploads": 2, "skips": 0})


def test_write_many_stops_at_a_failure_and_names_it(storage):
    """Decided: after a failure no new file starts (as a loop would stop); the error names the failed path
    and lists what was not started; files written before it stay written."""
    storage.write_text("blocked/inner.txt", "a folder now sits at 'blocked'")
    files = {"ok/1.txt": b"1", "ok/2.txt": b"2", "blocked": b"cannot be a file", "ok/3.txt": b"3", "ok/4.txt": b"4"}
    with pytest.raises(BatchError, match=r"1 of 5 files failed: 'blocked'") as raised:
        storage.write_many(files, workers=1)
    assert list(raised.value.failures) == ["blocked"] and raised.value.not_started == ["ok/3.txt", "ok/4.txt"]
    assert [storage.exists(f"ok/{i}.txt") for i in range(1, 5)] == [True, True, False, False]
    assert storage.counts("ok") == {"uploads": 2, "skips": 0}


def test_write_many_on_threads_names_every_failure_and_leaves_no_partial_file(storage):
    storage.write_text("x/inner.txt", "folder")
    storage.write_text("y/inner.txt", "folder")
    files = {"x": b"no", "y": b"no", **{f"ok/{i}.txt": b"%d" % i * 1000 for i in range(12)}}
    with pytest.raises(BatchError) as raised:
        storage.write_many(files, workers=4)
    error = raised.value
    # Both start at once and both fail, unless one failed before a thread picked the other up.
    assert set(error.failures) in ({"x", "y"}, {"x"}, {"y"})
    assert all(f"'{path}'" in str(error) for path in error.failures)
    written = [p for p in files if p not in error.failures and p not in error.not_started]
    assert all(storage.read_bytes(p) == files[p] for p in written)  # whatever was started landed whole
    assert not any(storage.exists(p) for p in error.not_started)


def test_write_many_of_one_file_fails_as_write_bytes_would(storage):
    storage.write_text("solo/inner.txt", "folder")
    with pytest.raises(Exception) as raised:
        storage.write_many({"solo": b"x"})
    assert not isinstance(raised.value, BatchError) and "solo" in str(raised.value)


def test_write_many_refuses_two_spellings_of_one_file_before_writing(storage):
    with pytest.raises(StorageError, match="dup/a.txt"):
        storage.write_many({"first/x.txt": b"1", "dup/a.txt": b"2", "dup//a.txt": b"3"})
    assert not storage.exists("first/x.txt")
