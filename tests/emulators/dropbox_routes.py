"""Emulator read routes (metadata, download, list_folder with cursors) and the JSON shapes of metadata.

Every route takes (store, arg, body) and returns (result, payload bytes or None).
"""

from __future__ import annotations

import random
import secrets

from tests.emulators.dropbox_store import BadRequest, File, Folder, PathFailure, Store

PAGE_DEFAULT = 500


class RouteError(Exception):
    """A 409 route error; `summary` is the tag chain the real server puts in error_summary."""

    def __init__(self, summary: str, error: dict):
        super().__init__(summary)
        # Real summaries end in a random run of dots so clients cannot parse them; neither may ours.
        self.body = {"error_summary": summary + "/" + "." * random.randint(0, 2), "error": error}


def nested(tag: str, failure: PathFailure) -> RouteError:
    return RouteError(f"{tag}/{failure}", {".tag": tag, tag: failure.union()})


def file_json(item: File, tagged: bool = True) -> dict:
    body = {
        "name": item.path_display.rsplit("/", 1)[1],
        "path_lower": item.path_display.lower(),
        "path_display": item.path_display,
        "id": item.id,
        "client_modified": item.client_modified,
        "server_modified": item.server_modified,
        "rev": item.rev,
        "size": len(item.data),
        "is_downloadable": True,
        "content_hash": item.hash,
    }
    return {".tag": "file", **body} if tagged else body


def folder_json(item: Folder, tagged: bool = True) -> dict:
    body = {
        "name": item.path_display.rsplit("/", 1)[1],
        "path_lower": item.path_display.lower(),
        "path_display": item.path_display,
        "id": item.id,
    }
    return {".tag": "folder", **body} if tagged else body


def meta_json(item: File | Folder, tagged: bool = True) -> dict:
    return file_json(item, tagged) if isinstance(item, File) else folder_json(item, tagged)


# -- files -------------------------------------------------------------------------------------
def get_metadata(store: Store, arg: dict, body: bytes):
    try:
        return meta_json(store.lookup(arg["path"])), None
    except PathFailure as failure:
        raise nested("path", failure) from None


def download(store: Store, arg: dict, body: bytes):
    try:
        item = store.lookup(arg["path"])
    except PathFailure as failure:
        raise nested("path", failure) from None
    if not isinstance(item, File):
        raise nested("path", PathFailure("not_file"))
    return file_json(item, tagged=False), item.data


def list_folder(store: Store, arg: dict, body: bytes):
    path = arg.get("path", "")
    if path == "/":
        raise BadRequest('path: Specify the root folder as an empty string rather than as "/".')
    lower = ""
    if path:
        try:
            lower = store.resolve(path)
            if lower in store.files:
                raise PathFailure("not_folder")
            if lower not in store.folders:
                raise PathFailure("not_found")
        except PathFailure as failure:
            raise nested("path", failure) from None
    recursive = arg.get("recursive", False)
    keys = [
        k
        for k in (store.subtree(lower) if lower else sorted((*store.files, *store.folders)))
        if in_scope(k, lower, recursive) or (recursive and k == lower)
    ]
    entries = [meta_json(store.files.get(k) or store.folders[k]) for k in keys]
    state = {
        "path": lower,
        "recursive": recursive,
        "entries": entries,
        "offset": 0,
        "seq": store.seq,
        "limit": arg.get("limit") or PAGE_DEFAULT,
    }
    return next_page(store, state), None


def in_scope(key: str, folder: str, recursive: bool) -> bool:
    if not key.startswith(folder + "/"):
        return False
    return recursive or "/" not in key[len(folder) + 1 :]


def list_folder_continue(store: Store, arg: dict, body: bytes):
    state = store.cursors.get(arg["cursor"])
    if state is None:
        raise RouteError("reset", {".tag": "reset"})
    state = dict(state)
    if state["offset"] >= len(state["entries"]):
        state.update(entries=changes_since(store, state), offset=0, seq=store.seq)
    return next_page(store, state), None


def changes_since(store: Store, state: dict) -> list[dict]:
    """A drained cursor reports what changed since it was issued: Dropbox's sync model."""
    latest = {
        lower: display
        for seq, lower, display in store.changes
        if seq > state["seq"] and in_scope(lower, state["path"], state["recursive"])
    }
    out = []
    for lower, display in sorted(latest.items()):
        item = store.files.get(lower) or store.folders.get(lower)
        out.append(
            meta_json(item)
            if item
            else {".tag": "deleted", "name": display.rsplit("/", 1)[1], "path_lower": lower, "path_display": display}
        )
    return out


def next_page(store: Store, state: dict) -> dict:
    # Every page gets a fresh cursor, so repeating a continue call (a client retry) returns the same page.
    start, end = state["offset"], state["offset"] + state["limit"]
    cursor = "AAH" + secrets.token_urlsafe(30)
    store.cursors[cursor] = {**state, "offset": min(end, len(state["entries"]))}
    return {"entries": state["entries"][start:end], "cursor": cursor, "has_more": end < len(state["entries"])}
