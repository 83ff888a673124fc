"""The emulator speaks Dropbox as the SDK expects: shapes, errors and semantics our backend does not reach."""

from __future__ import annotations

import dropbox
import pytest
import requests
from dropbox import files
from dropbox.exceptions import ApiError

from tasks.storage.base import StorageError
from tasks.storage.redirect import redirect_session


@pytest.fixture
def dbx(emu):
    return dropbox.Dropbox(
        oauth2_access_token="t", session=redirect_session(emu.url), max_retries_on_error=0, max_retries_on_rate_limit=0
    )


def test_content_hash_mismatch_is_rejected(dbx):
    with pytest.raises(ApiError) as raised:
        dbx.files_upload(b"abc", "/x.txt", content_hash="0" * 64)
    assert raised.value.error.is_content_hash_mismatch()


def test_add_mode_conflicts_autorenames_and_ignores_identical_content(dbx):
    first = dbx.files_upload(b"one", "/Dir/a.txt")
    assert dbx.files_upload(b"one", "/dir/A.txt").rev == first.rev
    with pytest.raises(ApiError) as raised:
        dbx.files_upload(b"two", "/dir/a.txt")
    assert raised.value.error.get_path().reason.get_conflict().is_file()
    renamed = dbx.files_upload(b"two", "/dir/a.txt", autorename=True)
    assert renamed.path_display == "/Dir/a (1).txt"


def test_non_ascii_names_survive_the_result_header(dbx):
    dbx.files_upload(b"x", "/Über/naïve.txt")
    md, response = dbx.files_download("/über/NAÏVE.txt")
    assert (md.name, md.path_display, response.content) == ("naïve.txt", "/Über/naïve.txt", b"x")


def test_folders_metadata_and_create_conflict(dbx):
    created = dbx.files_create_folder_v2("/Projects").metadata
    assert isinstance(dbx.files_get_metadata("/projects"), files.FolderMetadata)
    with pytest.raises(ApiError) as raised:
        dbx.files_create_folder_v2("/PROJECTS")
    assert raised.value.error.get_path().get_conflict().is_folder()
    assert created.id == dbx.files_get_metadata("/projects").id


def test_drained_cursor_reports_later_changes(dbx):
    dbx.files_upload(b"1", "/sync/keep.txt")
    dbx.files_upload(b"2", "/sync/gone.txt")
    page = dbx.files_list_folder("/sync")
    assert not page.has_more and {e.name for e in page.entries} == {"keep.txt", "gone.txt"}
    dbx.files_delete_v2("/sync/gone.txt")
    dbx.files_upload(b"3", "/sync/new.txt")
    changes = dbx.files_list_folder_continue(page.cursor).entries
    assert {(type(e).__name__, e.name) for e in changes} == {
        ("DeletedMetadata", "gone.txt"),
        ("FileMetadata", "new.txt"),
    }


def test_revisions_are_kept_newest_first(dbx):
    revs = [dbx.files_upload(body, "/r.txt", mode=files.WriteMode.overwrite).rev for body in (b"a", b"bb", b"ccc")]
    listed = dbx.files_list_revisions("/r.txt")
    assert [e.rev for e in listed.entries] == revs[::-1] and all(len(r) >= 9 for r in revs)
    assert dbx.files_download(f"rev:{revs[0]}")[1].content == b"a"


def test_upload_session_checks_offsets(dbx):
    session = dbx.files_upload_session_start(b"12345").session_id
    with pytest.raises(ApiError) as raised:
        dbx.files_upload_session_append_v2(b"678", files.UploadSessionCursor(session, 3))
    assert raised.value.error.get_incorrect_offset().correct_offset == 5


def test_account_and_missing_auth(dbx, emu):
    assert len(dbx.users_get_current_account().account_id) == 40
    answer = requests.post(f"{emu.url}/2/files/get_metadata", json={"path": "/x"}, timeout=5)
    assert answer.status_code == 400 and "Authorization" in answer.text


def test_malformed_path_error_names_the_path(make_dropbox):
    with pytest.raises(StorageError, match=r"'notes/draft '.*malformed"):
        make_dropbox().write_text("notes/draft ", "x")
