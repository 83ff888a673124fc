"""A storage with a tree snapshot answers like one without, after its own writes, copies, moves and deletes."""

from datetime import UTC, datetime

import pytest

from tasks.storage.base import ConflictError, FileMeta


def test_snapshot_serves_checks_without_calls(make_dropbox, emu):
    seeded = make_dropbox()
    seeded.write_text("a/one.txt", "1")
    seeded.write_text("a/b/two.txt", "2")
    storage = make_dropbox()
    storage.snapshot_tree()
    before = dict(emu.counts()["routes"])
    assert storage.exists("A/One.txt") and not storage.exists("a/none.txt")
    assert storage.list("a/**") == ["a/b/two.txt", "a/one.txt"]
    assert storage.write_text("a/one.txt", "1").uploaded is False
    assert emu.counts()["routes"] == before  # answered from the snapshot


def test_snapshot_follows_own_changes(new_storage):
    storage = new_storage()
    storage.write_text("x/keep.txt", "k")
    storage.write_text("x/old.txt", "o")
    storage.snapshot_tree()
    storage.write_text("x/new.txt", "n")
    storage.move("x/old.txt", "y/moved.txt")
    storage.copy("x/keep.txt", "y/copy.txt")
    storage.delete("x/keep.txt")
    assert storage.list("**") == ["x/new.txt", "y/copy.txt", "y/moved.txt"]
    assert not storage.exists("x/old.txt") and storage.read_text("y/moved.txt") == "o"
    assert storage.write_text("y/copy.txt", "k").uploaded is False
    fresh = new_storage()
    assert fresh.list("**") == storage.list("**")


def test_stale_revision_still_refused(new_storage):
    storage = new_storage()
    storage.write_text("s.txt", "1")
    _, rev = storage.read_with_rev("s.txt")
    storage.snapshot_tree()
    new_storage().write_text("s.txt", "someone else")  # behind the snapshot's back
    with pytest.raises(ConflictError):
        storage.write_text("s.txt", "mine", expected_rev=rev)


def test_reading_back_own_writes_costs_no_download(make_dropbox, emu):
    storage = make_dropbox()
    storage.snapshot_tree()
    storage.write_text("r/state.json", "{}")
    downloads = emu.counts()["routes"].get("files/download", 0)
    assert storage.read_text("r/state.json") == "{}"
    assert emu.counts()["routes"].get("files/download", 0) == downloads
    storage.move("r/state.json", "r/moved.json")
    assert storage.read_text("r/moved.json") == "{}"  # moved: read from Dropbox again
    assert emu.counts()["routes"].get("files/download", 0) == downloads + 1


def _meta(path: str) -> FileMeta:
    return FileMeta(path, 4, datetime(2026, 1, 1, tzinfo=UTC), f"hash-{path}", f"rev-{path}")


def test_kept_files_past_the_budget_drop_the_least_recently_used(monkeypatch):
    from tasks.storage import snapshot

    monkeypatch.setattr(snapshot, "MAX_KEPT_BYTES", 10)
    tree = snapshot.TreeSnapshot()
    for name in ("a", "b", "c"):
        tree.put(name, _meta(name), name.encode() * 4)  # 4 bytes each: two fit
    assert tree.content("a") is None and tree.content("b") is not None and tree.content("c") is not None
    tree.content("b")  # used: now c is the least recently used
    tree.put("d", _meta("d"), b"dddd")
    assert [n for n in "abcd" if tree.content(n)] == ["b", "d"]
    tree.put("big", _meta("big"), b"x" * (snapshot.MAX_KEPT_FILE_BYTES + 1))
    assert tree.content("big") is None and tree.content("d") is not None, "a file over the per-file limit is not kept"
