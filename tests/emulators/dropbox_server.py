"""HTTP layer of the Dropbox emulator: route dispatch, auth, the OAuth token endpoint, faults, control API."""

from __future__ import annotations

import json
import math
import sys
import time
import traceback
import uuid
from urllib.parse import parse_qs, urlsplit

from tests.emulators import dropbox_routes as reads
from tests.emulators import dropbox_writes as writes
from tests.emulators.dropbox_routes import RouteError
from tests.emulators.dropbox_store import BadRequest
from tests.emulators.http_base import EmulatorHandler

ROUTES = {
    "files/get_metadata": ("rpc", reads.get_metadata),
    "files/download": ("download", reads.download),
    "files/list_folder": ("rpc", reads.list_folder),
    "files/list_folder/continue": ("rpc", reads.list_folder_continue),
    "files/upload": ("upload", writes.upload),
    "files/upload_session/start": ("upload", writes.session_start),
    "files/upload_session/append_v2": ("upload", writes.session_append),
    "files/upload_session/finish": ("upload", writes.session_finish),
    "files/delete_v2": ("rpc", writes.delete),
    "files/move_v2": ("rpc", writes.relocate(keep_source=False)),
    "files/copy_v2": ("rpc", writes.relocate(keep_source=True)),
    "files/create_folder_v2": ("rpc", writes.create_folder),
    "files/list_revisions": ("rpc", writes.list_revisions),
    "users/get_current_account": ("rpc", lambda store, arg, body: (ACCOUNT, None)),
}
RPC_TYPES = ("application/json", "application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack")
ACCOUNT = {
    "account_id": "dbid:AAD" + "e" * 32,
    "email": "vtasks@example.com",
    "email_verified": True,
    "name": {
        "given_name": "V",
        "surname": "Tasks",
        "familiar_name": "V",
        "display_name": "V Tasks",
        "abbreviated_name": "VT",
    },
    "disabled": False,
    "locale": "en",
    "referral_link": "https://db.tt/emulator",
    "is_paired": False,
    "account_type": {".tag": "basic"},
    "country": "ES",
    "root_info": {".tag": "user", "root_namespace_id": "3235641", "home_namespace_id": "3235641"},
}


