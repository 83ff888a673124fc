"""A requests session that sends every https URL to another base URL, keeping path and query.

Used with VTASKS_DROPBOX_API_URL and VTASKS_SHEETS_API_URL to point the official SDKs (dropbox,
gspread and google-auth) at local emulators: their hosts are constants and their scheme is always
https, so rewriting at the transport is the one seam they all share. The APIs' paths do not collide
(`/2/...` and `/oauth2/token` for Dropbox; `/v4/...`, `/drive/v3/...` and `/token` for Google).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter


class RedirectAdapter(HTTPAdapter):
    """Rewrite scheme and host of each request to `base_url`, keeping path and query."""

    def __init__(self, base_url: str, **kwargs):
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"expected a base URL like http://127.0.0.1:8765, got {base_url!r}")
        self.scheme, self.netloc, self.prefix = parts.scheme, parts.netloc, parts.path
        super().__init__(**kwargs)

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        request.url = urlunsplit((self.scheme, self.netloc, self.prefix + parts.path, parts.query, ""))
        return super().send(request, **kwargs)


def redirect_session(base_url: str, pool_size: int = 8, session: requests.Session | None = None) -> requests.Session:
    """A session (a new one, or `session`, e.g. google-auth's AuthorizedSession) whose https:// traffic
    goes to `base_url` instead."""
    session = session if session is not None else requests.Session()
    # Proxy and CA settings from the environment were meant for the real hosts, not for this target.
    session.trust_env = False
    session.mount("https://", RedirectAdapter(base_url, pool_maxsize=pool_size))
    return session
