"""Absolute paths next to the root, one listing per folder a run uses, small records read ahead, links and upload
counts across them."""

import pytest

from tasks.storage.base import StorageError, counted_for
from tasks.storage.listings import READ_AHEAD_MAX_BYTES
from tasks.storage.local import LocalStorage
from tasks.storage.paths import TOP, Folder, folders_used, normalize_path, pattern_folder


def list_calls(emu) -> dict[str, int]:
    return emu.counts()["paths"].get("files/list_folder", {})


def test_paths_keep_a_leading_slash_and_refuse_escapes():
    assert normalize_path("/Aplicaciones//pixel/./x.txt") == "/Aplicaciones/pixel/x.txt"
    assert normalize_path("a\\b.txt") == "a/b.txt"
    for bad in ("/", "", "/a/../b", "../a"):
        with pytest.raises(ValueError):
            normalize_path(bad)


@pytest.mark.parametrize(
    "pattern, folder",
    [
        ("battery/export/*.csv", Folder("battery/export")),
        ("money/**", Folder("money", True)),
        ("docs/*/*", Folder("docs", True)),
        ("/Aplicaciones/pixel/bmw_history.txt", Folder("/Aplicaciones/pixel")),
        ("/*.kdbx", Folder(TOP)),
        ("*", Folder("", True)),
        ("index*.html", Folder("")),
    ],
)
def test_a_glob_needs_one_listing(pattern, folder):
    assert pattern_folder(pattern) == folder


def test_folders_used_merges_and_drops_covered_folders():
    used = folders_used(
        [
            "/Docs/Legal/*",
            "/Docs/Legal/{year}/{year}_{month}.pdf",
            "/docs/legal/2024/x.pdf",
            "_state/battery/reminder.json",
            "_state/**",
            "battery/battery.parquet",
            "battery/x.html",
        ]
    )
    assert used == (Folder("/Docs/Legal", True), Folder("_state", True), Folder("battery"))


def test_absolute_paths_live_outside_the_root(new_storage):
    storage = new_storage()
    storage.write_text("/Aplicaciones/pixel/bmw_history.txt", "1")
    storage.write_text("battery/battery.parquet", "2")
    assert storage.list("/Aplicaciones/pixel/*.txt") == ["/Aplicaciones/pixel/bmw_history.txt"]
    assert storage.read_text("/Aplicaciones/pixel/bmw_history.txt") == "1"
    storage.move("/Aplicaciones/pixel/bmw_history.txt", "/Aplicaciones/pixel/old/bmw_history.txt")
    assert storage.list("/Aplicaciones/pixel/**") == ["/Aplicaciones/pixel/old/bmw_history.txt"]
    assert "battery/battery.parquet" in storage.list("**")


def test_dropbox_absolute_paths_are_dropbox_paths(make_dropbox, emu):
    storage = make_dropbox(root="/vtasks")
    storage.write_text("/Docs/Legal/a.pdf", "a")
    storage.write_text("inside.txt", "b")
    assert sorted(emu.store.files) == ["/docs/legal/a.pdf", "/vtasks/inside.txt"]
    assert storage.list("**") == ["inside.txt"], "the root's listing holds only what is under it"
    assert storage.describe("/Docs/Legal/a.pdf") == "dropbox:/Docs/Legal/a.pdf"
    assert storage.link("index.html", "/Docs/Legal/r.html") == "../Docs/Legal/r.html"
    assert storage.link("/Docs/Legal/r.html", "assets/p.js") == "../../vtasks/assets/p.js"


def test_local_storage_maps_absolute_paths_under_its_folder(tmp_path):
    storage = LocalStorage(tmp_path / "data")
    storage.write_text("/Docs/Legal/a.pdf", "a")
    assert (tmp_path / "data/Docs/Legal/a.pdf").read_text() == "a"
    assert storage.describe("/Docs/Legal/a.pdf") == str(tmp_path / "data/Docs/Legal/a.pdf")
    assert storage.link("index.html", "/Docs/Legal/r.html") == "Docs/Legal/r.html"
    with pytest.raises(StorageError):
        storage.write_text("/Docs/../../escape.txt", "x")


