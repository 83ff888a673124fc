"""The gspread client: service-account auth, optional redirect to an emulator, the shared retry policy."""

from __future__ import annotations

import json
from functools import partial

import gspread
import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from tasks.retry import GaveUp, RetryPolicy, Transient, call_with_retries, retried_status, retry_after_s
from tasks.sheets.base import SheetsError
from tasks.storage.redirect import redirect_session

SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"]


class RetryingHTTPClient(HTTPClient):
    """gspread's HTTPClient with a timeout and the shared retry policy.

    gspread's own BackOffHTTPClient sleeps up to 128 s per try, never gives up on 5xx, and keeps its
    counter on the class (shared by threads). After the last try the original error is raised, as gspread would.
    """

    def __init__(self, auth, session=None, *, policy: RetryPolicy = RetryPolicy()):
        super().__init__(auth, session)
        self.policy, self.timeout = policy, policy.timeout_s

    def request(self, method: str, endpoint: str, *args, **kwargs) -> requests.Response:
        def attempt() -> requests.Response:
            try:
                return super(RetryingHTTPClient, self).request(method, endpoint, *args, **kwargs)
            except APIError as exc:
                if not retryable(exc):
                    raise
                raise Transient(
                    f"HTTP {exc.response.status_code}",
                    exc.response.status_code,
                    retry_after_s(exc.response.headers.get("Retry-After")),
                ) from exc
            except requests.ConnectTimeout as exc:  # nothing was sent
                raise Transient(type(exc).__name__) from exc
            except (requests.ConnectionError, requests.Timeout) as exc:
                raise Transient(type(exc).__name__) from exc

        try:
            return call_with_retries(self.policy, attempt, f"Google Sheets {method.upper()}")
        except GaveUp as failed:
            raise failed.last.__cause__ from None


def retryable(exc: APIError) -> bool:
    """The shared rule (429, 5xx); also Drive's quota errors, which it sends as 403 with domain usageLimits:
    Google's rate limit in another status."""
    status = exc.response.status_code
    if retried_status(status):
        return True
    details = exc.error.get("errors") if isinstance(exc.error, dict) else None
    return status == 403 and bool(details) and details[0].get("domain") == "usageLimits"


def connect(service_account_json: str | None, api_url: str | None = None, **http_options) -> gspread.Client:
    """A gspread client; with `api_url` every Sheets, Drive and token call goes there instead of Google."""
    http_client = partial(RetryingHTTPClient, **http_options)
    if service_account_json is None:
        if api_url is None:
            raise SheetsError(
                "Google Sheets needs GOOGLE_SERVICE_ACCOUNT_JSON (or VTASKS_SHEETS_API_URL for an emulator)"
            )
        # An emulator needs no auth at all: no token traffic, no key.
        return gspread.Client(auth=None, session=redirect_session(api_url), http_client=http_client)
    credentials = service_account_credentials(service_account_json)
    if api_url is None:
        return gspread.Client(auth=credentials, http_client=http_client)
    from google.auth.transport.requests import AuthorizedSession, Request  # deferred: google-auth loads only when used

    # Token refreshes use their own session; redirect it too so the whole OAuth exchange stays local.
    session = AuthorizedSession(credentials, auth_request=Request(redirect_session(api_url)))
    return gspread.Client(auth=None, session=redirect_session(api_url, session=session), http_client=http_client)


def service_account_credentials(service_account_json: str):
    """Credentials from the service account's JSON text; errors say what is wrong, never the content."""
    from google.oauth2.service_account import Credentials  # deferred: google-auth loads only when used

    try:
        info = json.loads(service_account_json)
    except ValueError:
        raise SheetsError(
            "GOOGLE_SERVICE_ACCOUNT_JSON is not valid JSON (expected a service account key file's content)"
        ) from None
    if not isinstance(info, dict):
        raise SheetsError(
            "GOOGLE_SERVICE_ACCOUNT_JSON is not a JSON object (expected a service account key file's content)"
        )
    missing = [k for k in ("client_email", "private_key", "token_uri") if not info.get(k)]
    if missing:
        raise SheetsError(f"GOOGLE_SERVICE_ACCOUNT_JSON lacks {', '.join(missing)} (expected a service account key)")
    try:
        return Credentials.from_service_account_info(info, scopes=SCOPES)
    except (ValueError, TypeError) as exc:
        raise SheetsError(f"GOOGLE_SERVICE_ACCOUNT_JSON could not be loaded ({type(exc).__name__})") from None
