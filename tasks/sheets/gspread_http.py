"""The gspread client: service-account auth, optional redirect to an emulator, bounded retries with backoff."""

from __future__ import annotations

import itertools
import json
import random
import time
from functools import partial

import gspread
import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from tasks.sheets.base import SheetsError
from tasks.storage.redirect import redirect_session

SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"]
RETRY_STATUSES = {408, 429}


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTPClient with a timeout and a bounded retry loop.

    gspread's own BackOffHTTPClient sleeps up to 128 s per try, never gives up on 5xx, and keeps its
    counter on the class (shared by threads); this one caps tries, sleeps and honours Retry-After.
    """

    def __init__(self, auth, session=None, *, timeout_s: float = 30.0, max_retries: int = 4,
                 backoff_s: float = 1.0, backoff_max_s: float = 16.0):
        super().__init__(auth, session)
        self.timeout = timeout_s
        self.max_retries, self.backoff_s, self.backoff_max_s = max_retries, backoff_s, backoff_max_s

    def request(self, method: str, endpoint: str, *args, **kwargs) -> requests.Response:
        for attempt in itertools.count():
            try:
                return super().request(method, endpoint, *args, **kwargs)
            except APIError as exc:
                if attempt >= self.max_retries or not retryable(exc):
                    raise
                retry_after = exc.response.headers.get("Retry-After")
            except requests.ConnectTimeout:
                if attempt >= self.max_retries:
                    raise
                retry_after = None
            except (requests.ConnectionError, requests.Timeout):
                # An append may have landed before the connection broke; repeating it could add the row twice.
                if attempt >= self.max_retries or ":append" in endpoint:
                    raise
                retry_after = None
            time.sleep(self.wait_s(attempt, retry_after))
        raise AssertionError("unreachable")

    def wait_s(self, attempt: int, retry_after: str | None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.backoff_max_s)
        # Jitter keeps concurrent subflows that hit the same quota from retrying in lockstep.
        return min(self.backoff_s * 2**attempt, self.backoff_max_s) * random.uniform(0.5, 1.0)


def retryable(exc: APIError) -> bool:
    """429, 408 and 5xx; also Drive's quota errors, which it sends as 403 with domain usageLimits."""
    status = exc.response.status_code
    if status in RETRY_STATUSES or status >= 500:
        return True
    details = exc.error.get("errors") if isinstance(exc.error, dict) else None
    return status == 403 and bool(details) and details[0].get("domain") == "usageLimits"


def connect(service_account_json: str | None, api_url: str | None = None, **http_options) -> gspread.Client:
    """A gspread client; with `api_url` every Sheets, Drive and token call goes there instead of Google."""
    http_client = partial(RetryingHTTPClient, **http_options)
    if service_account_json is None:
        if api_url is None:
            raise SheetsError("Google Sheets needs GOOGLE_SERVICE_ACCOUNT_JSON (or VTASKS_SHEETS_API_URL for an emulator)")
        # An emulator needs no auth at all: no token traffic, no key.
        return gspread.Client(auth=None, session=redirect_session(api_url), http_client=http_client)
    credentials = service_account_credentials(service_account_json)
    if api_url is None:
        return gspread.Client(auth=credentials, http_client=http_client)
    from google.auth.transport.requests import AuthorizedSession, Request

    # Token refreshes use their own session; redirect it too so the whole OAuth exchange stays local.
    session = AuthorizedSession(credentials, auth_request=Request(redirect_session(api_url)))
    return gspread.Client(auth=None, session=redirect_session(api_url, session=session), http_client=http_client)


def service_account_credentials(service_account_json: str):
    """Credentials from the service account's JSON text; errors say what is wrong, never the content."""
    from google.oauth2.service_account import Credentials

    try:
        info = json.loads(service_account_json)
    except ValueError:
        raise SheetsError("GOOGLE_SERVICE_ACCOUNT_JSON is not valid JSON (expected a service account key file's content)") from None
    if not isinstance(info, dict):
        raise SheetsError("GOOGLE_SERVICE_ACCOUNT_JSON is not a JSON object (expected a service account key file's content)")
    missing = [k for k in ("client_email", "private_key", "token_uri") if not info.get(k)]
    if missing:
        raise SheetsError(f"GOOGLE_SERVICE_ACCOUNT_JSON lacks {', '.join(missing)} (expected a service account key)")
    try:
        return Credentials.from_service_account_info(info, scopes=SCOPES)
    except (ValueError, TypeError) as exc:
        raise SheetsError(f"GOOGLE_SERVICE_ACCOUNT_JSON could not be loaded ({type(exc).__name__})") from None
