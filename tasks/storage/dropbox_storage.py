"""Dropbox storage on the official SDK: safe writes by rev, upload sessions for big files, the shared retry policy."""

from __future__ import annotations

import contextlib
import itertools
from datetime import UTC

import dropbox
import requests
import urllib3
from dropbox import files
from dropbox.exceptions import ApiError, AuthError, BadInputError, HttpError, InternalServerError, RateLimitError
from stone.backends.python_rsrc.stone_validators import ValidationError

from tasks.retry import NETWORK_ERRORS, GaveUp, RetryPolicy, Transient, call_with_retries
from tasks.storage.base import ConflictError, FileMeta, NotFoundError, Storage, StorageError
from tasks.storage.content_hash import content_hash
from tasks.storage.paths import TOP, is_absolute
from tasks.storage.redirect import redirect_session

MiB = 1024 * 1024
# Big uploads need a longer timeout than an API call (as Settings.dropbox_http).
POLICY = RetryPolicy(timeout_s=60.0)
MISSING = {"not_found", "not_folder", "not_file"}
# Connections kept open: a batch (tasks.storage.batch, 8 at a time) in each of two subflows running at
# once. With fewer, requests opens extra connections and throws them away after each call.
CONNECTIONS = 16


class DropboxStorage(Storage):
    """Files under `root` in a Dropbox account, and at absolute Dropbox paths. Case-insensitive, as Dropbox is."""

    name = "dropbox"
    lists_metadata = True

    def __init__(
        self,
        root: str = "/vtasks",
        *,
        access_token: str | None = None,
        refresh_token: str | None = None,
        app_key: str | None = None,
        app_secret: str | None = None,
        api_url: str | None = None,
        policy: RetryPolicy = POLICY,
        upload_chunk_bytes: int = 4 * MiB,
        list_page_limit: int | None = None,
    ):
        super().__init__()
        if not access_token and not (refresh_token and app_key):
            raise ValueError("DropboxStorage needs an access token, or a refresh token and an app key")
        self.root = "/" + root.strip("/") if root.strip("/") else ""
        self.api_url, self.policy = api_url, policy
        self.upload_chunk_bytes, self.list_page_limit = upload_chunk_bytes, list_page_limit
        session = redirect_session(api_url, CONNECTIONS) if api_url else dropbox.create_session(CONNECTIONS)
        # The SDK's own retries are unbounded for 429 and blind to timeouts; _call retries by the shared policy.
        self._dbx = dropbox.Dropbox(
            oauth2_access_token=access_token,
            oauth2_refresh_token=refresh_token,
            app_key=app_key,
            app_secret=app_secret,
            session=session,
            timeout=policy.timeout_s,
            max_retries_on_error=0,
            max_retries_on_rate_limit=0,
        )

    def __repr__(self) -> str:  # never show tokens
        return f"DropboxStorage(root={self.root or '/'!r}, api_url={self.api_url!r})"

    def describe(self, path: str = "") -> str:
        return f"dropbox:{self._full(path) if path else self.root or '/'}"

    def _full(self, path: str) -> str:
        return path if is_absolute(path) else f"{self.root}/{path}"

    def _root_place(self) -> str:
        return self.root

    # -- primitives ---------------------------------------------------------------------------
    def _read(self, path: str) -> tuple[bytes, FileMeta]:
        def fetch():
            md, response = self._dbx.files_download(self._full(path))
            with contextlib.closing(response):
                return md, _body(response)

        md, data = self._call("read", path, fetch)
        if md.content_hash and md.content_hash != content_hash(data):
            raise StorageError("read", path, "downloaded bytes do not match Dropbox's content hash")
        return data, self._to_meta(path, md)

    def _write(self, path: str, data: bytes, expected_rev: str | None) -> FileMeta:
        target = self._full(path)
        mode = files.WriteMode.update(expected_rev) if expected_rev else files.WriteMode.overwrite
        if len(data) <= self.upload_chunk_bytes:
            md = self._call("write", path, lambda: self._dbx.files_upload(data, target, mode=mode, mute=True))
        else:
            md = self._upload_in_session(path, data, files.CommitInfo(path=target, mode=mode, mute=True))
        return self._to_meta(path, md)

    def _meta(self, path: str) -> FileMeta | None:
        try:
            md = self._call("metadata", path, lambda: self._dbx.files_get_metadata(self._full(path)))
        except NotFoundError:
            return None
        return self._to_meta(path, md) if isinstance(md, files.FileMetadata) else None

    def _list(self, prefix: str, recursive: bool = True) -> list[str]:
        return [m.path for m in self._list_meta(prefix, recursive)]

    def _list_meta(self, prefix: str, recursive: bool = True) -> list[FileMeta]:
        """Files in folder `prefix` ("" the root, TOP the Dropbox's top): relative paths under the root
        for a relative `prefix`, absolute ones for an absolute `prefix`, in the case Dropbox stores."""
        folder = "" if prefix == TOP else self._full(prefix) if prefix else self.root
        where = prefix or self.describe()
        try:
            page = self._call(
                "list",
                where,
                lambda: self._dbx.files_list_folder(folder, recursive=recursive, limit=self.list_page_limit),
            )
        except NotFoundError:
            return []
        entries = list(page.entries)
        while page.has_more:
            cursor = page.cursor
            page = self._call("list", where, lambda: self._dbx.files_list_folder_continue(cursor))
            entries += page.entries
        # Slice by length, not by matching text: the root's case on Dropbox may differ from ours.
        cut = 0 if is_absolute(prefix) else len(self.root) + 1
        return [self._to_meta(e.path_display[cut:], e) for e in entries if isinstance(e, files.FileMetadata)]

    def _copy(self, src: str, dst: str) -> None:
        try:
            self._call(
                "copy",
                src,
                lambda: self._dbx.files_copy_v2(self._full(src), self._full(dst)),
                to_path=dst,
                done_if=lambda e: "to" in tag_chain(e) and self._same(src, dst),
            )
        except ConflictError:
            # Dropbox will not copy onto a file; replace it by upload so the target never goes missing.
            self._write(dst, self._read(src)[0], None)

    def _move(self, src: str, dst: str) -> None:
        self._call(
            "move",
            src,
            lambda: self._dbx.files_move_v2(self._full(src), self._full(dst)),
            to_path=dst,
            done_if=lambda e: "from_lookup" in tag_chain(e) and self._meta(dst) is not None,
        )

    def _delete(self, path: str) -> None:
        md = self._call("delete", path, lambda: self._dbx.files_get_metadata(self._full(path)))
        if not isinstance(md, files.FileMetadata):
            raise StorageError("delete", path, "is a folder, expected a file")  # delete_v2 would recurse
        self._call(
            "delete",
            path,
            lambda: self._dbx.files_delete_v2(self._full(path)),
            done_if=lambda e: bool(MISSING & set(tag_chain(e))),
        )

    # -- helpers ------------------------------------------------------------------------------
    def _upload_in_session(self, path: str, data: bytes, commit: files.CommitInfo) -> files.FileMetadata:
        size = self.upload_chunk_bytes
        session = self._call("write", path, lambda: self._dbx.files_upload_session_start(data[:size])).session_id
        offset = size
        while len(data) - offset > size:
            chunk, cursor = data[offset : offset + size], files.UploadSessionCursor(session, offset)
            # A retried append whose first try landed reports the offset just past this chunk.
            self._call(
                "write",
                path,
                lambda: self._dbx.files_upload_session_append_v2(chunk, cursor),
                done_if=lambda e: correct_offset(e) == cursor.offset + len(chunk),
            )
            offset += size
        cursor = files.UploadSessionCursor(session, offset)

        def landed(error: ApiError):
            # A retried finish whose first try committed finds its session gone; check the file itself.
            if "lookup_failed" not in tag_chain(error):
                return None
            with contextlib.suppress(ApiError):
                md = self._dbx.files_get_metadata(commit.path)
                return md if getattr(md, "content_hash", None) == content_hash(data) else None

        return self._call(
            "write", path, lambda: self._dbx.files_upload_session_finish(data[offset:], cursor, commit), done_if=landed
        )

    def _same(self, src: str, dst: str) -> bool:
        a, b = self._meta(src), self._meta(dst)
        return a is not None and b is not None and a.content_hash == b.content_hash

    def _call(self, operation: str, path: str, fn, *, to_path: str | None = None, done_if=None):
        """Run one SDK call; transient failures (network, 429, 5xx) are retried by the shared policy.

        `done_if(api_error)` decides, after a retry, whether an earlier attempt already took effect
        (a timed-out delete that did delete); its truthy result is returned as the call's result.
        """
        tries = itertools.count()

        def attempt():
            retried = next(tries) > 0
            try:
                return fn()
            except ApiError as error:
                done = done_if(error) if retried and done_if else None
                if done:
                    return done
                raise api_failure(operation, path, to_path, error) from None
            except AuthError as error:
                tag = getattr(error.error, "_tag", "unknown")
                raise StorageError(operation, path, f"Dropbox rejected the credentials ({tag})") from None
            except BadInputError as error:
                raise StorageError(operation, path, f"Dropbox rejected the request: {error.message}") from None
            except ValidationError as error:  # the SDK checks arguments before sending anything
                raise StorageError(operation, path, f"not a valid Dropbox argument: {error}") from None
            except RateLimitError as error:  # the SDK read Retry-After (or the body's retry_after) into backoff
                raise Transient("rate limited by Dropbox (HTTP 429)", 429, error.backoff) from None
            except InternalServerError as error:
                raise Transient(f"Dropbox server error (HTTP {error.status_code})", error.status_code) from None
            except requests.Timeout:
                raise Transient(f"no answer within {self.policy.timeout_s:g}s") from None
            except NETWORK_ERRORS as error:
                raise Transient(f"connection failed ({type(error).__name__})") from None
            except HttpError as error:
                raise StorageError(operation, path, f"Dropbox answered HTTP {error.status_code}") from None

        try:
            return call_with_retries(self.policy, attempt, f"{operation} '{path}'")
        except GaveUp as failed:
            raise StorageError(operation, path, str(failed)) from None

    @staticmethod
    def _to_meta(path: str, md: files.FileMetadata) -> FileMeta:
        modified = md.server_modified.replace(tzinfo=UTC)
        return FileMeta(path, md.size, modified, md.content_hash or "", md.rev)


