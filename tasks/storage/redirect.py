"""A requests session that sends every Dropbox https URL (api, content, oauth2/token) to another base URL.

Used with VTASKS_DROPBOX_API_URL to point the official SDK at a local emulator; the SDK's hosts are
fixed at import time and its scheme is always https, so rewriting at the transport is the clean seam.
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


def redirect_session(base_url: str, pool_size: int = 8) -> requests.Session:
    """A session whose https:// traffic goes to `base_url` instead."""
    session = requests.Session()
    # Proxy and CA settings from the environment were meant for the real hosts, not for this target.
    session.trust_env = False
    session.mount("https://", RedirectAdapter(base_url, pool_maxsize=pool_size))
    return session