class Handler(EmulatorHandler):
    """One request; `self.server.emulator` holds the store, faults, counters and tokens."""

    server_version = "DropboxEmulator/1"

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/__emulator__/counters":
            return self.send_json(200, self.server.emulator.counts())
        self.send_text(404, "Unknown endpoint")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urlsplit(self.path).path
        if path.startswith("/__emulator__/"):
            return self.control(path.rsplit("/", 1)[1], body)
        route = "oauth2/token" if path == "/oauth2/token" else path[3:] if path.startswith("/2/") else None
        if route not in ROUTES and route != "oauth2/token":
            return self.send_text(404, "Unknown endpoint")
        emulator = self.server.emulator
        emulator.count_call(route)
        time.sleep(emulator.latency_s)
        fault = emulator.faults.take(route)
        if fault and self.apply_fault(fault):
            return
        response = self.issue_token(body) if route == "oauth2/token" else self.dispatch(route, body)
        if fault and fault.drop_after:
            return self.drop_connection()  # the call took effect but the client never hears so
        try:
            self.send_bytes(*response)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) while we were slow on purpose

    def apply_fault(self, fault) -> bool:
        """Sleep, drop or answer with an error status; False means continue normally."""
        time.sleep(fault.latency_s)
        if fault.drop_connection:
            self.drop_connection()
            return True
        if fault.status == 429:
            # Whole seconds: the SDK decodes retry_after as UInt64 and would choke on a fraction.
            retry_after = 1 if fault.retry_after is None else math.ceil(fault.retry_after)
            self.send_bytes(
                *as_json(
                    429,
                    {
                        "error_summary": "too_many_requests/",
                        "error": {"reason": {".tag": "too_many_requests"}, "retry_after": retry_after},
                    },
                    {"Retry-After": str(retry_after)},
                )
            )
            return True
        if fault.status:
            self.send_bytes(*as_text(fault.status, f"emulated HTTP {fault.status}"))
            return True
        return False

    def dispatch(self, route: str, body: bytes) -> tuple:
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:]:
            return as_text(
                400,
                f'Error in call to API function "{route}": Must provide HTTP header '
                '"Authorization" or URL parameter "authorization".',
            )
        problem = self.server.emulator.tokens.check(auth[7:])
        if self.server.emulator.echo_credentials and auth[7:] not in self.server.emulator.tokens.issued:
            # A leaky API that names the credential it refuses: what masking must catch.
            return as_json(
                401,
                {
                    "error_summary": f"invalid_access_token/ invalid token {auth[7:]}",
                    "error": {".tag": "invalid_access_token"},
                },
                {"WWW-Authenticate": "Dropbox-API"},
            )
        if problem:
            return as_json(
                401, {"error_summary": f"{problem}/", "error": {".tag": problem}}, {"WWW-Authenticate": "Dropbox-API"}
            )
        style, handler = ROUTES[route]
        try:
            arg = self.parse_arg(route, style, body)
            self.server.emulator.count_path(route, arg)
            with self.server.emulator.store.lock:
                result, payload = handler(self.server.emulator.store, arg, body)
        except RouteError as error:
            return as_json(409, error.body)
        except BadRequest as error:
            return as_text(400, f'Error in call to API function "{route}": {error}')
        except KeyError as error:
            return as_text(
                400, f'Error in call to API function "{route}": request body: missing required field {error}'
            )
        except Exception:  # an emulator bug: say so loudly instead of looking like a flaky server
            traceback.print_exc(file=sys.stderr)
            return as_text(500, "emulator error")
        if style == "download":
            # Header JSON must be ASCII-only; json.dumps escapes non-ASCII as \\uXXXX like Dropbox does.
            headers = {"Dropbox-API-Result": json.dumps(result), "ETag": f'W/"{result["rev"]}"'}
            return 200, payload, "application/octet-stream", headers
        return as_json(200, result)

    def parse_arg(self, route: str, style: str, body: bytes) -> dict:
        if style == "rpc":
            if self.headers.get("Content-Type") not in RPC_TYPES:
                raise BadRequest(f'Bad HTTP "Content-Type" header: {self.headers.get("Content-Type")!r}.')
            raw = body.decode("utf-8")
        else:
            raw = self.headers.get("Dropbox-API-Arg", "")
        try:
            arg = json.loads(raw)
        except ValueError:
            raise BadRequest("could not decode input as JSON") from None
        return arg if isinstance(arg, dict) else {}

    def issue_token(self, body: bytes) -> tuple:
        form = {k: v[0] for k, v in parse_qs(body.decode("ascii")).items()}
        if form.get("grant_type") != "refresh_token":
            return as_json(400, {"error": "unsupported_grant_type", "error_description": "refresh_token only"})
        if not form.get("client_id"):
            return as_json(400, {"error": "invalid_request", "error_description": "No client_id"})
        tokens = self.server.emulator.tokens
        token = tokens.issue(form.get("refresh_token", ""))
        if token is None:
            return as_json(400, {"error": "invalid_grant", "error_description": "refresh token is malformed"})
        return as_json(200, {"access_token": token, "token_type": "bearer", "expires_in": tokens.lifetime_s})

    def control(self, action: str, body: bytes) -> None:
        emulator = self.server.emulator
        if action == "faults":
            try:
                spec = json.loads(body or b"[]")
                for item in spec if isinstance(spec, list) else [spec]:
                    emulator.add_fault(item.pop("route"), **item)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                return self.send_text(
                    400,
                    f"expected {{route, status?, retry_after?, latency_s?, "
                    f"drop_connection?, drop_after?, count?}}: {error!r}",
                )
            return self.send_json(200, emulator.faults.pending())
        if action == "reset":
            emulator.reset()
            return self.send_json(200, None)
        if action == "expire_tokens":
            emulator.tokens.expire()
            return self.send_json(200, None)
        self.send_text(404, "Unknown emulator action")

    # -- responses ----------------------------------------------------------------------------
    def send_json(self, status: int, value) -> None:
        self.send_bytes(*as_json(status, value))

    def send_text(self, status: int, text: str) -> None:
        self.send_bytes(*as_text(status, text))

    def send_bytes(self, status: int, data: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Dropbox-Request-Id", uuid.uuid4().hex)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def as_json(status: int, value, headers: dict | None = None) -> tuple:
    # Exactly "application/json": the SDK asserts equality, a charset suffix breaks it.
    return status, json.dumps(value).encode(), "application/json", headers


def as_text(status: int, text: str) -> tuple:
    return status, text.encode(), "text/plain; charset=utf-8", None