def tag_chain(error: ApiError) -> list[str]:
    """The union tags of a route error, e.g. ['path', 'conflict', 'file'] (upload reasons unwrapped)."""
    tags, value = [], error.error
    while value is not None and hasattr(value, "_tag"):
        tags.append(value._tag)
        value = value._value
        value = getattr(value, "reason", value)  # UploadWriteFailed wraps its WriteError in .reason
    return tags


def correct_offset(error: ApiError) -> int | None:
    found = getattr(error.error, "_value", None)
    return getattr(found, "correct_offset", None)


def api_failure(operation: str, path: str, to_path: str | None, error: ApiError) -> StorageError:
    tags = tag_chain(error)
    chain = "/".join(tags) or "unknown"
    where = to_path if to_path and tags[:1] == ["to"] else path
    if MISSING & set(tags):
        return NotFoundError(operation, where, f"not found in Dropbox ({chain})")
    if "conflict" in tags:
        if operation == "write":
            what = "the file changed since it was read, or something else is in the way"
        else:
            what = "the target already exists"
        return ConflictError(operation, where, f"{what}; nothing was changed (Dropbox: {chain})")
    if "malformed_path" in tags:
        return StorageError(operation, where, f"Dropbox rejected the path as malformed ({chain})")
    return StorageError(operation, where, f"Dropbox refused the request ({chain})")


def _body(response: requests.Response) -> bytes:
    """The whole body as one bytes object. `response.content` joins 10 kB chunks, so it holds the
    file twice at its peak; urllib3 reads a body of known length into one buffer. The response is
    closed right after; errors are mapped to those `response.content` raises, which `_call` retries."""
    try:
        return response.raw.read(decode_content=True)
    except urllib3.exceptions.ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except urllib3.exceptions.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except urllib3.exceptions.SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc
