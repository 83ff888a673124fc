"""Where calendar feeds come from: their secret iCal address over HTTP, or demo files in storage."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import requests
from pydantic import SecretStr

from tasks.storage.base import Storage

RETRIED_STATUS = frozenset({429, 500, 502, 503, 504})
# Network errors, including a connection dropped while the body was read.
RETRIED_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)
MAX_RETRY_AFTER_S = 60.0


class FeedError(Exception):
    """A feed could not be fetched. Messages name the calendar, never its (secret) address."""


@dataclass(frozen=True)
class Feed:
    """One fetch: `body` is None when the source says it has not changed since `etag`/`last_modified`."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


class HttpFeeds:
    """GET with a timeout, conditional headers and bounded retries on network errors, 429 and 5xx."""

    def __init__(self, timeout_s: float = 30.0, retries: int = 4, backoff_s: float = 1.0, session=None):
        self.timeout_s, self.retries, self.backoff_s = timeout_s, retries, backoff_s
        self.session = session or requests.Session()

    def fetch(self, calendar: str, url: SecretStr, etag: str | None = None, last_modified: str | None = None) -> Feed:
        headers = {"Accept": "text/calendar"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self.session.get(url.get_secret_value(), headers=headers, timeout=self.timeout_s)
            except RETRIED_ERRORS as exc:
                # The exception text holds the URL, whose path is the secret token: keep only its type.
                if last:
                    raise FeedError(f"calendar '{calendar}': no answer after {attempt + 1} tries ({type(exc).__name__})") from None
                time.sleep(self._backoff(attempt, None))
                continue
            except requests.RequestException as exc:  # a malformed address, too many redirects: no retry helps
                raise FeedError(f"calendar '{calendar}': the request failed ({type(exc).__name__}; check its address)") from None
            if response.status_code in RETRIED_STATUS and not last:
                time.sleep(self._backoff(attempt, response.headers.get("Retry-After")))
                continue
            return self._feed(calendar, response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _feed(self, calendar: str, response: requests.Response) -> Feed:
        if response.status_code == 304:
            return Feed(None, response.headers.get("ETag"), response.headers.get("Last-Modified"))
        if response.status_code != 200:
            hint = " (is the secret address still valid?)" if response.status_code in (401, 403, 404) else ""
            raise FeedError(f"calendar '{calendar}': the feed answered HTTP {response.status_code}{hint}")
        return Feed(response.content, response.headers.get("ETag"), response.headers.get("Last-Modified"))

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), MAX_RETRY_AFTER_S)  # the server said when; sooner earns another 429
        return self.backoff_s * 2**attempt * random.uniform(0.5, 1.0)


class StorageFeeds:
    """Demo feeds: `<folder>/<calendar>.ics` in storage; the file's content hash plays the ETag."""

    def __init__(self, storage: Storage, folder: str):
        self.storage, self.folder = storage, folder

    def path(self, calendar: str) -> str:
        return f"{self.folder}/{calendar}.ics"

    def fetch(self, calendar: str, url: SecretStr | None = None, etag: str | None = None, last_modified: str | None = None) -> Feed:
        path = self.path(calendar)
        if not self.storage.exists(path):
            raise FeedError(f"calendar '{calendar}': no demo feed at {path} (run `vtasks demo`, or set its url_env)")
        current = self.storage.metadata(path).content_hash
        if etag == current:
            return Feed(None, current)
        return Feed(self.storage.read_bytes(path), current)