def test_each_folder_is_listed_once_when_first_used(make_dropbox, emu):
    seeded = make_dropbox()
    for path in ("a/one.txt", "a/b/two.txt", "/Out/x.txt", "/Out/deep/y.txt", "c/z.txt"):
        seeded.write_text(path, path)
    storage = make_dropbox()
    storage.cache_listings()
    emu.paths.clear()
    metadata_calls = emu.counts()["routes"]["files/get_metadata"]
    assert storage.exists("a/one.txt") and not storage.exists("a/none.txt")
    assert storage.write_text("a/one.txt", "a/one.txt").uploaded is False
    assert list_calls(emu) == {"/vtasks/a": 1}, "the file's folder alone, once"
    assert storage.list("/Out/**") == ["/Out/deep/y.txt", "/Out/x.txt"] and storage.exists("/out/deep/y.txt")
    assert storage.list("a/**") == ["a/b/two.txt", "a/one.txt"] and storage.list("a/b/*") == ["a/b/two.txt"]
    assert list_calls(emu) == {"/vtasks/a": 2, "/out": 1}  # `a` again, now with its subfolders
    assert set(emu.counts()["paths"]["files/list_folder/recursive"]) == {"/vtasks/a", "/out"}
    assert emu.counts()["routes"]["files/get_metadata"] == metadata_calls, "no check asked file by file"


def test_prefetch_lists_folders_at_once_and_skips_covered_ones(make_dropbox, emu):
    seeded = make_dropbox()
    seeded.write_text("x/1.txt", "1")
    seeded.write_text("x/y/2.txt", "2")
    storage = make_dropbox()
    storage.cache_listings()
    emu.paths.clear()
    storage.prefetch([Folder("x", True), Folder("x/y"), Folder("/Missing", True), Folder("x", True)])
    assert list_calls(emu) == {"/vtasks/x": 1, "/missing": 1}
    before = dict(emu.counts()["routes"])
    assert storage.exists("x/y/2.txt") and not storage.exists("/Missing/a.txt") and storage.list("x/y/*")
    assert emu.counts()["routes"] == before


def test_uploads_outside_the_root_count_to_the_subflow_writing_them(new_storage):
    storage = new_storage()
    with counted_for("battery"):
        storage.write_many({"/Aplicaciones/pixel/battery.parquet": b"1", "/Aplicaciones/pixel/battery.html": b"2"})
        storage.write_text("_state/battery/reminder.json", "{}")
    storage.write_text("/Elsewhere/x.txt", "3")
    assert storage.counts("battery")["uploads"] == 2 and storage.counts("_state")["uploads"] == 1
    assert storage.counts("")["uploads"] == 1


def test_prefetch_reads_ahead_small_records_once(make_dropbox, emu):
    seeded = make_dropbox()
    for name in ("a", "b", "c"):
        seeded.write_text(f"_state/runs/{name}.json", name)
    seeded.write_text("_state/other.json", "other")
    seeded.write_bytes("_state/runs/big.json", b"x" * (READ_AHEAD_MAX_BYTES + 1))
    storage = make_dropbox()
    storage.cache_listings()
    downloads = emu.counts()["routes"].get("files/download", 0)
    storage.prefetch([Folder("_state", True)], read_ahead=["_state/runs/*.json", "_state/none.json"])
    assert emu.counts()["routes"]["files/download"] == downloads + 3, "the small run records only"
    assert [storage.read_text(f"_state/runs/{n}.json") for n in ("a", "b", "c")] == ["a", "b", "c"]
    assert emu.counts()["routes"]["files/download"] == downloads + 3, "read from what was read ahead"
    assert (
        storage.read_text("_state/other.json") == "other"
        and len(storage.read_bytes("_state/runs/big.json")) > READ_AHEAD_MAX_BYTES
    )
    assert emu.counts()["routes"]["files/download"] == downloads + 5


def test_read_ahead_files_skips_missing_and_kept_files(make_dropbox, emu):
    seeded = make_dropbox()
    seeded.write_text("v/flow_runs.parquet", "1")
    storage = make_dropbox()
    storage.cache_listings()
    storage.write_text("v/task_runs.parquet", "2")  # written by this run: kept, nothing to download
    downloads = emu.counts()["routes"].get("files/download", 0)
    storage.read_ahead_files(["v/flow_runs.parquet", "v/task_runs.parquet", "v/missing.json"])
    assert emu.counts()["routes"]["files/download"] == downloads + 1
    assert storage.read_text("v/flow_runs.parquet") == "1" and storage.read_text("v/task_runs.parquet") == "2"
    assert emu.counts()["routes"]["files/download"] == downloads + 1
