"""Emulator write routes: upload, upload sessions, delete, move, copy, create_folder, list_revisions."""

from __future__ import annotations

import secrets

from tests.emulators.dropbox_routes import RouteError, file_json, folder_json, meta_json, nested
from tests.emulators.dropbox_store import BadRequest, File, PathFailure, Store, hash_content


def check_hash(arg: dict, body: bytes) -> None:
    """The SDK hashes each request's own bytes; a mismatch means the body was damaged on the way."""
    if arg.get("content_hash") is not None and arg["content_hash"] != hash_content(body):
        raise RouteError("content_hash_mismatch", {".tag": "content_hash_mismatch"})


def write_mode(arg: dict) -> dict:
    mode = arg.get("mode", {".tag": "add"})
    if isinstance(mode, str):
        if mode == "update":
            raise BadRequest("mode: expected object for 'update', got symbol")
        return {".tag": mode}
    return mode


def commit(store: Store, arg: dict, data: bytes) -> File:
    return store.commit(
        arg["path"],
        data,
        write_mode(arg),
        autorename=arg.get("autorename", False),
        strict=arg.get("strict_conflict", False),
        client_modified=arg.get("client_modified"),
    )


def upload(store: Store, arg: dict, body: bytes):
    check_hash(arg, body)
    try:
        return file_json(commit(store, arg, body), tagged=False), None
    except PathFailure as failure:
        session = open_session(store, body, closed=True)
        raise RouteError(
            f"path/{failure}", {".tag": "path", "reason": failure.union(), "upload_session_id": session}
        ) from None


def open_session(store: Store, data: bytes, closed: bool) -> str:
    session_id = "pid_upload_session:" + secrets.token_urlsafe(24)
    store.sessions[session_id] = {"data": bytearray(data), "closed": closed}
    return session_id


def session_start(store: Store, arg: dict, body: bytes):
    check_hash(arg, body)
    return {"session_id": open_session(store, body, arg.get("close", False))}, None


def session_append(store: Store, arg: dict, body: bytes):
    session = store.sessions.get(arg["cursor"]["session_id"])
    if session is None:
        raise RouteError("not_found", {".tag": "not_found"})
    if session["closed"]:
        raise RouteError("closed", {".tag": "closed"})
    if arg["cursor"]["offset"] != len(session["data"]):
        raise RouteError("incorrect_offset", {".tag": "incorrect_offset", "correct_offset": len(session["data"])})
    check_hash(arg, body)
    session["data"] += body
    session["closed"] = arg.get("close", False)
    return None, None


def session_finish(store: Store, arg: dict, body: bytes):
    session_id, offset = arg["cursor"]["session_id"], arg["cursor"]["offset"]
    session = store.sessions.get(session_id)
    if session is None:
        raise nested("lookup_failed", PathFailure("not_found"))
    if offset != len(session["data"]):
        raise RouteError(
            "lookup_failed/incorrect_offset",
            {
                ".tag": "lookup_failed",
                "lookup_failed": {".tag": "incorrect_offset", "correct_offset": len(session["data"])},
            },
        )
    check_hash(arg, body)
    try:
        item = commit(store, arg["commit"], bytes(session["data"] + body))
    except PathFailure as failure:
        raise nested("path", failure) from None
    del store.sessions[session_id]
    return file_json(item, tagged=False), None


def delete(store: Store, arg: dict, body: bytes):
    try:
        item = store.lookup(arg["path"])
    except PathFailure as failure:
        raise nested("path_lookup", failure) from None
    if arg.get("parent_rev") and (not isinstance(item, File) or item.rev != arg["parent_rev"]):
        raise nested("path_write", PathFailure("conflict", "file"))
    result = {"metadata": meta_json(item)}
    store.remove(item.path_display.lower())
    return result, None


def relocate(keep_source: bool):
    def route(store: Store, arg: dict, body: bytes):
        try:
            item = store.relocate(arg["from_path"], arg["to_path"], keep_source=keep_source)
        except PathFailure as failure:
            tags = failure.tags
            if len(tags) == 1:
                raise RouteError(tags[0], {".tag": tags[0]}) from None
            raise nested(tags[0], PathFailure(*tags[1:])) from None
        return {"metadata": meta_json(item)}, None

    return route


def create_folder(store: Store, arg: dict, body: bytes):
    try:
        return {"metadata": folder_json(store.create_folder(arg["path"]), tagged=False)}, None
    except PathFailure as failure:
        raise nested("path", failure) from None


def list_revisions(store: Store, arg: dict, body: bytes):
    try:
        lower = store.resolve(arg["path"])
    except PathFailure as failure:
        raise nested("path", failure) from None
    if lower in store.folders:
        raise nested("path", PathFailure("not_file"))
    revs = [f for f in store.revisions.values() if f.path_display.lower() == lower]
    if not revs:
        raise nested("path", PathFailure("not_found"))
    newest = sorted(revs, key=lambda f: int(f.rev, 16), reverse=True)[: arg.get("limit", 10)]
    return {
        "is_deleted": lower not in store.files,
        "entries": [file_json(f, tagged=False) for f in newest],
        "has_more": len(revs) > len(newest),
    }, None
