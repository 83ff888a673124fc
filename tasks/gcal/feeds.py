"""Where calendar feeds come from: their secret iCal address over HTTP, or demo files in storage."""

from __future__ import annotations

from dataclasses import dataclass

import requests
from pydantic import SecretStr

from tasks.retry import (
    NETWORK_ERRORS,
    GaveUp,
    RetryPolicy,
    Transient,
    call_with_retries,
    retried_status,
    transient_answer,
)
from tasks.storage.base import Storage


class FeedError(Exception):
    """A feed could not be fetched. Messages name the calendar, never its (secret) address."""


@dataclass(frozen=True)
class Feed:
    """One fetch: `body` is None when the source says it has not changed since `etag`/`last_modified`."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


class HttpFeeds:
    """GET with a timeout, conditional headers and the shared retry policy (network errors, 429, 5xx)."""

    def __init__(self, policy: RetryPolicy = RetryPolicy(), session=None):
        self.policy = policy
        self.session = session or requests.Session()

    def fetch(self, calendar: str, url: SecretStr, etag: str | None = None, last_modified: str | None = None) -> Feed:
        headers = {"Accept": "text/calendar"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        def attempt() -> requests.Response:
            try:
                response = self.session.get(url.get_secret_value(), headers=headers, timeout=self.policy.timeout_s)
            except NETWORK_ERRORS as exc:
                # The exception text holds the URL, whose path is the secret token: keep only its type.
                raise Transient(type(exc).__name__) from None
            except requests.RequestException as exc:  # a malformed address, too many redirects: no retry helps
                raise FeedError(
                    f"calendar '{calendar}': the request failed ({type(exc).__name__}; check its address)"
                ) from None
            if retried_status(response.status_code):
                raise transient_answer(response, f"HTTP {response.status_code}")
            return response

        try:
            return self._feed(calendar, call_with_retries(self.policy, attempt, f"calendar '{calendar}'"))
        except GaveUp as failed:
            if failed.last.status is not None:
                raise FeedError(f"calendar '{calendar}': the feed answered HTTP {failed.last.status}") from None
            problem = f"no answer after {failed.attempts} tries ({failed.last.problem})"
            raise FeedError(f"calendar '{calendar}': {problem}") from None

    def _feed(self, calendar: str, response: requests.Response) -> Feed:
        if response.status_code == 304:
            return Feed(None, response.headers.get("ETag"), response.headers.get("Last-Modified"))
        if response.status_code != 200:
            hint = " (is the secret address still valid?)" if response.status_code in (401, 403, 404) else ""
            raise FeedError(f"calendar '{calendar}': the feed answered HTTP {response.status_code}{hint}")
        return Feed(response.content, response.headers.get("ETag"), response.headers.get("Last-Modified"))


class StorageFeeds:
    """Demo feeds: `<folder>/<calendar>.ics` in storage; the file's content hash plays the ETag."""

    def __init__(self, storage: Storage, folder: str):
        self.storage, self.folder = storage, folder

    def path(self, calendar: str) -> str:
        return f"{self.folder}/{calendar}.ics"

    def fetch(
        self, calendar: str, url: SecretStr | None = None, etag: str | None = None, last_modified: str | None = None
    ) -> Feed:
        path = self.path(calendar)
        if not self.storage.exists(path):
            raise FeedError(f"calendar '{calendar}': no demo feed at {path} (run `vtasks demo`, or set its url_env)")
        current = self.storage.metadata(path).content_hash
        if etag == current:
            return Feed(None, current)
        return Feed(self.storage.read_bytes(path), current)
